package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.testing.LoopbackTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's TLS socket over Conscrypt's engine ({@link EngineSocket}), against a TLS server the test drives (the
 * JDK's, another implementation than the one under test): bytes arrive whole and in order, the peer's close and a
 * connection cut without one both end the stream, a silent peer trips the read timeout and the socket stays usable,
 * closing the plain socket beneath (OkHttp's cancel) ends a read that waits without limit, closing the TLS socket ends
 * a read or handshake in progress as closed (never as the peer's end), and every byte read from the network counts
 * against the thread's framing budget.
 */
class EngineSocketTest {
    private final LoopbackTls tls = new LoopbackTls();
    private ServerSocket plainServer;
    private SSLSocketFactory serverTls;
    /** The server's and the reader's threads: their own, as each may wait seconds (the common pool may be one thread). */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        assumeThat(Conscrypts.available()).as("Conscrypt's native library loads here").isTrue();
        plainServer = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"));
        serverTls = serverContext();
    }

    @AfterEach
    void stop() throws IOException {
        threads.shutdownNow();
        if (plainServer != null) {
            plainServer.close();
        }
    }

    @Test
    void bytesWrittenInOddPiecesArriveWholeAndInOrderThenTheEnd() throws Exception {
        byte[] sent = new byte[3 * EngineSocket.NETWORK_READ + 12_345];
        new Random(7).nextBytes(sent);
        CompletableFuture<Void> server = serve(peer -> {
            OutputStream out = peer.getOutputStream();
            for (int at = 0, piece = 1000; at < sent.length; at += piece, piece = piece * 3 % 70_001 + 1) {
                out.write(sent, at, Math.min(piece, sent.length - at));
            }
            peer.close(); // with TLS's close_notify
        });
        try (Socket socket = connect()) {
            byte[] received = socket.getInputStream().readAllBytes();

            assertThat(received).as("%d bytes sent in pieces of varying size, then close_notify", sent.length)
                    .isEqualTo(sent);
        }
        server.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aConnectionCutWithoutClosingTlsEndsTheStreamAfterWhatArrived() throws Exception {
        CompletableFuture<Void> server = serveOverPlain((plain, peer) -> {
            peer.getOutputStream().write("all there was".getBytes(StandardCharsets.US_ASCII));
            peer.getOutputStream().flush();
            plain.close(); // the TCP connection, without TLS's close_notify
        });
        try (Socket socket = connect()) {
            byte[] received = socket.getInputStream().readAllBytes();

            assertThat(new String(received, StandardCharsets.US_ASCII))
                    .as("what came before the cut, then the end of the stream (OkHttp judges a body cut short)")
                    .isEqualTo("all there was");
        }
        server.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSilentPeerTripsTheReadTimeoutAndTheSocketStaysUsable() throws Exception {
        CountDownLatch timedOut = new CountDownLatch(1);
        CompletableFuture<Void> server = serve(peer -> {
            peer.getOutputStream().write(new byte[100]);
            peer.getOutputStream().flush();
            if (!timedOut.await(10, TimeUnit.SECONDS)) { // silent, connection open, until the client has seen it
                throw new IllegalStateException("the client's read never timed out");
            }
            peer.getOutputStream().write("after".getBytes(StandardCharsets.US_ASCII));
            peer.close();
        });
        try (Socket socket = connect()) {
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();

            assertThat(in.readNBytes(100)).as("the bytes sent before the silence").hasSize(100);
            assertThatThrownBy(in::read).as("a read after 100 bytes and then nothing, timeout 200 ms")
                    .isInstanceOf(SocketTimeoutException.class);
            timedOut.countDown();
            socket.setSoTimeout(10_000);
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                    .as("the bytes sent after the timeout, read from the same socket").isEqualTo("after");
        } finally {
            timedOut.countDown();
        }
        server.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closingThePlainSocketBeneathEndsAReadThatWaitsWithoutLimit() throws Exception {
        CountDownLatch clientDone = new CountDownLatch(1);
        CompletableFuture<Void> server = serve(peer -> {
            peer.getOutputStream().write(1);
            peer.getOutputStream().flush();
            clientDone.await(10, TimeUnit.SECONDS); // then silent
        });
        ChannelSocket plain = plainConnected();
        try (Socket socket = tlsOver(plain)) {
            socket.setSoTimeout(0);
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("the one byte before the silence").isEqualTo(1);
            CompletableFuture<Integer> read = waitingForTheNetwork(() -> in.read());
            assertThat(read).as("the read, before the socket beneath is closed").isNotDone();

            plain.close(); // as OkHttp cancels a call: the socket it connected, not the TLS socket on top

            try {
                read.get(5, TimeUnit.SECONDS);
                throw new AssertionError("a read on a closed socket returned instead of failing");
            } catch (TimeoutException stillWaiting) {
                throw new AssertionError("closing the socket beneath did not end the read waiting on it (5 s later)");
            } catch (ExecutionException failed) {
                assertThat(failed.getCause()).as("how the waiting read ended").isInstanceOf(SocketException.class);
            }
        } finally {
            clientDone.countDown();
        }
        server.get(10, TimeUnit.SECONDS);
    }

    /**
     * Closing the TLS socket closes its engine too (which frees the engine's native state); a read then in progress
     * must fail as on a closed socket, never take the closed engine for the peer's close_notify and end the stream
     * as if the body were whole. The plain socket is left open (autoClose off) so that the read is still waiting when
     * the close comes, and wakes to the peer's next bytes.
     */
    @Test
    void aReadInProgressWhenTheSocketIsClosedFailsInsteadOfEndingTheStream() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        CompletableFuture<Void> server = serve(peer -> {
            peer.getOutputStream().write(1);
            peer.getOutputStream().flush();
            if (clientClosed.await(10, TimeUnit.SECONDS)) {
                peer.getOutputStream().write(new byte[100]); // wakes the client's read
                peer.getOutputStream().flush();
            }
        });
        try (ChannelSocket plain = plainConnected()) {
            Socket socket = new EngineSockets(clientContext()).createSocket(plain, "127.0.0.1",
                    plainServer.getLocalPort(), false);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("the one byte before the close").isEqualTo(1);
            CompletableFuture<Integer> read = waitingForTheNetwork(() -> in.read());

            socket.close();
            clientClosed.countDown();

            try {
                int got = read.get(10, TimeUnit.SECONDS);
                throw new AssertionError("a read in progress on a socket closed meanwhile returned " + got
                        + " (-1: the end of the stream) instead of failing");
            } catch (ExecutionException failed) {
                assertThat(failed.getCause()).as("how the read in progress ended").isInstanceOf(SocketException.class);
            }
        } finally {
            clientClosed.countDown();
        }
        server.get(10, TimeUnit.SECONDS);
    }

    /** As a read: a handshake waiting for the server when the socket is closed fails as closed, not as the server's. */
    @Test
    void aHandshakeInProgressWhenTheSocketIsClosedFailsAsClosed() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        CompletableFuture<Void> server = serveOverPlain((plain, peer) -> { }, clientClosed);
        try (ChannelSocket plain = plainConnected()) {
            SSLSocket socket = (SSLSocket) new EngineSockets(clientContext()).createSocket(plain, "127.0.0.1",
                    plainServer.getLocalPort(), false);
            socket.setSoTimeout(10_000);
            CompletableFuture<Void> handshake = waitingForTheNetwork(() -> {
                socket.startHandshake();
                return null;
            });

            socket.close();
            clientClosed.countDown(); // the server's handshake goes out now, and wakes the client's

            try {
                handshake.get(10, TimeUnit.SECONDS);
                throw new AssertionError("a handshake on a socket closed meanwhile completed");
            } catch (ExecutionException failed) {
                assertThat(failed.getCause()).as("how the handshake in progress ended")
                        .isExactlyInstanceOf(SocketException.class);
            }
        } finally {
            clientClosed.countDown();
        }
        try {
            server.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException serversHandshakeFailed) {
            // the client's engine was closed: it never finished its side
        }
    }

    @Test
    void everyByteFromTheNetworkCountsAgainstTheThreadsFramingBudget() throws Exception {
        CountDownLatch clientDone = new CountDownLatch(1);
        CompletableFuture<Void> server = serve(peer -> {
            byte[] piece = new byte[64 * 1024];
            try {
                for (int i = 0; i < 64 && clientDone.getCount() > 0; i++) { // 4 MiB at most
                    peer.getOutputStream().write(piece);
                }
            } catch (IOException clientGone) {
                // the client stopped reading and closed
            }
        });
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            ReadBudget.arm(100_000);
            try {
                assertThatThrownBy(() -> in.readNBytes(4 << 20))
                        .as("reading 4 MiB with a budget of 100,000 bytes and no refill")
                        .isInstanceOf(ReadBudget.Exceeded.class);
            } finally {
                ReadBudget.disarm();
                clientDone.countDown();
            }
        }
        server.get(10, TimeUnit.SECONDS);
    }

    /**
     * Options set through the TLS socket reach the connection beneath, and it cannot be connected or bound again: the
     * base socket class answered those calls itself, on a socket of its own that was never connected (a descriptor
     * opened for nothing, the option lost).
     */
    @Test
    void optionsReachTheConnectionBeneathAndItCannotBeConnectedAgain() throws Exception {
        CountDownLatch clientDone = new CountDownLatch(1);
        CompletableFuture<Void> server = serve(peer -> clientDone.await(10, TimeUnit.SECONDS));
        ChannelSocket plain = plainConnected();
        try (Socket socket = tlsOver(plain)) {
            socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            socket.setReuseAddress(true);

            assertThat(plain.getKeepAlive()).as("SO_KEEPALIVE on the connection, set on the TLS socket").isTrue();
            assertThat(plain.getReuseAddress()).as("SO_REUSEADDR on the connection, set on the TLS socket").isTrue();
            assertThat(socket.getOption(StandardSocketOptions.SO_KEEPALIVE)).as("SO_KEEPALIVE read on the TLS socket")
                    .isTrue();
            assertThat(socket.supportedOptions()).as("the options the TLS socket takes: the connection's")
                    .isEqualTo(plain.supportedOptions());
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", plainServer.getLocalPort())))
                    .as("connecting the TLS socket, whose connection is made already")
                    .isInstanceOf(SocketException.class);
            assertThatThrownBy(() -> socket.bind(null)).as("binding the TLS socket, whose connection is made already")
                    .isInstanceOf(SocketException.class);
        } finally {
            clientDone.countDown();
        }
        server.get(10, TimeUnit.SECONDS);
    }

    /** What a thread of the test runs against the socket: a read, a handshake. */
    private interface NetworkCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code call} on a thread of its own and returns once that thread waits for the network in the socket
     * beneath (or the call has ended), so that what the test does next happens while it waits.
     */
    private <T> CompletableFuture<T> waitingForTheNetwork(NetworkCall<T> call) {
        AtomicReference<Thread> thread = new AtomicReference<>();
        CompletableFuture<T> work = CompletableFuture.supplyAsync(() -> {
            thread.set(Thread.currentThread());
            try {
                return call.call();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> work.isDone() || thread.get() != null
                && Arrays.stream(thread.get().getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitReadable")));
        return work;
    }

    private interface Peer {
        void serve(SSLSocket peer) throws Exception;
    }

    private interface PeerOverPlain {
        void serve(Socket plain, SSLSocket peer) throws Exception;
    }

    /** Accepts one connection and runs {@code peer} on it over the JDK's TLS, the handshake done first. */
    private CompletableFuture<Void> serve(Peer peer) {
        return serveOverPlain((plain, tlsPeer) -> {
            try (tlsPeer) {
                peer.serve(tlsPeer);
            }
        });
    }

    private CompletableFuture<Void> serveOverPlain(PeerOverPlain peer) {
        return serveOverPlain(peer, new CountDownLatch(0));
    }

    /** {@link #serveOverPlain(PeerOverPlain)}, the server's side of the handshake held back until {@code go}. */
    private CompletableFuture<Void> serveOverPlain(PeerOverPlain peer, CountDownLatch go) {
        return CompletableFuture.runAsync(() -> {
            try (Socket plain = plainServer.accept()) {
                if (!go.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the client never let the handshake go on");
                }
                SSLSocket tlsPeer = (SSLSocket) serverTls.createSocket(plain, null, plain.getPort(), false);
                tlsPeer.setUseClientMode(false);
                tlsPeer.startHandshake();
                peer.serve(plain, tlsPeer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    private Socket connect() throws Exception {
        return tlsOver(plainConnected());
    }

    private ChannelSocket plainConnected() throws IOException {
        ChannelSocket plain = (ChannelSocket) BudgetedSockets.channels().createSocket();
        plain.connect(new InetSocketAddress("127.0.0.1", plainServer.getLocalPort()), 5_000);
        return plain;
    }

    private Socket tlsOver(ChannelSocket plain) throws Exception {
        Socket socket = new EngineSockets(clientContext()).createSocket(plain, "127.0.0.1", plainServer.getLocalPort(),
                true);
        assertThat(socket).as("the TLS socket made over a channel socket").isInstanceOf(EngineSocket.class);
        ((SSLSocket) socket).startHandshake();
        return socket;
    }

    /** Conscrypt, trusting the loopback CA alone (its own PKIX trust manager, as TlsProvider takes it). */
    private SSLContext clientContext() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", tls.caCertificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX", Conscrypts.providerOrNull());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS", Conscrypts.providerOrNull());
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The JDK's own TLS (SunJSSE) with the loopback certificate: not the implementation under test. */
    private SSLSocketFactory serverContext() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(new javax.net.ssl.KeyManager[] {tls.serverKeys()}, null, null);
        return context.getSocketFactory();
    }
}
