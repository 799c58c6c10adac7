package io.outagedrill.fakes.http;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.GeneratedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap is capped at 256 MiB for this module's tests (see the pom), so streaming 320 MiB proves the
 * server holds no body in memory; sampling the heap after collections shows no retained growth either.
 */
class StreamingMemoryTest {
    static final long SIZE = 320L << 20; // more than the whole heap

    @Test
    @Timeout(60)
    void aLargeGeneratedFileStreamsThroughABoundedBuffer() throws Exception {
        GeneratedFile file = GeneratedFile.of("big.bin", SIZE, 5);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (FakeCdn cdn = FakeCdn.builder("big.test").host("/big.bin", file).start();
             HttpClient client = HttpClient.newHttpClient()) {
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            long worst = 0;
            URI uri = URI.create("http://" + cdn.address().getAddress().getHostAddress() + ":" + cdn.port() + "/big.bin");
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long total = 0;
            long nextSample = 64L << 20;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = response.body()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha256.update(buf, 0, n);
                    total += n;
                    if (total >= nextSample) {
                        System.gc();
                        worst = Math.max(worst, memory.getHeapMemoryUsage().getUsed() - baseline);
                        nextSample += 64L << 20;
                    }
                }
            }
            assertThat(total).isEqualTo(SIZE);
            assertThat(worst).as("heap growth while streaming").isLessThan(64L << 20);
            assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(file.sha256());
            assertThat(cdn.stats().bytesSent("/big.bin")).isEqualTo(SIZE);
        }
    }
}
