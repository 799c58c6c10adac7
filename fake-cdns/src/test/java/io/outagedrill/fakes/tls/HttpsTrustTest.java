package io.outagedrill.fakes.tls;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.HostedContent;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

@Timeout(30)
class HttpsTrustTest {
    static TestCertificateAuthority ca;
    static FakeCdn cdn;
    static final LoopbackDns dns = new LoopbackDns();

    @BeforeAll
    static void start() {
        ca = TestCertificateAuthority.create();
        cdn = FakeCdn.builder("cloudflare.test").https(ca).dns(dns)
                .host("/hello.txt", HostedContent.ofBytes("hello", "hello over tls".getBytes()))
                .start();
    }

    @AfterAll
    static void stop() {
        cdn.close();
    }

    @AfterEach
    void backToValid() {
        cdn.useCertificate(CertificateKind.VALID);
    }

    /** A fresh client per check: no pooled connection may carry an old certificate into a new check. */
    private static String fetch() throws Exception {
        OkHttpClient client = new OkHttpClient.Builder()
                .dns(hostname -> dns.lookup(hostname))
                .sslSocketFactory(ca.socketFactory(), ca.trustManager())
                .callTimeout(Duration.ofSeconds(10))
                .build();
        try (Response response = client.newCall(new Request.Builder().url(cdn.url("/hello.txt").toString()).build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().string();
        } finally {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void aClientTrustingTheTestCaFetchesOverHttps() throws Exception {
        assertThat(cdn.url("/hello.txt").toString()).startsWith("https://cloudflare.test:");
        assertThat(fetch()).isEqualTo("hello over tls");
    }

    @Test
    void wrongHostCertificateFailsHostnameVerification() {
        cdn.useCertificate(CertificateKind.WRONG_HOST);
        assertThatThrownBy(HttpsTrustTest::fetch).isInstanceOf(SSLPeerUnverifiedException.class)
                .hasMessageContaining("cloudflare.test");
        // The JDK's own endpoint identification refuses it during the handshake.
        assertThatThrownBy(() -> jdkHandshake("cloudflare.test")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void expiredCertificateFailsTheHandshake() {
        cdn.useCertificate(CertificateKind.EXPIRED);
        assertThatThrownBy(HttpsTrustTest::fetch).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void selfSignedCertificateFailsTheHandshake() {
        cdn.useCertificate(CertificateKind.SELF_SIGNED);
        assertThatThrownBy(HttpsTrustTest::fetch).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void switchingBackToTheValidCertificateRecovers() throws Exception {
        cdn.useCertificate(CertificateKind.EXPIRED);
        assertThatThrownBy(HttpsTrustTest::fetch).isInstanceOf(SSLHandshakeException.class);
        cdn.useCertificate(CertificateKind.VALID);
        assertThat(fetch()).isEqualTo("hello over tls");
        assertThat(cdn.certificateKind()).isEqualTo(CertificateKind.VALID);
    }

    @Test
    void anotherCaIsNotTrusted() {
        TestCertificateAuthority stranger = TestCertificateAuthority.create();
        try (FakeCdn impostor = FakeCdn.builder("cloudflare.test").https(stranger).start()) {
            LoopbackDns impostorDns = new LoopbackDns();
            impostor.registerIn(impostorDns);
            OkHttpClient client = new OkHttpClient.Builder()
                    .dns(impostorDns::lookup)
                    .sslSocketFactory(ca.socketFactory(), ca.trustManager())
                    .build();
            assertThatThrownBy(() -> client.newCall(new Request.Builder().url(impostor.url("/").toString()).build())
                    .execute().close()).isInstanceOf(SSLHandshakeException.class);
            client.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void caExportsAsPemThatParsesBackToTheSameCertificate(@TempDir Path dir) throws Exception {
        Path pem = ca.writePem(dir.resolve("ca.pem"));
        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        assertThat(parsed).isEqualTo(ca.certificate());
        assertThat(parsed.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.trustManager().getAcceptedIssuers()).containsExactly(ca.certificate());
    }

    @Test
    void issuedCertificatesNameTheHostsAndChainToTheCa() throws Exception {
        ServerCredentials credentials = ca.issue("a.test", "127.0.0.9");
        assertThat(credentials.chain()).hasSize(2).endsWith(ca.certificate());
        assertThat(credentials.leaf().getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)).toList())
                .containsExactly("a.test", "127.0.0.9");
        credentials.leaf().verify(ca.certificate().getPublicKey());
        assertThat(credentials.keyStore().isKeyEntry(ServerCredentials.ALIAS)).isTrue();
        assertThat(ca.issue(CertificateKind.SELF_SIGNED, "a.test").chain()).hasSize(1);
    }

    /** RFC 5280 §4.2.1.6 general name types. */
    static final int DNS_NAME = 2;
    static final int IP_ADDRESS = 7;

    @Test
    void ipLiteralsAreNamedAsIpAddressesIpv6Too() throws Exception {
        ServerCredentials credentials = ca.issue("a.test", "::1", "[2001:db8::7]", "10.0.0.255");
        assertThat(credentials.leaf().getSubjectAlternativeNames())
                .extracting(entry -> entry.get(0), entry -> entry.get(1))
                .as("(type, value) of each subject alternative name")
                .containsExactly(tuple(DNS_NAME, "a.test"),
                        tuple(IP_ADDRESS, "0:0:0:0:0:0:0:1"),
                        tuple(IP_ADDRESS, "2001:db8:0:0:0:0:0:7"),
                        tuple(IP_ADDRESS, "10.0.0.255"));
    }

    @Test
    void somethingThatIsNeitherAnAddressNorAHostNameIsRefused() {
        for (String name : new String[]{"999.1.1.1", "1.2.3", "127.000.000.001", "::1::2", "fe80::1%lo"}) {
            assertThatIllegalArgumentException().as("issuing a certificate for %s", name)
                    .isThrownBy(() -> ca.issue(name)).withMessageContaining(name);
        }
    }

    private static void jdkHandshake(String hostname) throws Exception {
        Socket plain = new Socket(cdn.address().getAddress(), cdn.port());
        try (SSLSocket socket = (SSLSocket) ca.socketFactory().createSocket(plain, hostname, cdn.port(), true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
        }
    }
}
