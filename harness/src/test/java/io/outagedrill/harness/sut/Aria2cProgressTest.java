package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aria2c reports no chunks, so the runner follows the size of the file it writes for a scenario's progress steps.
 * By default it gives a file over 5 MiB its full size before the first byte arrives (preallocation): every
 * {@code atProgress} step of a run with aria2c fired at its start, before any fault could meet a download under way.
 */
class Aria2cProgressTest {
    private static final int SIZE = 8 << 20;
    private static final int FIRST = 1 << 20;

    @TempDir
    Path work;

    @Test
    void theFileGrowsWithTheBytesReceivedNotAllocatedWholeAtTheStart() throws Exception {
        assumeTrue(Tools.find("aria2c").isPresent(), "aria2c is not installed");
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/big.bin", exchange -> {
            exchange.sendResponseHeaders(200, SIZE);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(new byte[FIRST]);
                body.flush();
                firstSent.countDown();
                // Held until the test has looked at the file; bounded, so a failed test leaves no server waiting.
                release.await(30, TimeUnit.SECONDS);
                body.write(new byte[SIZE - FIRST]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:%d/big.bin".formatted(server.getAddress().getPort()));
        DownloadJob job = new DownloadJob("aria2c-progress", List.of(), work.resolve("keys.jwks"),
                Files.writeString(work.resolve("ca.pem"), ""), Map.of(), List.of(url), List.of(url),
                work.resolve("out"), "big.bin", SIZE, "0".repeat(64), "default", Map.of(), Duration.ofSeconds(30),
                null, false);
        SystemUnderTest.RunningDownload download = new Aria2c(Clock.systemUTC()).start(job, o -> {
        });
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> firstSent.getCount() == 0
                    && Files.exists(job.destination()) && Files.size(job.destination()) > 0);
            assertThat(Files.size(job.destination()))
                    .as("the file's size with %d of its %d bytes sent (what the progress steps read)", FIRST, SIZE)
                    .isLessThanOrEqualTo(FIRST);
        } finally {
            release.countDown();
            download.kill();
            download.await();
            server.stop(0);
        }
    }
}
