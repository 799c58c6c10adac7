package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.Sha256;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.tls.CertificateKind;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minimal JVM client downloads exactly the file from real HTTPS servers (Jetty, certificates from a test CA),
 * over several runs of chunks on each connection, and fails as the client does when a mirror lies: a chunk whose
 * hash differs, a whole file whose hash differs, a server that ignores the range, one that never answers. A floor
 * that accepted a wrong file would time less than any honest client does.
 */
@Timeout(60) // its reads block: a hang fails here instead of stalling the build
class JvmDownloadFloorTest {
    /** 64 KiB chunks, and a short last one: more runs than connections, so each connection asks several times. */
    private static final int CHUNK = 64 * 1024;
    private static final byte[] FILE = new byte[100 * CHUNK + 12_345];
    private static TestCertificateAuthority ca;
    private static final List<FakeCdn> servers = new ArrayList<>();
    @TempDir
    static Path dir;
    private static Path caPem;

    @BeforeAll
    static void serve() throws IOException {
        new Random(11).nextBytes(FILE);
        ca = TestCertificateAuthority.create();
        caPem = ca.writePem(dir.resolve("ca.pem"));
        for (String name : List.of("mirror-a.test", "mirror-b.test", "mirror-c.test")) {
            servers.add(FakeCdn.builder(name).https(ca).host("/file.bin", HostedContent.ofBytes("file", FILE))
                    .start());
        }
    }

    @AfterAll
    static void stop() {
        servers.forEach(FakeCdn::close);
    }

    private static List<URI> urls(String path) {
        return servers.stream().map(s -> URI.create("https://%s:%d%s".formatted(
                s.address().getAddress().getHostAddress(), s.port(), path))).toList();
    }

    private static List<String> chunkHashes() {
        List<String> hashes = new ArrayList<>();
        for (int at = 0; at < FILE.length; at += CHUNK) {
            hashes.add(Sha256.of(Arrays.copyOfRange(FILE, at, Math.min(at + CHUNK, FILE.length))));
        }
        return hashes;
    }

    private static JvmDownloadFloor.Plan plan(Path out, String sha256, List<String> chunkHashes, List<URI> urls) {
        return new JvmDownloadFloor.Plan(out, FILE.length, sha256, CHUNK, chunkHashes, caPem, urls);
    }

    @Test
    void downloadsTheFileFromEveryMirrorAndRenamesItOnlyOnceVerified() throws Exception {
        servers.forEach(s -> s.useCertificate(CertificateKind.VALID));
        Path out = Files.createDirectories(dir.resolve("whole")).resolve("file.bin");

        long size = JvmDownloadFloor.download(plan(out, Sha256.of(FILE), chunkHashes(), urls("/file.bin")));

        assertThat(size).as("the size it reports").isEqualTo(FILE.length);
        assertThat(Files.readAllBytes(out)).as("the file written").isEqualTo(FILE);
        assertThat(out.resolveSibling("file.bin.part")).as("the part file, renamed").doesNotExist();
    }

    @Test
    void aChunkWhoseHashDiffersIsAnErrorThatNamesItAndLeavesNoFile() throws Exception {
        servers.forEach(s -> s.useCertificate(CertificateKind.VALID));
        Path out = Files.createDirectories(dir.resolve("bad-chunk")).resolve("file.bin");
        List<String> hashes = new ArrayList<>(chunkHashes());
        hashes.set(42, "00".repeat(32));

        assertThatThrownBy(() -> JvmDownloadFloor.download(plan(out, Sha256.of(FILE), hashes, urls("/file.bin"))))
                .isInstanceOf(IOException.class).hasMessageStartingWith("chunk 42 from https://")
                .hasMessageEndingWith("expected " + "00".repeat(32));
        assertThat(out.getParent()).as("neither the file nor its part is left").isEmptyDirectory();
    }

    @Test
    void aWholeFileWhoseHashDiffersIsAnErrorAndLeavesNoFile() throws Exception {
        servers.forEach(s -> s.useCertificate(CertificateKind.VALID));
        Path out = Files.createDirectories(dir.resolve("bad-whole")).resolve("file.bin");

        assertThatThrownBy(() -> JvmDownloadFloor.download(plan(out, "ff".repeat(32), chunkHashes(),
                urls("/file.bin")))).isInstanceOf(IOException.class)
                .hasMessage("the whole file's SHA-256 is %s, expected %s", Sha256.of(FILE), "ff".repeat(32));
        assertThat(out.getParent()).as("neither the file nor its part is left").isEmptyDirectory();
    }

    @Test
    void anAnswerOtherThanA206IsAnErrorThatQuotesIt() throws Exception {
        servers.forEach(s -> s.useCertificate(CertificateKind.VALID));
        Path out = Files.createDirectories(dir.resolve("missing")).resolve("file.bin");

        assertThatThrownBy(() -> JvmDownloadFloor.download(plan(out, Sha256.of(FILE), chunkHashes(),
                urls("/missing.bin")))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("expected HTTP/1.1 206, the server said 'HTTP/1.1 404 ");
        assertThat(out.getParent()).isEmptyDirectory();
    }

    @Test
    void aServerThatIgnoresTheRangeIsAnErrorThatQuotesItsAnswer() throws Exception {
        servers.forEach(s -> s.useCertificate(CertificateKind.VALID));
        Path out = Files.createDirectories(dir.resolve("range-ignored")).resolve("file.bin");
        servers.forEach(s -> s.faults().add(new FaultRule.IgnoreRange(), Scope.all()));
        try {
            assertThatThrownBy(() -> JvmDownloadFloor.download(plan(out, Sha256.of(FILE), chunkHashes(),
                    urls("/file.bin")))).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("expected HTTP/1.1 206, the server said 'HTTP/1.1 200 ");
        } finally {
            servers.forEach(s -> s.faults().clear());
        }
        assertThat(out.getParent()).isEmptyDirectory();
    }

    /**
     * A mirror that accepts the connection and never answers (not even the TLS handshake): the blocking reads have
     * no timeout of their own, so the stall limit must end the download, and closing the connections wakes them.
     */
    @Test
    void aSilentMirrorFailsTheDownloadAtTheStallLimitInsteadOfHangingIt() throws Exception {
        Path out = Files.createDirectories(dir.resolve("silent")).resolve("file.bin");
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            URI url = URI.create("https://127.0.0.1:%d/file.bin".formatted(silent.getLocalPort()));
            JvmDownloadFloor.Plan plan = new JvmDownloadFloor.Plan(out, FILE.length, Sha256.of(FILE), CHUNK,
                    chunkHashes(), caPem, List.of(url), java.time.Duration.ofMillis(500));

            assertThatThrownBy(() -> JvmDownloadFloor.download(plan)).isInstanceOf(IOException.class)
                    .hasMessage("no byte from any mirror for 500 ms");
        }
        assertThat(out.getParent()).isEmptyDirectory();
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        Path out = Files.createDirectories(dir.resolve("wrong-host")).resolve("file.bin");
        servers.forEach(s -> s.useCertificate(CertificateKind.WRONG_HOST));
        try {
            assertThatThrownBy(() -> JvmDownloadFloor.download(plan(out, Sha256.of(FILE), chunkHashes(),
                    urls("/file.bin")))).isInstanceOf(javax.net.ssl.SSLException.class);
        } finally {
            servers.forEach(s -> s.useCertificate(CertificateKind.VALID));
        }
        assertThat(out.getParent()).isEmptyDirectory();
    }

    @Test
    void chunkHashesThatDoNotCoverTheFileAreRefusedBeforeConnecting() {
        List<String> tooFew = chunkHashes().subList(0, 3);

        assertThatThrownBy(() -> plan(dir.resolve("never.bin"), Sha256.of(FILE), tooFew, urls("/file.bin")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 chunk hashes for %d bytes in chunks of %d", FILE.length, CHUNK);
    }
}
