package io.outagedrill.fakes.http;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.testing.HeapGrowth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap is capped at 256 MiB for this module's tests (see the pom), so streaming 320 MiB proves the
 * server holds no body in memory; sampling the heap after collections shows no retained growth either.
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
}
