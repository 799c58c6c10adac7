package io.outagedrill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's CPU line: what the download's CPU cost allows on this many cores, against SHA-256. */
class BenchReportSummaryTest {
    private static final BenchReport.Settings DEFAULTS = BenchReport.Settings.parse(new String[0]);

    @Test
    void cpuBoundIsTheFileSpreadOverTheCoresTheDownloadsCpuTimeNeeds() {
        // 1 GiB in 2 s using 4 core-seconds: on 2 cores at most 1073.7 MB / 2 s = 537 MB/s, whatever the schedule.
        BenchReport.Row download = new BenchReport.Row("download", "1GiB", "adaptive", 2.0,
                BenchReport.megabytesPerSecond("1GiB", 2.0), 90, 0, 4.0);
        BenchReport.Row sha = new BenchReport.Row("sha256OfSameBytes", "1GiB", "", 1.0737,
                BenchReport.megabytesPerSecond("1GiB", 1.0737), 18, 0, 1.0);
        BenchReport.Row wire = new BenchReport.Row("wireOnly", "1GiB", "", 0.7,
                BenchReport.megabytesPerSecond("1GiB", 0.7), 20, 0, 1.3);

        String summary = BenchReport.summary(DEFAULTS, List.of(sha, wire, download), 2);

        assertThat(summary)
                .contains("[adaptive] download 537 MB/s, sha256 1000 MB/s, ratio 54% (target 60%: NOT met)")
                .contains("CPU: the download used 4.00 core-seconds per file (servers + loopback + HTTP alone 1.30; "
                        + "one SHA-256 pass 1.00, the client makes two); with all 2 cores busy it could reach at most "
                        + "537 MB/s = 54% of SHA-256");
        assertThat(download.cpuBoundMbPerSecond(4)).isCloseTo(1073.7, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void noCpuLineWhenTheProfilerDidNotMeasureIt() {
        BenchReport.Row download = new BenchReport.Row("download", "1GiB", "parallel", 2.0,
                BenchReport.megabytesPerSecond("1GiB", 2.0), 90, 0, Double.NaN);

        assertThat(BenchReport.summary(DEFAULTS, List.of(download), 2))
                .contains("[parallel] download 537 MB/s, sha256 n/a MB/s")
                .doesNotContain("CPU:");
    }
}
