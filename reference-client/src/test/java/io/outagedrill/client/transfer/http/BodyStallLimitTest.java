package io.outagedrill.client.transfer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TlsProvider;
import io.outagedrill.client.transfer.TransferConfig;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stall limit of a body over HTTPS, with either TLS implementation, when it is shorter than the first-byte
 * limit (which OkHttp puts on the socket as its read timeout): each read of the body is bounded, so a body that goes
 * silent is cut at the stall limit, and so is one whose TLS records arrive a byte at a time (each raw byte in time
 * for any socket timeout, no record ever whole: slow retrieval). Over HTTP/1.1 {@link ReadWatchdog} bounds the
 * reads, over HTTP/2 Okio's timeout, whose ping also keeps a frozen connection out of later requests. Each test
 * ends in a second or two when the limit holds; without it the read would wait out the socket's 10 s, a record's
 * 20 s, or forever (HTTP/2 puts no timeout on its shared socket).
 */
@Timeout(30)
class BodyStallLimitTest {
    private static final String HOST = "mirror.test";
    private static final Duration STALL = Duration.ofMillis(600);
    private static final Duration FIRST_BYTE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    private MockWebServer server;
    private ByteBuffer buffer;
    /** Set once the client has its headers: from then on the server's raw bytes go out one every 20 ms. */
    private volatile boolean trickle;
    /** Set once the client has its headers: from then on nothing goes out on the server's first connection. */
    private volatile boolean frozen;
    /** Lets the frozen connection's writes through at the end, so that the server can close. */
    private final CountDownLatch thaw = new CountDownLatch(1);

    @BeforeEach
    void start() {
        server = new MockWebServer();
        buffer = ReadBuffers.SHARED.take();
    }

    @AfterEach
    void stop() {
        trickle = false;
        thaw.countDown();
        server.close();
        ReadBuffers.SHARED.give(buffer);
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"HTTP_1_1", "HTTP_2"})
    void aSilentBodyIsCutAtTheStallLimitWithConscrypt(Protocol protocol) throws IOException {
        assumeThat(Conscrypt.isAvailable()).as("Conscrypt's native library loads here").isTrue();
        serveSilentBody(protocol);

        assertCutAtTheStallLimit(TlsProvider.CONSCRYPT, protocol, "1 KiB, then nothing");
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"HTTP_1_1", "HTTP_2"})
    void aSilentBodyIsCutAtTheStallLimitWithTheJdksTls(Protocol protocol) throws IOException {
        serveSilentBody(protocol);

        assertCutAtTheStallLimit(TlsProvider.JDK, protocol, "1 KiB, then nothing");
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void aBodyWhoseTlsRecordsArriveAByteAtATimeIsCutAtTheStallLimit(TlsProvider tls) throws IOException {
        if (tls == TlsProvider.CONSCRYPT) {
            assumeThat(Conscrypt.isAvailable()).as("Conscrypt's native library loads here").isTrue();
        }
        server.setServerSocketFactory(new TricklingServerSockets());
        serve(List.of(Protocol.HTTP_1_1), new MockResponse.Builder().body("x".repeat(64 * 1024))
                .throttleBody(1024, 100, TimeUnit.MILLISECONDS).build());

        assertCutAtTheStallLimit(tls, Protocol.HTTP_1_1, "records of 1 KiB, their bytes 20 ms apart");
    }

    /**
     * Why HTTP/2 keeps Okio's timeout: a mirror that freezes whole (no body, no answer to pings, the connection
     * open) must not keep its connection in the pool. Okio's timeout resets the stalled stream and pings the
     * connection, which counts as broken when no answer comes within a second, so a later request gets a new one.
     * Cancelling the call instead would reset the stream alone, and every later request to the mirror would wait on
     * the frozen connection.
     */
    @Test
    void aFrozenHttp2ConnectionIsNotReusedAfterTheStall() throws IOException {
        server.setServerSocketFactory(new FreezingServerSockets());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // The first connection's first body: 1 KiB, then nothing. Anything else asked (on a new connection:
                // the frozen one delivers nothing more), a short body.
                return request.getConnectionIndex() == 0 && request.getExchangeIndex() == 0
                        ? new MockResponse.Builder().body("x".repeat(64 * 1024))
                                .throttleBody(1024, 1, TimeUnit.MINUTES).build()
                        : new MockResponse.Builder().body("fresh").build();
            }
        });
        serve(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1), null);
        OkHttpClient client = HttpClients.configure(client(TlsProvider.JDK), TransferConfig.builder()
                .firstByteTimeout(FIRST_BYTE).stallTimeout(STALL).build()).build();
        Request request = new Request.Builder().url("https://" + HOST + ":" + server.getPort() + "/file").build();

        Call call = client.newCall(request);
        try (Response response = call.execute();
             BodyReader reader = new BodyReader(response, call, buffer, STALL, 0, Duration.ofSeconds(5))) {
            assertThat(response.protocol()).as("the protocol negotiated").isEqualTo(Protocol.HTTP_2);
            frozen = true;
            FetchFailure failure = assertTimeoutPreemptively(STALL.multipliedBy(10), () -> readUntilFailure(reader),
                    () -> "a frozen HTTP/2 connection's body was not cut within ten times the stall limit");
            assertThat(failure.kind()).as("the frozen body failed with %s", failure).isEqualTo(FailureKind.STALL);
        }

        // Each later request gives up after 2 s (its call's timeout, which cancels and pings nothing; time enough
        // for a new connection's handshake on a busy machine). While the frozen connection stays pooled, every one
        // of them is sent on it and gets nothing.
        await("a later request to the mirror answered on a new connection, the frozen one no longer used")
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> answeredWithin(client, request, Duration.ofSeconds(2)));
    }

    private static boolean answeredWithin(OkHttpClient client, Request request, Duration limit) {
        Call call = client.newCall(request);
        call.timeout().timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            return response.body().string().equals("fresh");
        } catch (IOException timedOutOnTheFrozenConnection) {
            return false;
        }
    }

    private void assertCutAtTheStallLimit(TlsProvider tls, Protocol protocol, String body) throws IOException {
        OkHttpClient client = HttpClients.configure(client(tls), TransferConfig.builder()
                .firstByteTimeout(FIRST_BYTE).stallTimeout(STALL).build()).build();
        Call call = client.newCall(new Request.Builder().url("https://" + HOST + ":" + server.getPort() + "/file")
                .build());
        try (Response response = call.execute();
             BodyReader reader = new BodyReader(response, call, buffer, STALL, 0, Duration.ofSeconds(5))) {
            assertThat(response.protocol()).as("--tls %s: the protocol negotiated", tls).isEqualTo(protocol);
            trickle = true;
            String what = "--tls %s over %s, %s (stall limit %d ms, socket timeout %d s)".formatted(tls, protocol,
                    body, STALL.toMillis(), FIRST_BYTE.toSeconds());
            long started = System.nanoTime();

            FetchFailure failure = assertTimeoutPreemptively(STALL.multipliedBy(10), () -> readUntilFailure(reader),
                    () -> what + ": the read was not cut within ten times the stall limit");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(failure.kind()).as("%s: failed with %s", what, failure).isEqualTo(FailureKind.STALL);
            assertThat(failure).as(what).hasMessage("no data for %d ms mid-chunk", STALL.toMillis());
            // Not twice the limit: a cut that first drains the socket, or a watchdog that looks late, shows here.
            assertThat(took).as("%s: time before the cut", what)
                    .isBetween(STALL.minusMillis(50), STALL.multipliedBy(2).minusMillis(50));
        }
    }

    private static FetchFailure readUntilFailure(BodyReader reader) {
        try {
            reader.read(64 * 1024, piece -> { }, n -> { });
        } catch (FetchFailure f) {
            return f;
        }
        throw new AssertionError("read the whole 64 KiB body; expected the read to be cut as stalled");
    }

    private void serveSilentBody(Protocol protocol) throws IOException {
        // 1 KiB of the body, then nothing for longer than the test takes: a blackhole with the connection open.
        List<Protocol> protocols = protocol == Protocol.HTTP_2 ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)
                : List.of(Protocol.HTTP_1_1);
        serve(protocols, new MockResponse.Builder().body("x".repeat(64 * 1024))
                .throttleBody(1024, 1, TimeUnit.MINUTES).build());
    }

    /** Starts the server over TLS, {@code response} queued, or none for a dispatcher set before. */
    private void serve(List<Protocol> protocols, MockResponse response) throws IOException {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName(HOST).signedBy(ca)
                .build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        server.setProtocols(protocols);
        if (response != null) {
            server.enqueue(response);
        }
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    private OkHttpClient.Builder client(TlsProvider tls) throws IOException {
        Path caPem = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        return HttpClients.builder(caPem, HttpClients.resolving(Map.of(HOST, InetAddress.getLoopbackAddress())), tls);
    }

    /**
     * The server's sockets, beneath its TLS: once {@link #trickle} is set, every raw byte it writes goes out alone,
     * 20 ms after the one before. A 1 KiB record then takes 20 s to arrive whole, while a byte arrives far within any
     * socket timeout. Bounded: the test ends in seconds, and the server's close breaks the write.
     */
    private final class TricklingServerSockets extends AcceptingServerSockets {
        @Override
        Socket newSocket(int index) {
            return new TricklingSocket();
        }
    }

    /**
     * The server's sockets, beneath its TLS: once {@link #frozen} is set, the first connection sends nothing more
     * (its writes wait for {@link #thaw}, at the end of the test) while it still reads; later connections are
     * untouched. A mirror frozen whole, down to its answers to pings.
     */
    private final class FreezingServerSockets extends AcceptingServerSockets {
        @Override
        Socket newSocket(int index) {
            return index > 0 ? new Socket() : new Socket() {
                @Override
                public OutputStream getOutputStream() throws IOException {
                    return new FilterOutputStream(super.getOutputStream()) {
                        @Override
                        public void write(int b) throws IOException {
                            waitWhileFrozen();
                            out.write(b);
                        }

                        @Override
                        public void write(byte[] bytes, int offset, int length) throws IOException {
                            waitWhileFrozen();
                            out.write(bytes, offset, length);
                        }

                        private void waitWhileFrozen() throws IOException {
                            try {
                                while (frozen && !thaw.await(100, TimeUnit.MILLISECONDS)) {
                                    if (isClosed()) {
                                        throw new IOException("closed while frozen");
                                    }
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new InterruptedIOException("interrupted while frozen");
                            }
                        }
                    };
                }
            };
        }
    }

    /** A server socket factory whose server sockets accept into sockets of {@link #newSocket}'s making. */
    private abstract static class AcceptingServerSockets extends ServerSocketFactory {
        /** The socket for the {@code index}-th connection accepted, from 0. */
        abstract Socket newSocket(int index);

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                private int accepted;

                @Override
                public Socket accept() throws IOException {
                    Socket socket = newSocket(accepted++);
                    implAccept(socket);
                    return socket;
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }
    }

    private final class TricklingSocket extends Socket {
        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (!trickle) {
                        out.write(bytes, offset, length);
                        return;
                    }
                    for (int i = 0; i < length; i++) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                        if (Thread.interrupted() || isClosed()) {
                            throw new InterruptedIOException("the trickle was stopped");
                        }
                        out.write(bytes[offset + i]);
                        out.flush();
                    }
                }
            };
        }
    }
}
