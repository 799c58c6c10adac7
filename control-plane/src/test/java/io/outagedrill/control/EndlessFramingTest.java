package io.outagedrill.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mirror (or a status page) that answers with a chunk-size line whose extension never ends: OkHttp reads such a
 * line with no length limit, so within a probe's time limit loopback carried enough of it to fill the routing
 * controller's heap. What a probe or a status read may take besides its content is bounded as the client bounds it.
 */
@Timeout(30)
class EndlessFramingTest {
    /** Far more than any bound: a reader that stops early leaves most of it unsent. */
    private static final long FLOOD = 64L << 20;

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicLong written = new AtomicLong();

    EndlessFramingTest() throws IOException {
    }

    @BeforeEach
    void serve() {
        Thread.ofVirtual().name("endless-framing").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> flood(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aProbeAnsweredWithEndlessFramingFailsWithinABound() {
        byte[] chunk = "chunk".getBytes(StandardCharsets.US_ASCII);
        Mirror mirror = new Mirror("hostile", URI.create(url("/movie.mp4")), 1, "", null);
        Target target = new Target("movie.mp4", chunk.length, Sha256.of(chunk), "video/mp4", chunk.length,
                List.of(Sha256.of(chunk)), List.of(mirror));

        ProbeResult result = new MirrorProber(new OkHttpClient(), Duration.ofSeconds(10), Clock.systemUTC())
                .probe(target, mirror, 0);

        assertThat(result).as("the probe of a mirror whose chunk-size line never ends")
                .isInstanceOfSatisfying(ProbeResult.Failed.class, failed -> assertThat(failed.reason())
                        .contains("bytes of framing without a byte of the body"));
        assertThat(written.get()).as("bytes the mirror got to send (of %d)", FLOOD).isLessThan(16L << 20);
    }

    @Test
    void aStatusPageAnsweredWithEndlessFramingSaysNothingWithinABound() {
        Mirror mirror = new Mirror("hostile", URI.create(url("/movie.mp4")), 1, "", null, URI.create(url("/")));

        var indicator = new StatusReader(new MirrorProber(new OkHttpClient(), Duration.ofSeconds(10),
                Clock.systemUTC()).http(), Duration.ofSeconds(10)).read(mirror);

        assertThat(indicator).as("a status page whose chunk-size line never ends").isEmpty();
        assertThat(written.get()).as("bytes the page got to send (of %d)", FLOOD).isLessThan(16L << 20);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /**
     * A status page's 200 or a chunk's 206, chunked, then "10000;" and an extension of 'a's up to {@link #FLOOD}
     * bytes.
     */
    private void flood(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] head = new byte[8192];
            int n = in.read(head); // the request head (small: one read holds it)
            String status = new String(head, 0, Math.max(n, 0), StandardCharsets.US_ASCII).contains("status.json")
                    ? "200 OK" : "206 Partial Content\r\nContent-Range: bytes 0-4/5";
            out.write(("HTTP/1.1 " + status + "\r\nTransfer-Encoding: chunked\r\n\r\n10000;")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] extension = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            while (written.get() < FLOOD) {
                out.write(extension);
                written.addAndGet(extension.length);
            }
        } catch (IOException cut) {
            // the reader stopped: what it took is in written
        }
    }
}
