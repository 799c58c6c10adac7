package io.outagedrill.fakes.http;

import io.outagedrill.client.ByteSize;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.FileOnDisk;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.testing.HeapGrowth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap is capped at 256 MiB for this module's tests (see the pom), so streaming 320 MiB proves the
 * server holds no body in memory; sampling the heap after collections shows no retained growth either. A file on
 * disk is checked by the sampling alone at 128 MiB in the default build (a server holding its body would grow the
 * heap by twice the 64 MiB allowed; publishing and streaming it costs a fraction of a larger file's seconds), and
 * past the heap too with {@code -Doutagedrill.ondisk.size=1GiB}.
 */
// Alone: it measures the JVM's heap, which tests running beside it would change.
@Isolated
class StreamingMemoryTest {
    static final long SIZE = 320L << 20; // more than the whole heap

    @Test
    @Timeout(60)
    void aLargeGeneratedFileStreamsThroughABoundedBuffer() throws Exception {
        GeneratedFile file = GeneratedFile.of("big.bin", SIZE, 5);
        try (FakeCdn cdn = FakeCdn.builder("big.test").host("/big.bin", file).start();
             HttpClient client = HttpClient.newHttpClient()) {
            HeapGrowth heap = HeapGrowth.fromNow();
            URI uri = URI.create("http://" + cdn.address().getAddress().getHostAddress() + ":" + cdn.port() + "/big.bin");
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            HeapGrowth.Drained read = heap.drain(response.body());
            assertThat(read.bytes()).isEqualTo(SIZE);
            assertThat(read.worstGrowth()).as("heap growth while streaming").isLessThan(64L << 20);
            assertThat(read.sha256()).isEqualTo(file.sha256());
            assertThat(cdn.stats().bytesSent("/big.bin")).isEqualTo(SIZE);
        }
    }
    @Test
    @Timeout(120)
    void aFileOnDiskStreamsThroughABoundedBuffer(@TempDir Path dir) throws Exception {
        long size = ByteSize.parse(System.getProperty("outagedrill.ondisk.size", "128MiB"));
        Path path = dir.resolve("disk.iso");
        // Sparse: a file that costs no disk and no time to write, with random blocks spread through it so a
        // read at a wrong offset would change the hash.
        try (RandomAccessFile sparse = new RandomAccessFile(path.toFile(), "rw")) {
            sparse.setLength(size);
            SplittableRandom random = new SplittableRandom(6);
            byte[] block = new byte[4096];
            for (long at = 12_345; at < size - block.length; at += 64L << 20) {
                random.nextBytes(block);
                sparse.seek(at);
                sparse.write(block);
            }
        }
        FileOnDisk file = FileOnDisk.publish(path, "disk.iso", 16L << 20);
        try (FakeCdn cdn = FakeCdn.builder("disk.test").host("/disk.iso", file).start();
             HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()) {
            HeapGrowth heap = HeapGrowth.fromNow();
            URI uri = URI.create("http://" + cdn.address().getAddress().getHostAddress() + ":" + cdn.port() + "/disk.iso");
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            HeapGrowth.Drained read = heap.drain(response.body());
            assertThat(read.bytes()).isEqualTo(size);
            assertThat(read.worstGrowth()).as("heap growth while streaming a file on disk").isLessThan(64L << 20);
            assertThat(read.sha256()).isEqualTo(file.sha256());
        }
    }
}
