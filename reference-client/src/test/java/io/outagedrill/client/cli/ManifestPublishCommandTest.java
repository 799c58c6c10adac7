package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VersionStore;
import io.outagedrill.client.publish.PublishedVersions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code manifest create} and {@code manifest renew}, as a publisher runs them. */
class ManifestPublishCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path movie;

    @BeforeEach
    void setUp() throws IOException {
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bytes);
        movie = Files.write(dir.resolve("movie.mp4"), bytes);
        assertThat(manifest("keygen", "--alg", "ES256", "--kid", "release-1", "--out-private", path("release-1.jwk"),
                "--out-public", path("keys.jwks"))).as(err.toString()).isZero();
    }

    private int manifest(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(new ManifestCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private Manifest verified(String jws, Instant now) throws IOException {
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(dir.resolve("keys.jwks")),
                VersionStore.inMemory(), Clock.fixed(now, ZoneOffset.UTC), Duration.ZERO, ManifestJson.Options.STRICT);
        return verifier.verify(Files.readAllBytes(dir.resolve(jws)), jws).manifest();
    }

    @Test
    void createHashesSignsAndCountsVersionsUpFromWhatWasPublished() throws Exception {
        int created = manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--mirror", "https://media.s3.example/v/movie.mp4,provider=aws-s3,region=eu-west,priority=2",
                "--chunk-size", "1MiB", "--expires-in", "2d", "--key", path("release-1.jwk"), "-o", path("movie.jws"));

        assertThat(created).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("hashed " + movie + ": 3.0 MiB in 4 chunks of 1.0 MiB")
                .contains("signed movie.mp4 version 1 with key \"release-1\" (ES256)");
        Manifest manifest = verified("movie.jws", Instant.now());
        assertThat(manifest.target().sha256()).isEqualTo(sha256(Files.readAllBytes(movie)));
        assertThat(manifest.target().chunks()).hasSize(4);
        assertThat(manifest.expires()).isBetween(Instant.now().plus(Duration.ofHours(47)),
                Instant.now().plus(Duration.ofHours(49)));
        assertThat(manifest.target().mirrors()).extracting(m -> m.provider() + "/" + m.group() + "/" + m.priority())
                .containsExactly("fastly/fastly/1", "aws-s3/aws-s3/2");

        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", path("release-1.jwk"), "-o", path("movie.jws"))).as(err.toString()).isZero();
        assertThat(verified("movie.jws", Instant.now()).version()).as("the next automatic version").isEqualTo(2);
        assertThat(dir.resolve("release-1.jwk.published.json")).exists();
    }

    /**
     * Two {@code create --version auto} of one file at once both picked the same next version before hashing and
     * both signed it, over different mirrors: two manifests of one version. The one that comes second now writes
     * nothing. Here the other run publishes when this one reads its clock, after picking its version and before
     * hashing, the window two processes share.
     */
    @Test
    void anAutomaticVersionPublishedByAnotherRunMeanwhileIsNotSignedTwice() throws Exception {
        Path key = dir.resolve("release-1.jwk");
        ManifestCreateCommand create = new ManifestCreateCommand();
        AtomicBoolean otherRunPublished = new AtomicBoolean();
        create.clock = new Clock() {
            @Override
            public Instant instant() {
                if (otherRunPublished.compareAndSet(false, true)) {
                    PublishedVersions.besideKey(key).record("movie.mp4", 1, Instant.now());
                }
                return Instant.now();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        CommandLine cli = new CommandLine(create);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int refused = cli.execute(movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", key.toString(), "-o", path("movie.jws"));

        assertThat(otherRunPublished).as("the other run published while this one worked").isTrue();
        assertThat(refused).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.DOWNLOAD_FAILED);
        assertThat(err.toString()).contains("version 1 of movie.mp4 was published by another run")
                .contains("nothing was written");
        assertThat(dir.resolve("movie.jws")).as("no second manifest of version 1").doesNotExist();

        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", key.toString(), "-o", path("movie.jws"))).as(err.toString()).isZero();
        assertThat(verified("movie.jws", Instant.now()).version()).as("run again: the next version").isEqualTo(2);
    }

    @Test
    void anExplicitVersionBelowThePublishedOneIsRefusedAndTheOldManifestStays() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "9", "--key", path("release-1.jwk"), "-o", path("movie.jws"))).isZero();
        byte[] before = Files.readAllBytes(dir.resolve("movie.jws"));

        int refused = manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "8", "--key", path("release-1.jwk"), "-o", path("movie.jws"));

        assertThat(refused).as("a --version the user gave: a usage error").isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--version: version 8 for movie.mp4 is below version 9 published on")
                .contains("clients that saw 9 would refuse 8 as a rollback");
        assertThat(Files.readAllBytes(dir.resolve("movie.jws"))).isEqualTo(before);
    }

    @Test
    void withoutAKeyCreateWritesTheJsonAndNeedsAnExplicitVersion() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "-o", path("movie.json"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--version auto keeps the last published version beside the signing key");

        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "3", "-o", path("movie.json"))).as(err.toString()).isZero();
        Manifest manifest = ManifestJson.parse(Files.readAllBytes(dir.resolve("movie.json")));
        assertThat(manifest.version()).isEqualTo(3);

        assertThat(manifest("sign", path("movie.json"), "--key", path("release-1.jwk"), "-o", path("movie.jws")))
                .as(err.toString()).isZero();
        assertThat(verified("movie.jws", Instant.now()).target()).isEqualTo(manifest.target());

        // What sign published is recorded beside the key: the next automatic version goes on after it.
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", path("release-1.jwk"), "-o", path("movie-4.jws"))).as(err.toString()).isZero();
        assertThat(verified("movie-4.jws", Instant.now()).version()).as("after sign's version 3").isEqualTo(4);
        assertThat(manifest("sign", path("movie.json"), "--key", path("release-1.jwk"), "-o", path("again.jws")))
                .as("signing version 3 again after 4 was published").isEqualTo(ExitCodes.DOWNLOAD_FAILED);
        assertThat(err.toString()).contains("version 3 for movie.mp4 is below version 4 published on");
        assertThat(dir.resolve("again.jws")).doesNotExist();
    }

    /**
     * A JSON cut short or with a field of the wrong type was refused with the parser's words alone ("manifest: not
     * valid JSON at line 7, column 12"), not saying which file: now the file comes first, as for an expired one.
     */
    @Test
    void signNamesTheFileOfAMalformedJson() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "3", "-o", path("movie.json"))).as(err.toString()).isZero();
        String json = Files.readString(dir.resolve("movie.json"));
        Files.writeString(dir.resolve("cut.json"), json.substring(0, json.length() / 2));
        Files.writeString(dir.resolve("typed.json"), json.replaceFirst("\"size\" : \\d+", "\"size\" : \"big\""));
        assertThat(Files.readString(dir.resolve("typed.json"))).as("the size made a string").contains("\"big\"");
        for (String[] input : new String[][] {{"cut.json", "not valid JSON at line "},
            {"typed.json", "size: expected a whole number"}}) {
            int exit = manifest("sign", path(input[0]), "--key", path("release-1.jwk"), "-o", path("signed.jws"));
            assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.MANIFEST_REJECTED);
            assertThat(err.toString()).as("signing %s", input[0])
                    .startsWith("manifest rejected (MALFORMED): " + path(input[0]) + ": ").contains(input[1]);
            assertThat(dir.resolve("signed.jws")).as("nothing signed from %s", input[0]).doesNotExist();
        }
    }

    /** What cannot be read or written is named before the file is hashed, and nothing is written. */
    @Test
    void aMissingFileOrAlternateOrAFolderAsOutputIsAUsageErrorBeforeHashing() {
        String[][] cases = {
            {"create", path("nofile.mp4"), "--mirror", "https://v.fastly.example/v/movie.mp4", "--version", "1",
                "-o", path("movie.json")},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--version", "1",
                "--alternate", "720p=" + path("nope.mp4"), "-o", path("movie.json")},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--version", "1",
                "-o", dir.toString()},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--version", "1",
                "--expires-in", "0s", "-o", path("movie.json")},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--version", "1",
                "--expires-in", "99999999999d", "-o", path("movie.json")},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--version", "1",
                "--expires-in", "9999999999999d", "-o", path("movie.json")},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--version", "1",
                "--expires-in", "367d", "-o", path("movie.json")},
            {"create", movie.toString(), "--mirror", "http://127.0.0.1:8080/v/movie.mp4", "--version", "1",
                "-o", path("movie.json")},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4,status=http://s.example/x",
                "--version", "1", "-o", path("movie.json")},
            {"create", movie.toString(), "--mirror", "ftp://v.fastly.example/v/movie.mp4", "--version", "1",
                "-o", path("movie.json")},
        };
        String[] said = {
            "FILE: no such file: " + path("nofile.mp4"),
            "--alternate 720p: no such file: " + path("nope.mp4"),
            "-o: " + dir + " is a folder; -o names the manifest file to write",
            "Invalid value for option '--expires-in': expected a time from now such as 7d or 12h, saw '0s'",
            "Invalid value for option '--expires-in': expected at most 366d, saw '99999999999d'",
            "Invalid value for option '--expires-in': expected at most 366d, saw '9999999999999d'",
            "Invalid value for option '--expires-in': expected at most 366d, saw '367d'",
            "--mirror http://127.0.0.1:8080/v/movie.mp4: url: expected an absolute https URL, saw a http URL",
            "--mirror https://v.fastly.example/v/movie.mp4: status: ",
            "--mirror ftp://v.fastly.example/v/movie.mp4: url: expected an absolute https URL, saw a ftp URL",
        };
        for (int i = 0; i < cases.length; i++) {
            assertThat(manifest(cases[i])).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).startsWith(said[i]);
            assertThat(out.toString()).as("nothing hashed").doesNotContain("hashed");
        }
        assertThat(dir.resolve("movie.json")).doesNotExist();
    }

    /**
     * An -o into a folder that does not exist, or an input that is not there, is a usage error naming them: before
     * the file is hashed and before a version is recorded, not a Java exception about a temporary file after both.
     */
    @Test
    void anOutputIntoAMissingFolderOrAMissingInputIsAUsageErrorBeforeAnyWork() {
        Path nowhere = dir.resolve("no-such-folder");
        String[][] cases = {
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--key",
                path("release-1.jwk"), "-o", nowhere.resolve("movie.jws").toString()},
            {"sign", path("movie.json"), "--key", path("release-1.jwk"), "-o", path("movie.jws")},
            {"renew", path("movie.jws"), "--key", path("release-1.jwk")},
            {"sign", movie.toString(), "--key", path("release-1.jwk"), "-o", dir.toString()},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--key",
                path("no-such.jwk"), "-o", path("movie.jws")},
            {"sign", movie.toString(), "--key", path("no-such.jwk"), "-o", path("movie.jws")},
            {"verify", path("movie.jws"), "--trust", path("no-such.jwks")},
        };
        String[] said = {
            "-o: %s goes into %s, a folder that does not exist".formatted(nowhere.resolve("movie.jws"), nowhere),
            "MANIFEST.json: no such file: " + path("movie.json"),
            "SIGNED.jws: no such file: " + path("movie.jws"),
            "-o: " + dir + " is a folder; -o names the manifest file to write",
            "--key: no such file: " + path("no-such.jwk"),
            "--key: no such file: " + path("no-such.jwk"),
            "--trust: no such file: " + path("no-such.jwks"),
        };
        for (int i = 0; i < cases.length; i++) {
            assertThat(manifest(cases[i])).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).startsWith(said[i]).doesNotContain("Exception");
            assertThat(out.toString()).as("nothing hashed").doesNotContain("hashed");
        }
        assertThat(dir.resolve("release-1.jwk.published.json")).as("no version recorded").doesNotExist();
    }

    /**
     * An -o that names a socket, pipe or device (/dev/stdout, to pipe the manifest on) had a regular file renamed
     * over it where the folder was writable, as for a root user in /dev: the node was gone, nothing written to it.
     */
    @Test
    void anOutputThatIsNotARegularFileIsAUsageErrorAndStaysWhatItWas() throws Exception {
        Path socket = dir.resolve("out.sock");
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(socket));

            int refused = manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                    "--key", path("release-1.jwk"), "-o", socket.toString());

            assertThat(refused).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).startsWith("-o: " + socket + " is not a regular file (a device, pipe or "
                    + "socket); -o names the manifest file to write");
            assertThat(out.toString()).as("nothing hashed").doesNotContain("hashed");
            assertThat(Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS)).as("the socket is still a socket")
                    .isFalse();
            assertThat(socket).exists();
        }
    }

    @Test
    void signAndVerifySayWhichOfJsonAndJwsTheyWereGivenInstead() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", path("release-1.jwk"), "-o", path("movie.jws"))).isZero();
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "1", "-o", path("movie.json"))).isZero();

        assertThat(manifest("sign", path("movie.jws"), "--key", path("release-1.jwk"), "-o", path("x.jws")))
                .isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("expected the manifest's JSON, saw a signed manifest");
        assertThat(manifest("verify", path("movie.json"), "--trust", path("keys.jwks"))).isEqualTo(
                ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("expected a signed manifest (a compact JWS), saw JSON");
    }

    @Test
    void aBadMirrorNameOrChunkSizeIsAUsageErrorBeforeHashing() {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/x,tier=gold",
                "--version", "1", "-o", path("movie.json"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'tier=gold' in 'https://v.fastly.example/x,tier=gold'");
        assertThat(dir.resolve("movie.json")).doesNotExist();

        // A --name no client may save was refused only after hashing too, as file: with exit 3.
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/x", "--name", "../x",
                "--version", "1", "-o", path("movie.json"))).as("stderr: %s", err).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("--name: expected a single plain file name, saw \"../x\"");
        assertThat(out.toString()).as("nothing hashed").doesNotContain("hashed");

        // A --chunk-size that needs more chunk hashes than a manifest holds: exit 1, naming neither option nor FILE.
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/x", "--chunk-size", "64",
                "--version", "1", "-o", path("movie.json"))).as("stderr: %s", err).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("--chunk-size: FILE " + movie + ": 3145745 bytes in chunks of 64 bytes "
                + "need 49153 chunk hashes, more than the 15000 that fit in a manifest");
        assertThat(out.toString()).as("nothing hashed").doesNotContain("hashed");

        // An empty provider was refused only after hashing, as a rejected manifest (3) naming mirrors[0].provider.
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/x,provider=",
                "--version", "1", "-o", path("movie.json"))).as("stderr: %s", err).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Invalid value for option '--mirror'")
                .contains("provider: expected a name such as fastly, saw an empty value in "
                        + "'https://v.fastly.example/x,provider='");
        assertThat(out.toString()).as("nothing hashed").doesNotContain("hashed");
        assertThat(dir.resolve("movie.json")).doesNotExist();
    }

    @Test
    void renewKeepsEverythingButTheExpiryAndIsReadableByClientsAfterTheOldOneLapsed() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--expires-in", "1h", "--key", path("release-1.jwk"), "-o", path("movie.jws"))).isZero();
        Manifest old = verified("movie.jws", Instant.now());

        assertThat(manifest("renew", path("movie.jws"), "--key", path("release-1.jwk"), "--expires-in", "367d"))
                .as("renewing past the longest lifetime; stderr: %s", err).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("Invalid value for option '--expires-in': expected at most 366d");
        int renewed = manifest("renew", path("movie.jws"), "--key", path("release-1.jwk"), "--expires-in", "366d");

        assertThat(renewed).as(err.toString()).isZero();
        assertThat(out.toString()).contains("renewed movie.mp4 version 1 (was signed by \"release-1\")");
        Instant afterOldExpiry = old.expires().plus(Duration.ofDays(1));
        Manifest fresh = verified("movie.jws", afterOldExpiry);
        assertThat(fresh.target()).isEqualTo(old.target());
        assertThat(fresh.version()).isEqualTo(old.version());
        assertThat(fresh.expires()).isAfter(afterOldExpiry);
    }

    /** Renewing an older copy would publish what clients that saw the newer one refuse as a rollback. */
    @Test
    void renewOfAnOlderCopyThanTheKeyPublishedSaysToRenewTheNewest() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "1", "--key", path("release-1.jwk"), "-o", path("v1.jws"))).isZero();
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "2", "--key", path("release-1.jwk"), "-o", path("v2.jws"))).isZero();
        byte[] before = Files.readAllBytes(dir.resolve("v1.jws"));

        int refused = manifest("renew", path("v1.jws"), "--key", path("release-1.jwk"), "--expires-in", "30d");

        assertThat(refused).isEqualTo(ExitCodes.DOWNLOAD_FAILED);
        assertThat(err.toString()).contains(path("v1.jws") + " is version 1 of movie.mp4, and this key has "
                + "published version 2 since").contains("renew the newest copy").contains("nothing was written");
        assertThat(Files.readAllBytes(dir.resolve("v1.jws"))).as("the older copy, untouched").isEqualTo(before);
    }

    @Test
    void renewRefusesAnEarlierExpiryAndLeavesTheManifestAlone() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--expires-in", "30d", "--key", path("release-1.jwk"), "-o", path("movie.jws"))).isZero();
        byte[] before = Files.readAllBytes(dir.resolve("movie.jws"));

        int refused = manifest("renew", path("movie.jws"), "--key", path("release-1.jwk"), "--expires-in", "1d");

        assertThat(refused).isEqualTo(ExitCodes.DOWNLOAD_FAILED);
        assertThat(err.toString()).contains("a renewal must not expire earlier");
        assertThat(Files.readAllBytes(dir.resolve("movie.jws"))).isEqualTo(before);
    }

    @Test
    void renewRefusesATamperedManifestAndLeavesItAlone() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", path("release-1.jwk"), "-o", path("movie.jws"))).isZero();
        String jws = Files.readString(dir.resolve("movie.jws")).trim();
        String[] parts = jws.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .replace("v.fastly.example", "evil.example").getBytes());
        Path tampered = Files.writeString(dir.resolve("tampered.jws"), parts[0] + "." + forgedPayload + "." + parts[2]);

        int refused = manifest("renew", tampered.toString(), "--key", path("release-1.jwk"));

        assertThat(refused).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("manifest rejected");
        assertThat(Files.readString(tampered)).doesNotContain("\n").startsWith(parts[0] + "." + forgedPayload);
    }

    @Test
    void renewAfterAKeyRotationChecksTheOldSignatureAgainstTheTrustedSet() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", path("release-1.jwk"), "-o", path("movie.jws"))).isZero();
        assertThat(manifest("keygen", "--alg", "EdDSA", "--kid", "release-2", "--out-private", path("release-2.jwk"),
                "--out-public", path("keys.jwks"))).isZero();

        assertThat(manifest("renew", path("movie.jws"), "--key", path("release-2.jwk")))
                .isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).contains("release-1");

        assertThat(manifest("renew", path("movie.jws"), "--key", path("release-2.jwk"), "--trust", path("keys.jwks")))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("(was signed by \"release-1\") with key \"release-2\"");
        assertThat(verified("movie.jws", Instant.now()).version()).isEqualTo(1);
    }

    /**
     * A rotation as the docs describe it (a new key added to the set, the next release signed with it): the new
     * key's record was empty, so --version auto signed version 1, which every client that had the old key's
     * versions refused as a rollback. --versions-from carries the old key's record over.
     */
    @Test
    void afterAKeyRotationAutomaticVersionsGoOnAfterTheOldKeys() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                    "--key", path("release-1.jwk"), "-o", path("movie.jws"))).as(err.toString()).isZero();
        }
        assertThat(manifest("keygen", "--alg", "EdDSA", "--kid", "release-2", "--out-private", path("release-2.jwk"),
                "--out-public", path("keys.jwks"), "--versions-from", path("release-1.jwk"))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("versions published with " + path("release-1.jwk") + " carried over");

        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", path("release-2.jwk"), "-o", path("movie.jws"))).as(err.toString()).isZero();

        assertThat(out.toString()).contains("signed movie.mp4 version 3 with key \"release-2\"");
        assertThat(verified("movie.jws", Instant.now()).version()).as("after the old key's version 2").isEqualTo(3);
    }

    /**
     * keygen wrote the private key before it found the public set could not take it (its kid taken, a missing
     * folder), leaving a private key nobody trusts under a name a second try refused to overwrite. One file named
     * for both was refused only after the private key was written, as "trust store ...: expected a JWK Set", exit 1.
     */
    @Test
    void keygenThatCannotAddThePublicHalfWritesNoPrivateKey() throws Exception {
        byte[] set = Files.readAllBytes(dir.resolve("keys.jwks"));
        String[][] cases = {
            {"keygen", "--alg", "ES256", "--kid", "release-1", "--out-private", path("again.jwk"),
                "--out-public", path("keys.jwks")},
            {"keygen", "--alg", "ES256", "--kid", "release-2", "--out-private", path("again.jwk"),
                "--out-public", path("no-such-folder/keys.jwks")},
            {"keygen", "--alg", "ES256", "--kid", "release-2", "--out-private", path("no-such-folder/again.jwk"),
                "--out-public", path("keys.jwks")},
            {"keygen", "--alg", "ES256", "--kid", "release-2", "--out-private", path("again.jwk"),
                "--out-public", path("keys.jwks"), "--versions-from", path("release-1.jwk")},
            {"keygen", "--alg", "ES256", "--kid", "release-2", "--out-private", path("again.jwk"),
                "--out-public", path("again.jwk")},
        };
        String[] said = {
            "--kid: " + path("keys.jwks") + " already holds a key with kid \"release-1\"; pick another kid",
            "--out-public: %s goes into %s, a folder that does not exist".formatted(path("no-such-folder/keys.jwks"),
                    path("no-such-folder")),
            "--out-private: %s goes into %s, a folder that does not exist".formatted(path("no-such-folder/again.jwk"),
                    path("no-such-folder")),
            "--versions-from: " + path("release-1.jwk") + " has published nothing",
            "--out-public: " + path("again.jwk") + " is --out-private too, which the public key set would replace",
        };
        for (int i = 0; i < cases.length; i++) {
            assertThat(manifest(cases[i])).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).startsWith(said[i]);
            assertThat(dir.resolve("again.jwk")).as("no private key left by case %d", i).doesNotExist();
        }
        assertThat(Files.readAllBytes(dir.resolve("keys.jwks"))).as("the public set as it was").isEqualTo(set);
    }

    /**
     * An -o that is one of the command's inputs: the file just published was replaced by its own manifest, or the
     * only copy of the signing key by a JWS, and the command said it had signed.
     */
    @Test
    void anOutputThatIsAnInputIsAUsageErrorAndTheInputStays() throws Exception {
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "1", "-o", path("movie.json"))).as(err.toString()).isZero();
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--version", "1", "--key", path("release-1.jwk"), "-o", path("movie.jws"))).isZero();
        Path[] inputs = {movie, dir.resolve("release-1.jwk"), dir.resolve("movie.json"), dir.resolve("keys.jwks")};
        byte[][] before = new byte[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            before[i] = Files.readAllBytes(inputs[i]);
        }
        String[][] cases = {
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--key",
                path("release-1.jwk"), "-o", dir.resolve(".").resolve("movie.mp4").toString()},
            {"create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4", "--key",
                path("release-1.jwk"), "-o", path("release-1.jwk")},
            {"sign", path("movie.json"), "--key", path("release-1.jwk"), "-o", path("movie.json")},
            {"renew", path("movie.jws"), "--key", path("release-1.jwk"), "--trust", path("keys.jwks"),
                "-o", path("keys.jwks")},
        };
        String[] said = {
            "-o: " + dir.resolve(".").resolve("movie.mp4") + " is FILE too, which the manifest would replace",
            "-o: " + path("release-1.jwk") + " is --key too, which the manifest would replace",
            "-o: " + path("movie.json") + " is MANIFEST.json too, which the manifest would replace",
            "-o: " + path("keys.jwks") + " is --trust too, which the manifest would replace",
        };
        for (int i = 0; i < cases.length; i++) {
            assertThat(manifest(cases[i])).as("exit code; stderr: %s", err).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).startsWith(said[i]);
            assertThat(out.toString()).as("nothing hashed").doesNotContain("hashed");
        }
        for (int i = 0; i < inputs.length; i++) {
            assertThat(Files.readAllBytes(inputs[i])).as("%s as it was", inputs[i]).isEqualTo(before[i]);
        }
        assertThat(verified("movie.jws", Instant.now()).version()).as("no version recorded past 1").isEqualTo(1);
        assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                "--key", path("release-1.jwk"), "-o", path("movie.jws"))).isZero();
        assertThat(verified("movie.jws", Instant.now()).version()).as("the next automatic version").isEqualTo(2);
    }

    /** A --key that is not a private key: the media file itself, or the public set. Each says which it is. */
    @Test
    void aKeyFileThatIsNotAPrivateKeySaysWhatItIs() {
        String[] keys = {movie.toString(), path("keys.jwks")};
        String[] said = {
            movie + ": expected a private JWK (JSON text), saw bytes that are not UTF-8 text",
            path("keys.jwks") + ": expected a private JWK, saw a JWK Set (the public keys clients trust); give the "
                    + "key file manifest keygen wrote with --out-private",
        };
        for (int i = 0; i < keys.length; i++) {
            assertThat(manifest("create", movie.toString(), "--mirror", "https://v.fastly.example/v/movie.mp4",
                    "--key", keys[i], "-o", path("movie.jws"))).as("exit code; stderr: %s", err)
                    .isEqualTo(ExitCodes.DOWNLOAD_FAILED);
            assertThat(err.toString()).startsWith(said[i]);
        }
        assertThat(dir.resolve("movie.jws")).doesNotExist();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
