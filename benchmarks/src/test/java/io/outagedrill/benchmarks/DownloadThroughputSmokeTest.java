package io.outagedrill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.transfer.DownloadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The benchmark's states and methods work on a small file, without JMH and without timing anything. Isolated: it
 * points the JVM-wide {@code bench.dir} property at its own folder while it runs.
 */
@Isolated
class DownloadThroughputSmokeTest {
    @Test
    void downloadsAndHashesASmallFileFromThreeMirrors(@TempDir Path dir) throws Exception {
        String previous = System.setProperty("bench.dir", dir.toString());
        DownloadThroughputBenchmark bench = new DownloadThroughputBenchmark();
        DownloadThroughputBenchmark.Mirrors mirrors = new DownloadThroughputBenchmark.Mirrors();
        mirrors.size = "16MiB";
        mirrors.chunkSize = "1MiB";
        mirrors.policy = "parallel";
        DownloadThroughputBenchmark.OnDisk onDisk = new DownloadThroughputBenchmark.OnDisk();
        onDisk.size = "16MiB";
        try {
            mirrors.start();
            onDisk.write();
            mirrors.freshFolder();
            DownloadResult result = bench.download(mirrors);
            assertThat(result.size()).isEqualTo(16L << 20);
            assertThat(result.sha256()).isEqualTo(mirrors.manifest.manifest().target().sha256());
            assertThat(Files.size(result.path())).isEqualTo(16L << 20);
            mirrors.deleteResult();
            assertThat(result.path()).doesNotExist();
            assertThat(bench.sha256OfSameBytes(onDisk)).isEqualTo(result.sha256());
        } finally {
            mirrors.stop();
            onDisk.delete();
            if (previous == null) {
                System.clearProperty("bench.dir");
            } else {
                System.setProperty("bench.dir", previous);
            }
        }
        assertThat(mirrors.cdns).isEmpty();
    }

    @Test
    void parsesSizesAndReportsMegabytesPerSecond() {
        assertThat(BenchReport.megabytesPerSecond("256MiB", 1.0)).isEqualTo(268.435456);
        assertThat(BenchReport.megabytesPerSecond("4096", 1.0)).isEqualTo(0.004096);
        assertThat(BenchReport.megabytesPerSecond("1GiB", 1.0)).isEqualTo(1073.741824);
    }
}
