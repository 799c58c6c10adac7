package io.outagedrill.fakes.edge;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.testing.HeapGrowth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.outagedrill.fakes.testing.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's tests run with a 256 MiB heap (see the pom), so an edge that kept a 320 MiB body in memory
 * would fail with OutOfMemoryError; sampling the heap after collections shows no retained growth either.
 */
// Alone: it measures the JVM's heap, which tests running beside it would change.
@Isolated
class EdgeMemoryTest {
    static final long SIZE = 320L << 20;

    @Test
    @Timeout(60)
    void aFileLargerThanTheHeapIsFilledToDiskAndServedFromThere() throws Exception {
        GeneratedFile file = GeneratedFile.of("big.bin", SIZE, 8);
        try (FakeCdn origin = FakeCdn.builder("origin.test").host("/big.bin", file).start();
             EdgeCdn edge = EdgeCdn.builder("fastly.test").origin(origin).start();
             HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()) {
            HeapGrowth heap = HeapGrowth.fromNow();
            URI uri = literal(edge.address(), "/big.bin");

            // The miss fills the whole object, then serves the range asked for.
            HttpResponse<byte[]> tail = client.send(HttpRequest.newBuilder(uri).header("Range", "bytes=-65536").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.headers().firstValue("X-Cache")).contains("MISS");
            assertThat(tail.body()).isEqualTo(of(file, SIZE - 65536, 65536));
            long afterFill = heap.now();

            HttpResponse<InputStream> whole = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(whole.headers().firstValue("X-Cache")).contains("HIT");
            HeapGrowth.Drained read = heap.drain(whole.body());
            assertThat(read.bytes()).isEqualTo(SIZE);
            assertThat(read.sha256()).isEqualTo(file.sha256());
            assertThat(Math.max(afterFill, read.worstGrowth())).as("heap growth while filling and serving")
                    .isLessThan(64L << 20);
            assertThat(origin.stats().requests("/big.bin")).isEqualTo(1);
            assertThat(edge.stats()).isEqualTo(new EdgeStats(1, 1, 0, 0, 0));
        }
    }

    private static URI literal(InetSocketAddress at, String path) {
        return URI.create("http://" + at.getAddress().getHostAddress() + ":" + at.getPort() + path);
    }
}
