package io.outagedrill.fakes.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Each toxic's effect on the wire, set up through the official client (so this runs against a real
 * Toxiproxy too). Reads are bounded by SO_TIMEOUT; nothing sleeps to wait.
 */
@org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.parallel.ResourceLock(ToxiproxyTarget.PORTS_BELOW_THE_EPHEMERAL_RANGE)
class ToxicEffectsTest {
    private static ToxiproxyTarget target;
    private static UpstreamServer echo;

    @BeforeAll
    static void startServers() throws IOException {
        target = ToxiproxyTarget.start();
        echo = UpstreamServer.echo();
    }

    @AfterAll
    static void stopServers() throws IOException {
        echo.close();
        target.close();
    }

    @AfterEach
    void cleanUp() throws IOException {
        target.deleteOwnProxies();
    }

    @Test
    void withoutToxicsBytesPassUnchangedBothWays() throws Exception {
        Proxy proxy = target.createProxy("clean", echo.address());
        byte[] payload = Wire.randomBytes(4 * 1024 * 1024, 1);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(payload);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = Wire.readToEnd(socket.getInputStream());
            writer.get(10, TimeUnit.SECONDS);
            assertThat(back).isEqualTo(payload);
        }
    }

    @Test
    void latencyDelaysTheAnswerByAtLeastTheLatency() throws IOException {
        Proxy proxy = target.createProxy("latency", echo.address());
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 300);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            long start = System.nanoTime();
            socket.getOutputStream().write("ping".getBytes());
            assertThat(Wire.readExactly(socket.getInputStream(), 4)).isEqualTo("ping".getBytes());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    /**
     * Latency holds each chunk for its time without capping the rate, as Toxiproxy's 1024-chunk buffer does: the
     * client's 24 MiB all go through (echoed into the held downstream) long before the first byte comes back. With
     * room for only 16 chunks the echo stalled after about a megabyte, and so did the client's writes.
     */
    @Test
    void latencyDelaysTheStreamWithoutCappingItsRate() throws IOException {
        Proxy proxy = target.createProxy("latency-rate", echo.address());
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 20_000);
        byte[] payload = Wire.randomBytes(24 * 1024 * 1024, 3);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(payload);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });

            assertThat(writer).as("the client's 24 MiB written while the latency holds what the echo sends back")
                    .succeedsWithin(Duration.ofSeconds(15));

            assertThat(socket.getInputStream().available()).as("bytes back before the latency passed").isZero();
        }
    }

    @Test
    void latencyWithToxicityZeroNeverApplies() throws IOException {
        Proxy proxy = target.createProxy("latency-off", echo.address());
        Latency latency = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 5_000);
        latency.setToxicity(0f);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            long start = System.nanoTime();
            socket.getOutputStream().write("ping".getBytes());
            assertThat(Wire.readExactly(socket.getInputStream(), 4)).isEqualTo("ping".getBytes());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    void bandwidthCapsThroughput() throws Exception {
        byte[] payload = Wire.randomBytes(300_000, 2);
        try (UpstreamServer source = UpstreamServer.sending(payload)) {
            Proxy proxy = target.createProxy("bandwidth", source.address());
            proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 200); // 200 KB/s: 1.5 s for 300 KB
            try (Socket socket = Wire.connect(proxy.getListen())) {
                long start = System.nanoTime();
                byte[] received = Wire.readToEnd(socket.getInputStream());
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(received).isEqualTo(payload);
                assertThat(payload.length / seconds).as("bytes/s").isLessThan(200_000 * 1.35);
            }
        }
    }

    @Test
    void limitDataClosesAfterThatManyBytes() throws IOException {
        byte[] payload = Wire.randomBytes(10_000, 3);
        try (UpstreamServer source = UpstreamServer.sending(payload)) {
            Proxy proxy = target.createProxy("limit", source.address());
            proxy.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, 1_000);
            try (Socket socket = Wire.connect(proxy.getListen())) {
                byte[] received = Wire.readToEnd(socket.getInputStream());
                assertThat(received).isEqualTo(java.util.Arrays.copyOf(payload, 1_000));
            }
        }
    }

    @Test
    void resetPeerResetsTheConnection() throws IOException {
        Proxy proxy = target.createProxy("reset", echo.address());
        proxy.toxics().resetPeer("rst", ToxicDirection.DOWNSTREAM, 100);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            socket.getOutputStream().write("hello".getBytes());
            InputStream in = socket.getInputStream();
            assertThatThrownBy(() -> in.read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("Connection reset");
        }
    }

    @Test
    void resetPeerUpstreamResetsTheClientToo() throws IOException {
        // Toxiproxy sets SO_LINGER 0 on both sockets, whichever stream the toxic is on: the client must see a
        // TCP reset, not the clean close (read() == -1) it would get from a plain close of its socket.
        Proxy proxy = target.createProxy("reset-up", echo.address());
        proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 100);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            socket.getOutputStream().write("hello".getBytes());
            InputStream in = socket.getInputStream();
            assertThatThrownBy(() -> in.read())
                    .as("expected the client's read to fail with a TCP reset, saw a clean end of stream")
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("Connection reset");
        }
    }

    @Test
    void timeoutZeroIsABlackhole() throws IOException {
        Proxy proxy = target.createProxy("blackhole", echo.address());
        proxy.toxics().timeout("hole", ToxicDirection.DOWNSTREAM, 0);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            socket.setSoTimeout(500);
            socket.getOutputStream().write("anyone?".getBytes());
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    /**
     * A timeout of 0 ends when the server closes its end, as Toxiproxy's does: through it, a server that answers
     * one request and closes (a client that asked for {@code Connection: close}) shows its client an early end, not
     * a hang. A client that never waits out a silence passed a "blackhole" that way.
     */
    @Test
    void timeoutZeroEndsWhenTheServerClosesItsEnd() throws IOException {
        try (UpstreamServer answersAndCloses = UpstreamServer.sending(Wire.randomBytes(256 * 1024, 3))) {
            Proxy proxy = target.createProxy("hole-closing", answersAndCloses.address());
            proxy.toxics().timeout("hole", ToxicDirection.DOWNSTREAM, 0);
            try (Socket socket = Wire.connect(proxy.getListen())) {
                assertThat(readEndOrReset(socket.getInputStream())).as("the end reached the client").isTrue();
            }
        }
    }

    /**
     * A bandwidth of 0 is the blackhole every client meets: it holds the bytes and the server's close alike, so
     * the connection stays open and silent whatever the server does; removed, the held bytes go on, intact, as
     * over a network path that heals.
     */
    @Test
    void bandwidthZeroHoldsTheBytesAndTheServersCloseUntilRemoved() throws IOException {
        byte[] answer = Wire.randomBytes(256 * 1024, 4);
        try (UpstreamServer answersAndCloses = UpstreamServer.sending(answer)) {
            Proxy proxy = target.createProxy("hole-holding", answersAndCloses.address());
            Bandwidth hole = proxy.toxics().bandwidth("hole", ToxicDirection.DOWNSTREAM, 0);
            try (Socket socket = Wire.connect(proxy.getListen())) {
                socket.setSoTimeout(500);
                InputStream in = socket.getInputStream();
                assertThatThrownBy(in::read).as("a byte or the end, through a bandwidth of 0")
                        .isInstanceOf(SocketTimeoutException.class);

                hole.remove();
                socket.setSoTimeout(Wire.READ_TIMEOUT_MILLIS);
                assertThat(Wire.readToEnd(in)).as("the server's answer once the hole is gone").isEqualTo(answer);
            }
        }
    }

    @Test
    void timeoutClosesTheConnectionAfterItsTime() throws IOException {
        Proxy proxy = target.createProxy("timeout", echo.address());
        proxy.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 200);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            long start = System.nanoTime();
            assertThat(readEndOrReset(socket.getInputStream())).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void slicerDeliversInPieces() throws IOException {
        byte[] payload = Wire.randomBytes(200, 4);
        try (UpstreamServer source = UpstreamServer.sending(payload)) {
            Proxy proxy = target.createProxy("slicer", source.address());
            proxy.toxics().slicer("slice", ToxicDirection.DOWNSTREAM, 10, 20_000); // 10 bytes every 20 ms
            try (Socket socket = Wire.connect(proxy.getListen())) {
                InputStream in = socket.getInputStream();
                List<Integer> reads = new ArrayList<>();
                java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
                byte[] buffer = new byte[4096];
                int n;
                long start = System.nanoTime();
                while ((n = in.read(buffer)) >= 0) {
                    reads.add(n);
                    received.write(buffer, 0, n);
                }
                assertThat(received.toByteArray()).isEqualTo(payload);
                assertThat(reads).hasSizeGreaterThanOrEqualTo(5).allSatisfy(size -> assertThat(size).isLessThan(200));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            }
        }
    }

    @Test
    void slowCloseDelaysTheEndOfStream() throws IOException {
        try (UpstreamServer source = UpstreamServer.sending("short".getBytes())) {
            Proxy proxy = target.createProxy("slow-close", source.address());
            proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 500);
            try (Socket socket = Wire.connect(proxy.getListen())) {
                long start = System.nanoTime();
                assertThat(Wire.readToEnd(socket.getInputStream())).isEqualTo("short".getBytes());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            }
        }
    }

    @Test
    void upstreamToxicsActOnWhatTheClientSends() throws Exception {
        Proxy proxy = target.createProxy("upstream-limit", echo.address());
        proxy.toxics().limitData("limit", ToxicDirection.UPSTREAM, 10);
        try (Socket socket = Wire.connect(proxy.getListen())) {
            socket.getOutputStream().write("0123456789abcdef".getBytes());
            byte[] back = Wire.readToEnd(socket.getInputStream());
            assertThat(new String(back)).isEqualTo("0123456789".substring(0, back.length));
            assertThat(back.length).isLessThanOrEqualTo(10);
        }
    }

    /**
     * What {@code ss} says listens on {@code listen}'s port, for a failure message.
     */
    private static String listening(String listen) {
        String port = listen.substring(listen.lastIndexOf(':') + 1);
        try {
            Process ss = new ProcessBuilder("ss", "-ltnp", "sport = :" + port).redirectErrorStream(true).start();
            if (!ss.waitFor(5, TimeUnit.SECONDS)) {
                ss.destroyForcibly();
                return "(ss did not answer)";
            }
            return new String(ss.getInputStream().readAllBytes()).strip();
        } catch (IOException e) {
            return "(ss could not run: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    @Test
    void disabledProxyRefusesConnectionsAndCutsOpenOnes() throws IOException {
        Proxy proxy = target.createProxyOffTheEphemeralRange("down", echo.address());
        String listen = proxy.getListen();
        try (Socket open = Wire.connect(listen)) {
            open.getOutputStream().write("x".getBytes());
            assertThat(open.getInputStream().read()).isEqualTo('x');

            proxy.disable();

            assertThat(readEndOrReset(open.getInputStream())).isTrue();
            // Within a few seconds, not at once: a process started by this JVM at the moment of the disable (a test
            // class running beside this one) holds a copy of the listener's descriptor until its launcher closes it
            // before the exec, since the JDK opens sockets without close-on-exec; until then the kernel still completes
            // connections to the port (then resets them). Measured on JDK 25 with a thread starting `true` in a loop:
            // 821 of 3,000 connects right after a close were accepted, none without it. What listens is named below
            // if a connection is ever still accepted after the wait.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(catchThrowable(
                    () -> Wire.connect(listen).close())).as(() -> "a connection to the disabled proxy's " + listen
                    + "; listening there now: " + listening(listen)).isInstanceOf(ConnectException.class));
        }
        proxy.enable();
        try (Socket again = Wire.connect(listen)) {
            again.getOutputStream().write("y".getBytes());
            assertThat(again.getInputStream().read()).isEqualTo('y');
        }
    }

    @Test
    void timeoutAddedToALiveConnectionStopsDataAndRemovingItClosesTheConnection() throws IOException {
        Proxy proxy = target.createProxy("live", echo.address());
        try (Socket socket = Wire.connect(proxy.getListen())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("before".getBytes());
            assertThat(Wire.readExactly(in, 6)).isEqualTo("before".getBytes());

            Timeout timeout = proxy.toxics().timeout("stop", ToxicDirection.DOWNSTREAM, 0);
            out.write("during".getBytes());
            socket.setSoTimeout(500);
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

            timeout.remove();
            socket.setSoTimeout(Wire.READ_TIMEOUT_MILLIS);
            assertThat(readEndOrReset(in)).isTrue();
        }
    }

    @Test
    void latencyAddedToALiveConnectionAppliesToItsNextBytes() throws IOException {
        Proxy proxy = target.createProxy("live-latency", echo.address());
        try (Socket socket = Wire.connect(proxy.getListen())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write('a');
            assertThat(in.read()).isEqualTo('a');

            Latency latency = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 300);
            long start = System.nanoTime();
            out.write('b');
            assertThat(in.read()).isEqualTo('b');
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            latency.remove();
            out.write('c');
            assertThat(in.read()).isEqualTo('c');
        }
    }

    @Test
    void deletingAProxyReleasesItsPort() throws IOException {
        Proxy proxy = target.createProxyOffTheEphemeralRange("gone", echo.address());
        String listen = proxy.getListen();
        proxy.delete();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> Wire.connect(listen).close()).isInstanceOf(ConnectException.class));
    }

    /** True once the stream ended, by FIN or RST, before the read timeout. */
    private static boolean readEndOrReset(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever was in flight
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
