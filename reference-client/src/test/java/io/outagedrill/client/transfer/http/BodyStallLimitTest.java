package io.outagedrill.client.transfer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stall limit of a body over HTTPS, with either TLS implementation, when it is shorter than the first-byte
 * limit (which OkHttp puts on the socket as its read timeout): each read of the body is bounded, so a body that goes
 * silent is cut at the stall limit, and so is one whose TLS records arrive a byte at a time (each raw byte in time
 * for any socket timeout, no record ever whole: slow retrieval). {@link ReadWatchdog} bounds the reads. Each test
 * ends in a second or two when the limit holds; without it the read would wait out the socket's 10 s, or a record's
 * 20 s.
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

    @BeforeEach
    void start() {
        server = new MockWebServer();
        buffer = ReadBuffers.SHARED.take();
    }

    @AfterEach
    void stop() {
        trickle = false;
        server.close();
        ReadBuffers.SHARED.give(buffer);
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void aSilentBodyIsCutAtTheStallLimit(TlsProvider tls) throws IOException {
        if (tls == TlsProvider.CONSCRYPT) {
            assumeThat(Conscrypt.isAvailable()).as("Conscrypt's native library loads here").isTrue();
        }
        // 1 KiB of the body, then nothing for longer than the test takes: a blackhole with the connection open.
        serve(new MockResponse.Builder().body("x".repeat(64 * 1024)).throttleBody(1024, 1, TimeUnit.MINUTES).build());

        assertCutAtTheStallLimit(tls, "1 KiB, then nothing");
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void aBodyWhoseTlsRecordsArriveAByteAtATimeIsCutAtTheStallLimit(TlsProvider tls) throws IOException {
        if (tls == TlsProvider.CONSCRYPT) {
            assumeThat(Conscrypt.isAvailable()).as("Conscrypt's native library loads here").isTrue();
        }
        server.setServerSocketFactory(new TricklingServerSockets());
        serve(new MockResponse.Builder().body("x".repeat(64 * 1024)).throttleBody(1024, 100, TimeUnit.MILLISECONDS)
                .build());

        assertCutAtTheStallLimit(tls, "records of 1 KiB, their bytes 20 ms apart");
    }

    private void assertCutAtTheStallLimit(TlsProvider tls, String body) throws IOException {
        OkHttpClient client = HttpClients.configure(client(tls), TransferConfig.builder()
                .firstByteTimeout(FIRST_BYTE).stallTimeout(STALL).build()).build();
        Call call = client.newCall(new Request.Builder().url("https://" + HOST + ":" + server.getPort() + "/file")
                .build());
        try (Response response = call.execute();
             BodyReader reader = new BodyReader(response, call, buffer, STALL, 0, Duration.ofSeconds(5))) {
            trickle = true;
            String what = "--tls %s, %s (stall limit %d ms, socket timeout %d s)".formatted(tls, body,
                    STALL.toMillis(), FIRST_BYTE.toSeconds());
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
            reader.read(64 * 1024, piece -> { }, (n, waited) -> { });
        } catch (FetchFailure f) {
            return f;
        }
        throw new AssertionError("read the whole 64 KiB body; expected the read to be cut as stalled");
    }

    /** Starts the server over TLS (HTTP/1.1), {@code response} queued. */
    private void serve(MockResponse response) throws IOException {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName(HOST).signedBy(ca)
                .build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        server.setProtocols(List.of(Protocol.HTTP_1_1)); // all the client speaks
        server.enqueue(response);
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
