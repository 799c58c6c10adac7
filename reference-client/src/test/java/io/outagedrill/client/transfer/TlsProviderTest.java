package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.outagedrill.client.Conscrypts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both TLS implementations behind {@code --tls}: each really is the one used on the wire, and each keeps the
 * checks a download relies on (only the given CA is trusted, the host name must match the certificate).
 * Isolated: one test puts Conscrypt first among the JVM's providers for its duration.
 */
@Isolated
class TlsProviderTest {
    private static final String HOST = "mirror.test";

    @TempDir
    Path dir;

    private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void downloadsOverHttpsTrustingOnlyTheGivenCaWithTheChosenImplementation(TlsProvider tls) throws IOException {
        assumeConscryptWhere(tls);
        serveWith(certificateFor(HOST, ca));
        AtomicReference<SSLSocket> socket = new AtomicReference<>();

        try (Response response = call(client(tls).addNetworkInterceptor(chain -> {
            socket.set((SSLSocket) chain.connection().socket());
            return chain.proceed(chain.request());
        }).build())) {
            assertThat(response.body().string()).isEqualTo("the file");
        }
        // Conscrypt's TLS runs in its engine under the client's own socket (EngineSocket, reading into direct buffers)
        String carrier = socket.get().getClass().getName() + " with a session of "
                + socket.get().getSession().getClass().getName();
        assertThat(socket.get().getSession().getClass().getName().startsWith("org.conscrypt."))
                .as("--tls %s: the socket that carried the request is %s", tls, carrier)
                .isEqualTo(tls == TlsProvider.CONSCRYPT);
        assertThat(Conscrypt.isConscrypt(socket.get()))
                .as("--tls %s: Conscrypt's own socket is not used (%s)", tls, carrier)
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void refusesAServerWhoseCertificateAnotherCaSigned(TlsProvider tls) throws IOException {
        assumeConscryptWhere(tls);
        HeldCertificate stranger = new HeldCertificate.Builder().certificateAuthority(0).build();
        serveWith(certificateFor(HOST, stranger));

        assertThatThrownBy(() -> call(client(tls).build()).close())
                .as("--tls %s must not trust a CA it was not given", tls)
                .isInstanceOf(SSLException.class);
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void refusesACertificateForAnotherHost(TlsProvider tls) throws IOException {
        assumeConscryptWhere(tls);
        serveWith(certificateFor("other.test", ca));

        assertThatThrownBy(() -> call(client(tls).build()).close())
                .as("--tls %s must check the host name", tls)
                .isInstanceOf(SSLException.class)
                .hasMessageContaining(HOST);
    }

    /**
     * What {@code drill get}'s own process runs with: Conscrypt first among the JVM's providers, so that its trust
     * manager checks the chain's signatures in BoringSSL. The checks must hold exactly as with the JDK's first.
     */
    @Test
    void withConscryptFirstInTheJvmOnlyTheGivenCaAndTheRightHostAreTrusted() throws IOException {
        assumeConscryptWhere(TlsProvider.CONSCRYPT);
        Provider conscrypt = Conscrypts.providerOrNull();
        assertThat(Security.insertProviderAt(conscrypt, 1)).as("Conscrypt put first").isEqualTo(1);
        try {
            serveWith(certificateFor(HOST, ca));
            try (Response response = call(client(TlsProvider.CONSCRYPT).build())) {
                assertThat(response.body().string()).isEqualTo("the file");
            }
            server.close();

            server = new MockWebServer();
            serveWith(certificateFor(HOST, new HeldCertificate.Builder().certificateAuthority(0).build()));
            assertThatThrownBy(() -> call(client(TlsProvider.CONSCRYPT).build()).close())
                    .as("with Conscrypt first, a CA the client was not given").isInstanceOf(SSLException.class);
            server.close();

            server = new MockWebServer();
            serveWith(certificateFor("other.test", ca));
            assertThatThrownBy(() -> call(client(TlsProvider.CONSCRYPT).build()).close())
                    .as("with Conscrypt first, a certificate for another host").isInstanceOf(SSLException.class)
                    .hasMessageContaining(HOST);
        } finally {
            Security.removeProvider(conscrypt.getName());
        }
    }

    /** Under Conscrypt the client's own TLS socket waits for the network itself: a stalled body must still time out. */
    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void aBodyThatStallsTimesOutWithEitherImplementation(TlsProvider tls) throws IOException {
        assumeConscryptWhere(tls);
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificateFor(HOST, ca)).build()
                .sslSocketFactory());
        server.enqueue(new MockResponse.Builder().body("x".repeat(64 * 1024))
                .throttleBody(1024, 10, java.util.concurrent.TimeUnit.SECONDS).build());
        server.start(InetAddress.getLoopbackAddress(), 0);
        OkHttpClient client = client(tls).readTimeout(java.time.Duration.ofMillis(300)).build();

        try (Response response = call(client)) {
            assertThatThrownBy(() -> response.body().string())
                    .as("--tls %s: a body that delivers 1 KiB and then nothing for 10 s, read timeout 300 ms", tls)
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void autoComesToConscryptWhereItLoadsAndParsingNamesTheChoices() {
        assertThat(TlsProvider.AUTO.resolve())
                .isEqualTo(Conscrypt.isAvailable() ? TlsProvider.CONSCRYPT : TlsProvider.JDK);
        assertThat(TlsProvider.parse("Conscrypt")).isEqualTo(TlsProvider.CONSCRYPT);
        assertThatThrownBy(() -> TlsProvider.parse("openssl"))
                .hasMessage("expected auto, conscrypt or jdk, saw 'openssl'");
    }

    private static void assumeConscryptWhere(TlsProvider tls) {
        if (tls == TlsProvider.CONSCRYPT) {
            assumeThat(Conscrypt.isAvailable()).as("Conscrypt's native library loads here").isTrue();
        }
    }

    private static HeldCertificate certificateFor(String host, HeldCertificate issuer) {
        return new HeldCertificate.Builder().addSubjectAlternativeName(host).signedBy(issuer).build();
    }

    private void serveWith(HeldCertificate certificate) throws IOException {
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        server.enqueue(new MockResponse.Builder().body("the file").build());
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    private OkHttpClient.Builder client(TlsProvider tls) throws IOException {
        Path caPem = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        return HttpClients.builder(caPem, HttpClients.resolving(Map.of(HOST, InetAddress.getLoopbackAddress())), tls);
    }

    private Response call(OkHttpClient client) throws IOException {
        return client.newCall(new Request.Builder().url("https://" + HOST + ":" + server.getPort() + "/file").build())
                .execute();
    }
}
