package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.tls.CertificateKind;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Random;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM floor receives exactly the body over real HTTPS (a Jetty server with a certificate from a test CA), and
 * refuses what the client refuses: a certificate the CA did not issue, one for another host, and an answer other
 * than a 200. A floor that accepted any server would time something the client never does.
 */
class JvmReceiveFloorTest {
    /** Several records and several 256 KiB reads, not a multiple of either. */
    private static final byte[] BODY = new byte[3 * 1024 * 1024 + 12_345];
    private static TestCertificateAuthority ca;
    private static FakeCdn server;
    @TempDir
    static Path dir;
    private static Path caPem;

    @BeforeAll
    static void serve() throws IOException {
        new Random(7).nextBytes(BODY);
        ca = TestCertificateAuthority.create();
        caPem = ca.writePem(dir.resolve("ca.pem"));
        server = FakeCdn.builder("mirror.test").https(ca).host("/file.bin", HostedContent.ofBytes("file", BODY))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The file's URL by the server's address, which its certificate names beside its host name. */
    private static URI url(String path) {
        return URI.create("https://%s:%d%s".formatted(server.address().getAddress().getHostAddress(), server.port(),
                path));
    }

    @Test
    void receivesTheWholeBodyAndCountsNoHeaderByte() throws Exception {
        server.useCertificate(CertificateKind.VALID);

        assertThat(JvmReceiveFloor.receive(url("/file.bin"), caPem)).as("bytes of the body").isEqualTo(BODY.length);
    }

    @Test
    void refusesACertificateFromAnotherCa() throws Exception {
        server.useCertificate(CertificateKind.VALID);
        Path otherCa = TestCertificateAuthority.create().writePem(dir.resolve("other-ca.pem"));

        assertThatThrownBy(() -> JvmReceiveFloor.receive(url("/file.bin"), otherCa))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void refusesACertificateForAnotherHost() {
        server.useCertificate(CertificateKind.WRONG_HOST);
        try {
            assertThatThrownBy(() -> JvmReceiveFloor.receive(url("/file.bin"), caPem))
                    .isInstanceOf(SSLException.class);
        } finally {
            server.useCertificate(CertificateKind.VALID);
        }
    }

    @Test
    void anAnswerOtherThanA200IsAnErrorThatQuotesIt() {
        server.useCertificate(CertificateKind.VALID);

        assertThatThrownBy(() -> JvmReceiveFloor.receive(url("/missing.bin"), caPem))
                .isInstanceOf(IOException.class).hasMessageStartingWith("expected HTTP/1.1 200, the server said "
                        + "'HTTP/1.1 404 ");
    }

    @Test
    void aUrlThatIsNotHttpsWithAPortIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> JvmReceiveFloor.receive(URI.create("http://127.0.0.1:1/x"), caPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an https URL with a port, was http://127.0.0.1:1/x");
    }
}
