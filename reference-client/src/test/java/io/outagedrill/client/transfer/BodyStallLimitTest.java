package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stall limit of a body over HTTPS, with either TLS implementation, when it is shorter than the first-byte
 * limit (which OkHttp puts on the socket as its read timeout): a body that goes silent is cut at the stall limit.
 * Over HTTP/1.1 the limit is the socket's own read timeout, set for the body; over HTTP/2 the socket is shared by
 * every stream, is left alone, and Okio's timeout bounds the read.
 */
class BodyStallLimitTest {
    private static final String HOST = "mirror.test";
    private static final Duration STALL = Duration.ofMillis(300);
    private static final Duration FIRST_BYTE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    private MockWebServer server;
    private ByteBuffer buffer;

    @BeforeEach
    void start() {
        server = new MockWebServer();
        buffer = ReadBuffers.SHARED.take();
    }

    @AfterEach
    void stop() {
        server.close();
        ReadBuffers.SHARED.give(buffer);
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void overHttp1TheSocketsReadTimeoutIsTheStallLimit(TlsProvider tls) throws IOException {
        assumeConscryptWhere(tls);
        serveSilentBody(List.of(Protocol.HTTP_1_1));

        assertCutAtTheStallLimit(tls, Protocol.HTTP_1_1, true);
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void overHttp2TheSharedSocketIsLeftAloneAndOkiosTimeoutIsTheStallLimit(TlsProvider tls) throws IOException {
        assumeConscryptWhere(tls);
        serveSilentBody(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));

        assertCutAtTheStallLimit(tls, Protocol.HTTP_2, false);
    }

    private void assertCutAtTheStallLimit(TlsProvider tls, Protocol protocol, boolean socketHandedOut)
            throws IOException {
        OkHttpClient client = HttpClients.configure(client(tls), TransferConfig.builder()
                .firstByteTimeout(FIRST_BYTE).stallTimeout(STALL).build()).build();
        Call call = client.newCall(new Request.Builder().url("https://" + HOST + ":" + server.getPort() + "/file")
                .build());
        CallSocket socket = CallSocket.watch(call);
        try (Response response = call.execute()) {
            assertThat(response.protocol()).as("--tls %s: the protocol negotiated", tls).isEqualTo(protocol);
            assertThat(socket.ownSocket().isPresent()).as("--tls %s over %s: the socket handed to the body reader",
                    tls, protocol).isEqualTo(socketHandedOut);
            BodyReader reader = new BodyReader(response.body().source(), socket.ownSocket(), buffer, STALL, 0,
                    Duration.ofSeconds(5));
            long started = System.nanoTime();

            assertThatThrownBy(() -> reader.read(64 * 1024, piece -> { }, n -> { }))
                    .as("--tls %s over %s: 1 KiB, then nothing", tls, protocol)
                    .isInstanceOfSatisfying(FetchFailure.class, f -> {
                        assertThat(f.kind()).isEqualTo(FailureKind.STALL);
                        assertThat(f).hasMessage("no data for 300 ms mid-chunk");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("--tls %s over %s: silence before the cut (stall limit 0.3 s, first-byte limit 10 s)", tls,
                            protocol)
                    .isBetween(STALL.minusMillis(50), Duration.ofSeconds(5));
        }
    }

    private void serveSilentBody(List<Protocol> protocols) throws IOException {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName(HOST).signedBy(ca)
                .build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        server.setProtocols(protocols);
        // 1 KiB of the body, then nothing for longer than the test takes: a blackhole with the connection open.
        server.enqueue(new MockResponse.Builder().body("x".repeat(64 * 1024))
                .throttleBody(1024, 1, TimeUnit.MINUTES).build());
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    private OkHttpClient.Builder client(TlsProvider tls) throws IOException {
        Path caPem = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        return HttpClients.builder(caPem, HttpClients.resolving(Map.of(HOST, InetAddress.getLoopbackAddress())), tls);
    }

    private static void assumeConscryptWhere(TlsProvider tls) {
        if (tls == TlsProvider.CONSCRYPT) {
            assumeThat(Conscrypt.isAvailable()).as("Conscrypt's native library loads here").isTrue();
        }
    }
}
