package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.testing.DrippingServer;
import java.net.InetAddress;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int manifest(String... args) {
        return run(new ManifestCommand(), args);
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private Path writeManifest(long version, Instant expires) throws IOException {
        String json = """
                {"file":"video.mp4","size":5,"sha256":"%s","mimeType":"video/mp4","expires":"%s","version":%d,
                 "chunkSize":4,"chunks":["%s","%s"],
                 "mirrors":[{"provider":"cloudflare","url":"https://cloudflare.test/v/video.mp4","region":"eu-west"}],
                 "alternates":[{"name":"720p","description":"smaller","file":"video-720p.mp4","size":0,
                   "sha256":"%s","chunkSize":4,"chunks":[],
                   "mirrors":[{"provider":"fastly","url":"https://fastly.test/v/video-720p.mp4"}]}]}
                """.formatted("a".repeat(64), expires, version, "b".repeat(64), "c".repeat(64), "d".repeat(64));
        return Files.writeString(dir.resolve("manifest-v" + version + ".json"), json);
    }

    private void keygen(String alg) {
        assertThat(manifest("keygen", "--alg", alg, "--kid", "k-" + alg, "--out-private", path(alg + ".jwk"),
                "--out-public", path("keys.jwks"))).as(err.toString()).isZero();
    }

    @Test
    void keygenSignVerifyRoundTripForBothAlgorithms() throws IOException {
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        keygen("ES256");
        keygen("EdDSA");
        assertThat(out.toString()).contains("created EdDSA key \"k-EdDSA\"");

        for (String alg : new String[] {"ES256", "EdDSA"}) {
            int signed = manifest("sign", writeManifest(3, expires).toString(), "--key", path(alg + ".jwk"),
                    "-o", path(alg + ".jws"));
            assertThat(signed).as(err.toString()).isZero();
            assertThat(out.toString()).contains("signed video.mp4 version 3 with key \"k-" + alg + "\" (" + alg + ")");

            int verified = manifest("verify", path(alg + ".jws"), "--trust", path("keys.jwks"), "--skew", "60s",
                    "--versions", path("versions.json"));

            assertThat(verified).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains(
                    "manifest OK: signed by trusted key \"k-" + alg + "\"",
                    "file        video.mp4", "size        5 bytes", "version     3", "expires     " + expires,
                    "https://cloudflare.test/v/video.mp4", "region eu-west", "720p: video-720p.mp4");
        }
    }

    @Test
    void verifyPrintsTheReasonAndExitsThreeOnRollback() throws IOException {
        Instant expires = Instant.now().plus(1, ChronoUnit.DAYS);
        keygen("ES256");
        // Version 4 signed before 5, as an old manifest an attacker replays was.
        assertThat(manifest("sign", writeManifest(4, expires).toString(), "--key", path("ES256.jwk"), "-o",
                path("v4.jws"))).isZero();
        assertThat(manifest("sign", writeManifest(5, expires).toString(), "--key", path("ES256.jwk"), "-o",
                path("v5.jws"))).isZero();
        String[] common = {"--trust", path("keys.jwks"), "--versions", path("versions.json")};

        assertThat(run(new ManifestCommand(), concat(new String[] {"verify", path("v5.jws")}, common))).isZero();
        int code = run(new ManifestCommand(), concat(new String[] {"verify", path("v4.jws")}, common));

        assertThat(code).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("manifest rejected (ROLLBACK)", "version 4 is older than version 5");

        assertThat(manifest("forget", "video.mp4", "--versions", path("versions.json"))).isZero();
        assertThat(out.toString()).contains("forgot version 5 of video.mp4");
        assertThat(run(new ManifestCommand(), concat(new String[] {"verify", path("v4.jws")}, common))).isZero();
    }

    /**
     * create and renew refuse --expires-in over 366d, since the expiry is what bounds a replayed manifest; sign took
     * any expiry the JSON gave, so a manifest written by create and edited to expire in 2100 was signed as it was.
     */
    @Test
    void signRefusesAnExpiryFurtherAheadThanCreateWouldSign() throws IOException {
        keygen("ES256");
        Path far = writeManifest(3, Instant.now().plus(367, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));

        int signed = manifest("sign", far.toString(), "--key", path("ES256.jwk"), "-o", path("far.jws"));

        assertThat(signed).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).as("stderr").contains("expires: " + far + " expires at ",
                "more than 366 days after it is signed");
        assertThat(dir.resolve("far.jws")).as("the manifest not signed").doesNotExist();
        assertThat(manifest("sign", writeManifest(3, Instant.now().plus(365, ChronoUnit.DAYS)).toString(), "--key",
                path("ES256.jwk"), "-o", path("year.jws"))).as("a year ahead; stderr: %s", err).isZero();
    }

    /** As get's: a limit of 0 would wait for ever on a copy that never answers; said naming the option. */
    @Test
    void verifyRefusesAManifestTimeoutOfZero() throws IOException {
        keygen("ES256");
        assertThat(manifest("sign", writeManifest(3, Instant.now().plus(1, ChronoUnit.DAYS)).toString(), "--key",
                path("ES256.jwk"), "-o", path("v3.jws"))).isZero();

        int zero = run(new ManifestCommand(), "verify", path("v3.jws"), "--trust", path("keys.jwks"), "--versions",
                path("versions.json"), "--manifest-timeout", "0s");

        assertThat(zero).as(err.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("--manifest-timeout: expected a duration of at least 1ms");
    }

    @Test
    void verifyWithFileRefusesAnotherFilesManifestAndMixedReplicasAreAUsageError() throws IOException {
        keygen("ES256");
        assertThat(manifest("sign", writeManifest(3, Instant.now().plus(1, ChronoUnit.DAYS)).toString(), "--key",
                path("ES256.jwk"), "-o", path("v3.jws"))).isZero();
        String[] common = {"--trust", path("keys.jwks"), "--versions", path("versions.json")};

        int wrong = run(new ManifestCommand(), concat(new String[] {"verify", path("v3.jws"), "--file", "setup.exe"},
                common));
        assertThat(wrong).as(err.toString()).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("manifest rejected (WRONG_FILE)",
                "expected a manifest for setup.exe, saw a valid one for video.mp4 (version 3)");
        assertThat(run(new ManifestCommand(), concat(new String[] {"verify", path("v3.jws"), "--file", "video.mp4"},
                common))).as(err.toString()).isZero();

        int mixed = run(new ManifestCommand(), concat(new String[] {"verify", path("v3.jws"), path("v3.meta4")},
                common));
        assertThat(mixed).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("1 signed manifest(s) and 1 unsigned .meta4 file(s) given as replicas");
    }

    @Test
    void verifyRejectsAnUntrustedSignatureAndAnExpiredManifest() throws IOException {
        keygen("EdDSA");
        assertThat(manifest("keygen", "--alg", "EdDSA", "--kid", "k-EdDSA", "--out-private", path("other.jwk"),
                "--out-public", path("other.jwks"))).isZero();
        manifest("sign", writeManifest(1, Instant.now().plus(1, ChronoUnit.DAYS)).toString(), "--key",
                path("other.jwk"), "-o", path("forged.jws"));
        // The command refuses to sign an expired manifest: the library signs what a client is to be shown.
        Files.writeString(dir.resolve("old.jws"), new ManifestSigner(ManifestKeys.readPrivate(dir.resolve("EdDSA.jwk")))
                .sign(Files.readAllBytes(writeManifest(2, Instant.now().minus(1, ChronoUnit.HOURS)))));

        assertThat(manifest("verify", path("forged.jws"), "--trust", path("keys.jwks"), "--versions",
                path("v.json"))).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("(BAD_SIGNATURE)");
        assertThat(manifest("verify", path("old.jws"), "--trust", path("keys.jwks"), "--skew", "5m", "--versions",
                path("v.json"))).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("(EXPIRED)", "allowed skew 300 s");
    }

    @Test
    void signRefusesAnInvalidManifestAndPlainHttpUnlessAllowed() throws IOException {
        keygen("ES256");
        Path http = Files.writeString(dir.resolve("http.json"), Files.readString(writeManifest(1,
                        Instant.now().plus(1, ChronoUnit.DAYS)))
                .replace("https://cloudflare.test", "http://127.0.0.1:8080"));

        assertThat(manifest("sign", http.toString(), "--key", path("ES256.jwk"), "-o", path("x.jws")))
                .isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("(INSECURE_MIRROR)")
                .contains("hint: if these are plain-http URLs of a loopback test setup, --allow-http accepts them");
        assertThat(Files.exists(dir.resolve("x.jws"))).isFalse();
        assertThat(manifest("sign", http.toString(), "--key", path("ES256.jwk"), "-o", path("x.jws"),
                "--allow-http")).isZero();
    }

    /** Signed, a manifest that has expired is refused by every client: sign says so instead of exiting 0. */
    @Test
    void signRefusesAManifestThatHasExpiredAlready() throws IOException {
        keygen("ES256");
        Instant expired = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Path json = writeManifest(1, expired);

        int refused = manifest("sign", json.toString(), "--key", path("ES256.jwk"), "-o", path("x.jws"));

        assertThat(refused).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("manifest rejected (EXPIRED): expires: " + json + " expired at " + expired
                + ", before it is signed");
        assertThat(dir.resolve("x.jws")).doesNotExist();
        assertThat(dir.resolve("ES256.jwk.published.json")).as("no version recorded").doesNotExist();
    }

    /**
     * A test world's replica: an https URL whose name only the world resolves and whose certificate its own CA
     * issued. {@code verify} reaches it with get's {@code --ca-cert} and {@code --resolve}; without the CA it is
     * refused as unreachable, the certificate not trusted.
     */
    @Test
    void verifyReachesAnHttpsReplicaThroughTheWorldsCaAndNames() throws IOException {
        keygen("ES256");
        assertThat(manifest("sign", writeManifest(3, Instant.now().plus(1, ChronoUnit.DAYS)).toString(), "--key",
                path("ES256.jwk"), "-o", path("ES256.jws"))).as(err.toString()).isZero();
        okhttp3.tls.HeldCertificate ca = new okhttp3.tls.HeldCertificate.Builder().certificateAuthority(0).build();
        okhttp3.tls.HeldCertificate replica = new okhttp3.tls.HeldCertificate.Builder()
                .addSubjectAlternativeName("manifests-a.test").signedBy(ca).build();
        Path caPem = Files.writeString(dir.resolve("world-ca.pem"), ca.certificatePem());
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(new okhttp3.tls.HandshakeCertificates.Builder().heldCertificate(replica).build()
                    .sslSocketFactory());
            String jws = Files.readString(dir.resolve("ES256.jws"));
            server.enqueue(new MockResponse.Builder().code(200).body(jws).build());
            server.enqueue(new MockResponse.Builder().code(200).body(jws).build());
            server.start(InetAddress.getLoopbackAddress(), 0);
            String url = "https://manifests-a.test:" + server.getPort() + "/manifests/video.mp4.jws";

            int untrusted = manifest("verify", url, "--trust", path("keys.jwks"), "--resolve",
                    "manifests-a.test:127.0.0.1", "--versions", path("versions.json"));
            assertThat(untrusted).as("without --ca-cert: %s", err).isEqualTo(ExitCodes.MANIFEST_REJECTED);
            assertThat(err.toString()).contains("UNREACHABLE");

            int verified = manifest("verify", url, "--trust", path("keys.jwks"), "--ca-cert", caPem.toString(),
                    "--resolve", "manifests-a.test:127.0.0.1", "--versions", path("versions.json"));
            assertThat(verified).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("manifest OK");
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.SECONDS) // well under the 10 s default: only the flag can make it in time
    void verifyMovesOnFromADrippingCopyAfterTheManifestTimeout() throws IOException {
        keygen("ES256");
        assertThat(manifest("sign", writeManifest(3, Instant.now().plus(1, ChronoUnit.DAYS)).toString(), "--key",
                path("ES256.jwk"), "-o", path("ES256.jws"))).as(err.toString()).isZero();
        try (DrippingServer dripping = DrippingServer.drippingBody()) {
            int verified = manifest("verify", dripping.url("/video.mp4.jws"), path("ES256.jws"), "--trust",
                    path("keys.jwks"), "--allow-http", "--manifest-timeout", "1s", "--versions",
                    path("versions.json"));

            assertThat(verified).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("manifest OK");
        }
    }

    /**
     * A Metalink is unsigned and read from any replica: its mirrors' {@code location} went to stdout as sent, so a
     * replica could clear the screen or retitle the window (ESC, allowed as a character reference in XML 1.1), send
     * a C1 CSI, or make the line read backwards (U+202E). The summary is now printed as every message is.
     */
    @Test
    void verifyPrintsAMetalinksTextWithItsControlCharactersEscaped() throws IOException {
        String summary = verifyMetalinkWhoseLocationIs("1.1", "&#x1b;]0;pwned&#x7;&#x1b;[2J&#x9b;2J&#x202e;ed");

        assertThat(summary).as("the summary").contains("UNSIGNED manifest (Metalink)")
                .contains("region \\u001B]0;pwned\\u0007\\u001B[2J\\u009B2J\\u202Eed")
                .doesNotContain("\u001b", "\u0007", "\u009b", "\u202e");
    }

    /**
     * The summary keeps its line breaks, and a Metalink's location is free text: a line feed in it (a character
     * reference, which XML keeps) started a line of the replica's choosing, such as the one a signed manifest gets.
     * Each value from the document stays on its own line.
     */
    @Test
    void verifyKeepsAMetalinksLineFeedsInsideTheirValue() throws IOException {
        String summary = verifyMetalinkWhoseLocationIs("1.0",
                "eu&#xa;manifest OK: signed by trusted key &quot;k&quot;");

        assertThat(summary.lines()).as("the summary's lines:%n%s", summary)
                .noneMatch(line -> line.startsWith("manifest OK"))
                .anyMatch(line -> line.contains("region eu\\u000Amanifest OK: signed by trusted key"));
    }

    /**
     * {@code manifest verify} of an unsigned Metalink (XML {@code version}) served by a replica, its one mirror's
     * {@code location} attribute as given (character references and all); returns what it printed on stdout.
     */
    private String verifyMetalinkWhoseLocationIs(String version, String location) throws IOException {
        keygen("ES256"); // --trust is required, though nothing is signed
        String metalink = """
                <?xml version="%s" encoding="UTF-8"?>
                <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                  <file name="example.ext">
                    <size>5</size>
                    <hash type="sha-256">%s</hash>
                    <pieces length="4" type="sha-256"><hash>%s</hash><hash>%s</hash></pieces>
                    <url location="%s" priority="1">%s</url>
                  </file>
                </metalink>
                """.formatted(version, "a".repeat(64), "b".repeat(64), "c".repeat(64), location,
                "https://cloudflare.test/example.ext");
        try (MockWebServer replica = new MockWebServer()) {
            replica.enqueue(new MockResponse.Builder().code(200).body(metalink).build());
            replica.start(InetAddress.getLoopbackAddress(), 0);

            int verified = manifest("verify", replica.url("/example.ext.meta4").toString(), "--allow-http",
                    "--trust", path("keys.jwks"), "--versions", path("versions.json"));

            assertThat(verified).as(err.toString()).isEqualTo(ExitCodes.OK);
            return out.toString();
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(manifest()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("expected a subcommand");
        assertThat(manifest("keygen", "--alg", "HS256", "--kid", "k", "--out-private", path("a"),
                "--out-public", path("b"))).isEqualTo(ExitCodes.USAGE);
        assertThat(manifest("keygen", "--alg", "ES256", "--kid", "../k", "--out-private", path("a"),
                "--out-public", path("b"))).isEqualTo(ExitCodes.USAGE);
        assertThat(manifest("verify", "x.jws", "--trust", path("k"), "--skew", "60")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("expected a duration such as 500ms");
    }

    @Test
    void worksAsASubcommandOfAnotherCommand() {
        assertThat(run(new Parent(), "manifest", "keygen", "--alg", "EdDSA", "--kid", "p", "--out-private",
                path("p.jwk"), "--out-public", path("p.jwks"))).isZero();
        assertThat(dir.resolve("p.jwks")).exists();
    }

    @Command(name = "outage-drill", subcommands = ManifestCommand.class)
    static final class Parent {
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
