package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.ForeignAddress;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.client.transfer.TransferOption;
import io.outagedrill.client.transfer.TransferOptions;
import io.outagedrill.client.testing.DrippingServer;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import com.nimbusds.jose.jwk.JWK;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code drill get} end to end: a signed manifest, a mirror, exit codes and output as a user sees them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GetCommandTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private static final byte[] CONTENT = new byte[300_000];

    static {
        new SplittableRandom(5).nextBytes(CONTENT);
    }

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    /** The addresses the server accepted connections from. */
    private final java.util.Set<String> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean serveCorrupt;
    private volatile String statusIndicator = "none";
    private final java.util.concurrent.atomic.AtomicInteger statusRequests = new java.util.concurrent.atomic.AtomicInteger();
    private Path trust;
    private Path manifestFile;
    /** When set, manifest requests are answered only once the run's final line is out (or after 10 s). */
    private volatile CountDownLatch manifestAnswersAfter;

    @BeforeEach
    void setUp() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getTarget().startsWith("/status/")) {
                    statusRequests.incrementAndGet();
                    return new MockResponse.Builder().body(("{\"page\":{\"id\":\"x\",\"name\":\"Origin\"},"
                            + "\"status\":{\"indicator\":\"%s\",\"description\":\"Elevated errors\"}}")
                            .formatted(statusIndicator)).build();
                }
                if (request.getTarget().endsWith(".jws")) {
                    CountDownLatch after = manifestAnswersAfter;
                    if (after != null) {
                        awaitQuietly(after);
                    }
                    return new MockResponse.Builder().body(readQuietly(manifestFile)).build();
                }
                Matcher m = RANGE.matcher(request.getHeaders().get("Range"));
                m.matches();
                int first = Integer.parseInt(m.group(1));
                int last = Integer.parseInt(m.group(2));
                byte[] body = Arrays.copyOfRange(CONTENT, first, last + 1);
                if (serveCorrupt) {
                    body[0] ^= 1;
                }
                return new MockResponse.Builder().code(206)
                        .setHeader("Content-Range", "bytes %d-%d/%d".formatted(first, last, CONTENT.length))
                        .body(new Buffer().write(body)).build();
            }
        });
        server.setServerSocketFactory(new PeerRecording(peers));
        server.start();
        JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "test-2026");
        trust = dir.resolve("keys.jwks");
        ManifestKeys.addToPublicSet(key, trust);
        int chunk = 64 * 1024;
        List<String> chunks = new ArrayList<>();
        for (int at = 0; at < CONTENT.length; at += chunk) {
            chunks.add(Sha256.of(Arrays.copyOfRange(CONTENT, at, Math.min(CONTENT.length, at + chunk))));
        }
        Target target = new Target("clip.mp4", CONTENT.length, Sha256.of(CONTENT), "video/mp4", chunk, chunks,
                List.of(new Mirror("origin", URI.create(server.url("/clip.mp4").toString()), 1, "", "")
                        .withStatus(URI.create(server.url("/status").toString()))));
        Manifest manifest = new Manifest(target, Instant.parse("2099-01-01T00:00:00Z"), 3, List.of());
        manifestFile = dir.resolve("clip.jws");
        Files.writeString(manifestFile, new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(manifest));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Server sockets that note each accepted connection's peer address. */
    private static final class PeerRecording extends javax.net.ServerSocketFactory {
        private final java.util.Set<String> peers;

        PeerRecording(java.util.Set<String> peers) {
            this.peers = peers;
        }

        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws IOException {
                    java.net.Socket accepted = super.accept();
                    peers.add(accepted.getInetAddress().getHostAddress());
                    return accepted;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) {
            throw new UnsupportedOperationException("MockWebServer binds an unbound one");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) {
            throw new UnsupportedOperationException("MockWebServer binds an unbound one");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address) {
            throw new UnsupportedOperationException("MockWebServer binds an unbound one");
        }
    }

    /**
     * {@code --bind-address}: every connection (the manifest, the status page, the chunks) from that address, as
     * curl's and aria2c's {@code --interface} make them, so a server can tell this client from others on loopback.
     */
    @Test
    void withBindAddressEveryConnectionComesFromThatAddress() throws IOException {
        Run run = run(get("--bind-address", "127.0.0.9"));

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(Sha256.ofFile(dir.resolve("out/clip.mp4"))).isEqualTo(Sha256.of(CONTENT));
        assertThat(statusRequests.get()).as("the status page was read too").isPositive();
        assertThat(peers).as("the addresses the server saw connections from").containsExactly("127.0.0.9");
    }

    @Test
    void aBindAddressThatIsNoAddressOfThisMachineIsAUsageErrorBeforeAnyRequest() {
        ForeignAddress.assumeUnbindable();
        for (String[] bad : new String[][] {
                {ForeignAddress.TEXT, "--bind-address: " + ForeignAddress.TEXT + " is not an address of this machine ("},
                {"mirror.example", "--bind-address: expected an IP address of this machine (e.g. 127.0.0.5), saw "
                        + "'mirror.example'"}}) {
            Run run = run(get("--bind-address", bad[0]));

            assertThat(run.exit()).as("%s: exit code; stderr:%n%s", bad[0], run.err()).isEqualTo(2);
            assertThat(run.err()).as(bad[0]).contains(bad[1]).doesNotContain("policy ");
        }
        assertThat(server.getRequestCount()).as("requests made").isZero();
        assertThat(dir.resolve("out/clip.mp4")).doesNotExist();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        return run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), args);
    }

    private Run run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        StringWriter usage = new StringWriter();
        CommandLine cli = ClientMain.commandLine();
        GetCommand get = cli.getSubcommands().get("get").getCommand();
        get.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        get.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        cli.setErr(new PrintWriter(usage, true));
        int exit = ClientMain.execute(cli, args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + usage);
    }

    private String[] get(String... extra) {
        List<String> args = new ArrayList<>(List.of("get", server.url("/clip.jws").toString(), "--trust",
                trust.toString(), "-o", dir.resolve("out").toString(), "--allow-http", "--no-cache", "--versions",
                dir.resolve("versions.json").toString(), "--seed", "1", "--backoff", "10ms"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void aPlainHttpManifestWithoutAllowHttpIsRefusedNamingTheFlag() {
        List<String> args = new ArrayList<>(List.of(get()));
        args.remove("--allow-http");

        Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(run.err()).contains("plain http")
                .contains("hint: if these are plain-http URLs of a loopback test setup, --allow-http accepts them");
        assertThat(dir.resolve("out/clip.mp4")).doesNotExist();
    }

    @Test
    void downloadsAndVerifiesAndPrintsThePath() throws IOException {
        Run run = run(get());
        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isZero();
        Path file = dir.resolve("out/clip.mp4");
        assertThat(Sha256.ofFile(file)).isEqualTo(Sha256.of(CONTENT));
        assertThat(run.out().strip()).isEqualTo(file.toString());
        assertThat(run.err()).contains("manifest for clip.mp4 v3 accepted").contains("SHA-256 verified")
                .contains("policy adaptive, seed 1");
    }

    /**
     * Run again into the same folder, the verified file is there: nothing is fetched, and the console says so, where
     * it used to print the "complete ... in 0.0 s" line alone, as if the file had been downloaded.
     */
    @Test
    void aSecondRunFindsTheFileInPlaceAndSaysNothingWasFetched() {
        assertThat(run(get()).exit()).as("the first run").isZero();
        int requests = server.getRequestCount();

        Run again = run(get());
        Run json = run(get("--json"));

        Path file = dir.resolve("out/clip.mp4");
        assertThat(again.exit()).as("exit code; stderr:%n%s", again.err()).isZero();
        assertThat(again.err()).as("what the second run said").contains("clip.mp4 is already in place at " + file
                + ", its SHA-256 verified: nothing to fetch").contains("clip.mp4 complete");
        assertThat(again.out().strip()).isEqualTo(file.toString());
        assertThat(json.out().lines().filter(l -> !l.contains("\"event\":\"manifest-")).toList())
                .as("the events after the manifest's, with --json").hasSize(2)
                .satisfies(lines -> assertThat(lines.getFirst()).startsWith("{\"event\":\"already-in-place\"")
                        .contains("\"path\":\"" + file.toUri()))
                .satisfies(lines -> assertThat(lines.getLast()).startsWith("{\"event\":\"completed\""));
        assertThat(server.getRequestCount() - requests).as("requests after the first run: the manifest's alone")
                .isEqualTo(2);
    }

    @Test
    void aManifestSignedWithEd25519IsCheckedAndDownloadedTheSame() throws Exception {
        JWK ed = ManifestKeys.generate(ManifestAlgorithm.EdDSA, "ed-2026");
        Path edTrust = dir.resolve("ed-keys.jwks");
        ManifestKeys.addToPublicSet(ed, edTrust);
        String es256 = Files.readString(manifestFile);
        Manifest manifest = ManifestJson.parse(com.nimbusds.jose.JWSObject.parse(es256).getPayload().toBytes(),
                ManifestJson.Options.ALLOW_PLAIN_HTTP);
        Files.writeString(manifestFile, new ManifestSigner(ed, ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(manifest));
        List<String> args = new ArrayList<>(List.of(get()));
        args.set(args.indexOf(trust.toString()), edTrust.toString());

        Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).as("exit code of a get of an EdDSA manifest; stderr:%n%s", run.err()).isZero();
        assertThat(Sha256.ofFile(dir.resolve("out/clip.mp4"))).isEqualTo(Sha256.of(CONTENT));
        assertThat(run.err()).contains("manifest for clip.mp4 v3 accepted").contains("signed by key ed-2026");
    }

    @Test
    void jsonPrintsOneEventPerLineWithTheFinalCompletedEvent() {
        Run run = run(get("--json"));
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{\"event\":\""));
        assertThat(lines.getFirst()).contains("\"event\":\"manifest-accepted\"");
        assertThat(lines.getLast()).contains("\"event\":\"completed\"").contains("\"sha256\":\"" + Sha256.of(CONTENT));
    }

    @Test
    void fileRefusesAManifestForAnotherFileWithExit3AndWritesNothing() {
        Run run = run(get("--file", "setup.exe"));

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(run.err()).contains("WRONG_FILE").contains("expected a manifest for setup.exe, saw a valid one "
                + "for clip.mp4 (version 3)");
        assertThat(dir.resolve("out/clip.mp4")).as("the other file").doesNotExist();
        assertThat(dir.resolve("versions.json")).as("version memory written for a refused manifest").doesNotExist();
    }

    @Test
    void fileNamingTheManifestsFileDownloadsIt() throws IOException {
        Run run = run(get("--file", "clip.mp4"));

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(Sha256.ofFile(dir.resolve("out/clip.mp4"))).isEqualTo(Sha256.of(CONTENT));
    }

    @Test
    void aFileThatCannotBeAFileNameIsAUsageError() {
        Run run = run(get("--file", "../clip.mp4"));

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--file: expected a single plain file name, saw \"../clip.mp4\"");
    }

    /**
     * Mistakes said before any request: -o "" (a variable never set) would download into the current folder, and
     * an ftp:// manifest was told as "no such file".
     */
    @Test
    void anEmptyOutputFolderOrAManifestURLThatIsNotHttpIsAUsageError() {
        List<String> emptyOutput = new ArrayList<>(List.of(get()));
        emptyOutput.set(emptyOutput.indexOf("-o") + 1, "");
        Run empty = run(emptyOutput.toArray(String[]::new));
        assertThat(empty.exit()).as("-o \"\": exit code; stderr:%n%s", empty.err()).isEqualTo(2);
        assertThat(empty.err()).startsWith("-o: an empty folder name (a variable that was not set?) would download "
                + "into the current folder");

        List<String> args = new ArrayList<>(List.of(get()));
        args.set(1, "ftp://mirror.example/clip.jws");
        Run ftp = run(args.toArray(String[]::new));
        assertThat(ftp.exit()).as("ftp: exit code; stderr:%n%s", ftp.err()).isEqualTo(2);
        assertThat(ftp.err()).startsWith("expected a manifest's https URL or file path, saw "
                + "ftp://mirror.example/clip.jws");
        assertThat(server.getRequestCount()).as("requests made").isZero();
    }

    @Test
    void moreConnectionsThanTheClientOpensIsAUsageError() {
        for (String[] flag : List.of(new String[] {"--connections", "65"},
                new String[] {"--connections-per-mirror", "17"})) {
            List<String> args = new ArrayList<>(List.of(get()));
            args.addAll(1, List.of(flag));

            Run run = run(args.toArray(String[]::new));

            assertThat(run.exit()).as("%s %s: exit code; stderr:%n%s", flag[0], flag[1], run.err()).isEqualTo(2);
            assertThat(run.err()).as("%s %s", flag[0], flag[1]).contains("Invalid value for option '" + flag[0]
                    + "': expected 1 to ").contains(", saw " + flag[1]);
            assertThat(dir.resolve("out")).as("nothing downloaded").doesNotExist();
        }
    }

    @Test
    void signedAndUnsignedReplicasTogetherAreAUsageError() {
        List<String> args = new ArrayList<>(List.of(get()));
        args.add(1, dir.resolve("clip.meta4").toString());

        Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isEqualTo(2);
        assertThat(run.err()).contains("1 signed manifest(s) and 1 unsigned .meta4 file(s) given as replicas");
        assertThat(server.getRequestCount()).as("requests made").isZero();
    }

    @Test
    void aRejectedManifestExitsWith3AndSaysWhy() throws IOException {
        JWK stranger = ManifestKeys.generate(ManifestAlgorithm.ES256, "stranger");
        Path otherTrust = dir.resolve("other.jwks");
        ManifestKeys.addToPublicSet(stranger, otherTrust);
        List<String> args = new ArrayList<>(List.of(get()));
        args.set(args.indexOf("--trust") + 1, otherTrust.toString());
        Run run = run(args.toArray(String[]::new));
        assertThat(run.exit()).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(run.err()).contains("test-2026");
        assertThat(dir.resolve("out/clip.mp4")).doesNotExist();
    }

    @Test
    void aRolledBackVersionSaysHowToForgetTheVersionThisClientRemembers() {
        Path versions = dir.resolve("versions.json");
        new FileVersionStore(versions).record("clip.mp4", 5, Instant.parse("2026-12-01T00:00:00Z"));

        Run run = run(get());

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(run.err()).contains("version 3 is older than version 5")
                .contains("hint: if the publisher really went back to this version, `drill manifest forget clip.mp4 "
                        + "--versions " + versions + "` clears what this client remembers of it");
    }

    @Test
    void anAlternateTheManifestDoesNotListIsAUsageErrorNamingTheFlag() {
        Run run = run(get("--alternate", "1080p"));

        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--alternate: the manifest has no alternate '1080p'; it has: none");
        assertThat(dir.resolve("out/clip.mp4")).doesNotExist();
    }

    /** A file that is there but holds no key set (a missing one is a usage error, below). */
    @Test
    void aTrustStoreThatCannotBeReadIsNamedInOneLineWithoutAStackTrace() throws IOException {
        Path notJwks = Files.writeString(dir.resolve("keys.txt"), "not a key set");
        List<String> args = new ArrayList<>(List.of(get()));
        args.set(args.indexOf("--trust") + 1, notJwks.toString());

        Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).as("exit code for %s; stderr:%n%s", notJwks, run.err())
                .isEqualTo(ExitCodes.DOWNLOAD_FAILED);
        assertThat(run.err()).as("stderr for %s", notJwks).contains("error: ").contains(notJwks.toString())
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("out/clip.mp4")).doesNotExist();
    }

    /**
     * A usage error, as {@code drill manifest verify} has it: refused before anything is printed or fetched, with the
     * flag and the path (it was exit 1 after the policy line, beside verify's exit 2 for the same mistake).
     */
    @Test
    void aMissingTrustStoreOrCaCertificateIsAUsageErrorNamingFlagAndPath() {
        Path missing = dir.resolve("missing.pem");
        List<String> noTrust = new ArrayList<>(List.of(get()));
        noTrust.set(noTrust.indexOf("--trust") + 1, dir.resolve("missing.jwks").toString());

        Run trustRun = run(noTrust.toArray(String[]::new));
        Run caRun = run(get("--ca-cert", missing.toString()));
        Run folderRun = run(get("--ca-cert", dir.toString()));

        assertThat(trustRun.exit()).as(trustRun.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(trustRun.err()).contains("--trust: no such file: " + dir.resolve("missing.jwks"))
                .contains("Try 'drill get --help' for the options.").doesNotContain("policy ");
        assertThat(trustRun.out()).as("stdout").isEmpty();
        assertThat(caRun.exit()).as(caRun.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(caRun.err()).contains("--ca-cert: no such file: " + missing);
        assertThat(folderRun.exit()).as(folderRun.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(folderRun.err()).contains("--ca-cert: " + dir + " is a folder, not a file");
        assertThat(server.getRequestCount()).as("requests made").isZero();
    }

    @Test
    void aMirrorThatOnlyServesCorruptBytesFailsWithExit1AndLeavesNoFile() {
        serveCorrupt = true;
        Run run = run(get("--retries", "1"));
        assertThat(run.exit()).isEqualTo(ExitCodes.DOWNLOAD_FAILED);
        assertThat(run.err()).contains("failed its SHA-256").contains("no mirror can serve clip.mp4");
        assertThat(dir.resolve("out/clip.mp4")).doesNotExist();
    }

    @Test
    void anUnknownPolicyIsAUsageErrorNamingTheChoices() {
        Run run = run(get("--policy", "fastest"));
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Invalid value for option '--policy': unknown failover policy 'fastest'")
                .contains("sequential, parallel, adaptive");
    }

    @Test
    void noManifestAnUnknownFlagOrABadValueIsAUsageErrorBeforeAnythingStarts() {
        // get's command line is built by hand (GetCommand.describe): these are picocli's checks, which the
        // annotations used to switch on and the builder must ask for.
        Run none = run("get");
        assertThat(none.exit()).as("no MANIFEST: %s", none.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("Missing required parameter: 'MANIFEST'");
        Run unknown = run("get", "--bogus", "m.jws");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'")
                .endsWith("Try 'drill get --help' for the options.%n".formatted());
        Run badResolve = run("get", "--resolve", "cdn.example", "--trust", trust.toString(), "m.jws");
        assertThat(badResolve.exit()).as("--resolve without an address: %s", badResolve.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(badResolve.err()).as("a usage error, and nothing said about a download that never started")
                .startsWith("--resolve: ").doesNotContain("policy ")
                .endsWith("Try 'drill get --help' for the options.%n".formatted());
        Run untrusted = run("get", "m.jws");
        assertThat(untrusted.exit()).as("no --trust: %s", untrusted.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(untrusted.err()).as("a usage error, and nothing said about a download that never started")
                .isEqualTo(("--trust KEYS.jwks is required to verify a signed manifest%n"
                        + "Try 'drill get --help' for the options.%n").formatted());
        Run badTls = run("get", "--tls", "foo", "m.jws");
        assertThat(badTls.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTls.err()).contains("Invalid value for option '--tls': expected auto, conscrypt or jdk, saw 'foo'");
        GetCommand attached = new GetCommand();
        new CommandLine(attached.spec()).parseArgs("--json=true", "--force=false", "--offline", "m.jws");
        assertThat(List.of(attached.json, attached.force, attached.offline)).as("--json=true, --force=false, --offline")
                .containsExactly(true, false, true);
        Run badSkew = run("get", "--skew", "soon", "m.jws");
        assertThat(badSkew.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badSkew.err()).contains("Invalid value for option '--skew'");
    }

    @Test
    void aStatusPageReportingAnOutageIsShownAndTheOnlyMirrorIsStillUsed() {
        statusIndicator = "major";
        Run run = run(get());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(statusRequests.get()).isEqualTo(1);
        assertThat(run.err()).contains(": its status page reports a major outage (\"Elevated errors\"); trying it last");
    }

    @Test
    void statusPagesAreNotReadWithNoStatusFeedsOrWhenTheConfigFileSaysSo() throws IOException {
        statusIndicator = "major";
        Run off = run(get("--no-status-feeds"));
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(off.err()).doesNotContain("status page");
        Files.delete(dir.resolve("out/clip.mp4"));

        Path config = dir.resolve("drill.properties");
        Files.writeString(config, "status-feeds=false\n");
        Run fromFile = run(get("--config", config.toString()));
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(statusRequests.get()).as("no status request at all").isZero();
    }

    @Test
    void aConfigFileSetsDefaultsThatTheCommandLineOverrides() throws IOException {
        Path config = dir.resolve("drill.properties");
        Files.writeString(config, "policy=sequential\nconnections=3\n");
        Run fromFile = run(get("--config", config.toString()));
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(fromFile.err()).contains("policy sequential");
        Files.delete(dir.resolve("out/clip.mp4"));
        Run overridden = run(get("--config", config.toString(), "--policy", "parallel"));
        assertThat(overridden.err()).contains("policy parallel");
        Run missing = run(get("--config", dir.resolve("nope.properties").toString()));
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--config: no such file: " + dir.resolve("nope.properties"));
    }

    /**
     * An on/off option in the file and on the command line stays on: picocli flips a bare boolean's default, and the
     * file's value is installed as that default, so --offline beside offline=true went online, --allow-http beside
     * allow-http=true refused plain http, --json beside json=true printed no JSON.
     */
    @Test
    void anOnOffOptionGivenInTheConfigFileAndOnTheCommandLineStaysOn() throws IOException {
        Path config = dir.resolve("drill.properties");
        Files.writeString(config, "allow-http=true\nno-cache=true\njson=true\n");

        Run both = run(get("--config", config.toString(), "--json")); // get() gives --allow-http and --no-cache

        assertThat(both.exit()).as("exit; stderr: %s", both.err()).isZero();
        assertThat(both.out().lines().findFirst()).as("stdout, JSON lines; stderr: %s", both.err()).get().asString()
                .startsWith("{");
    }

    @Test
    void aConfigThatIsAFolderIsSaidToBeOneNotToBeMissing() {
        Run run = run(get("--config", dir.toString()));

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--config: " + dir + " is a folder, not a file")
                .doesNotContain("no such file");
    }

    /** Another file given as --config by mistake: said as such, not as the decoder's "Input length = 1". */
    @Test
    void aConfigThatIsNotTextIsSaidToBeNone() throws IOException {
        Path config = Files.write(dir.resolve("clip.mp4"), new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x7f});

        Run run = run(get("--config", config.toString()));

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("--config %s: expected a properties file (lines such as stall-timeout=2s), "
                .formatted(config) + "saw bytes that are not UTF-8 text");
    }

    /** A misspelt key would leave the default the user meant to change: refused, with the key it was close to. */
    @Test
    void anUnknownKeyInTheConfigFileIsAUsageErrorBeforeAnyDownload() throws IOException {
        Path config = Files.writeString(dir.resolve("typo.properties"), "policy=sequential\nstall-timout=2s\n");

        Run typo = run(get("--config", config.toString()));

        assertThat(typo.exit()).as(typo.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).startsWith("--config %s: unknown key 'stall-timout' (did you mean 'stall-timeout'?)"
                .formatted(config));
        assertThat(dir.resolve("out/clip.mp4")).as("nothing downloaded").doesNotExist();
        CommandLine fast = ClientMain.commandLine(new String[] {"get"});
        fast.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(ClientMain.execute(fast, get("--config", config.toString())))
                .as("get's fast start, whose root has get alone").isEqualTo(ExitCodes.USAGE);
        Files.writeString(config, "cache-limit=1GiB\nstatus-feeds=false\n");
        Run cacheKeys = run(get("--config", config.toString()));
        assertThat(cacheKeys.exit()).as("keys of the cache commands, which share the file: %s", cacheKeys.err())
                .isZero();
    }

    /** {@link #get} with the content cache on instead of {@code --no-cache}. */
    private String[] getCached(String... extra) {
        List<String> args = new ArrayList<>(List.of(get(extra)));
        args.remove("--no-cache");
        return args.toArray(String[]::new);
    }

    /**
     * A get that starts from a kept manifest fetches it again in the background; when that fetch ended after the
     * download, its line ("manifest for clip.mp4 v3 accepted from ...") came after the final "complete" line, and
     * with --json its event after {@code completed}. Here the fetch is answered only once the final line is out:
     * the final line must be last all the same (the background fetch gives up at --manifest-timeout).
     */
    @Test
    void theFinalLineComesAfterWhatTheKeptManifestsBackgroundFetchSays() throws IOException {
        String cache = dir.resolve("cache").toString();
        Run first = run(getCached("--cache", cache));
        assertThat(first.exit()).as("exit code of the get that keeps the manifest; stderr:%n%s", first.err()).isZero();

        Files.delete(dir.resolve("out/clip.mp4"));
        ByteArrayOutputStream words = watchedFor(" complete: ");
        Run console = run(new ByteArrayOutputStream(), words, getCached("--cache", cache, "--manifest-timeout", "2s"));

        assertThat(console.exit()).as("exit code; stderr:%n%s", console.err()).isZero();
        assertThat(console.err().lines().toList().getLast()).as("the last line of stderr:%n%s", console.err())
                .startsWith("clip.mp4 complete: ");

        Files.delete(dir.resolve("out/clip.mp4"));
        ByteArrayOutputStream events = watchedFor("\"event\":\"completed\"");
        Run json = run(events, new ByteArrayOutputStream(),
                getCached("--cache", cache, "--manifest-timeout", "2s", "--json"));

        assertThat(json.exit()).as("exit code; stderr:%n%s", json.err()).isZero();
        assertThat(json.out().lines().toList().getLast()).as("the last --json line of:%n%s", json.out())
                .startsWith("{\"event\":\"completed\"");
    }

    /**
     * A stream that lets manifest requests be answered ({@link #manifestAnswersAfter}) once {@code text} has been
     * written to it.
     */
    private ByteArrayOutputStream watchedFor(String text) {
        CountDownLatch written = new CountDownLatch(1);
        manifestAnswersAfter = written;
        return new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                super.write(bytes, offset, length);
                if (toString(StandardCharsets.UTF_8).contains(text)) {
                    written.countDown();
                }
            }

            @Override
            public synchronized void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }

    @Test
    void theCacheFolderAndLimitFromTheConfigFileServeALaterOfflineGet() throws IOException {
        Path config = dir.resolve("drill.properties");
        Files.writeString(config, "cache=%s\ncache-limit=1MiB\n".formatted(dir.resolve("cache")));
        Run online = run(getCached("--config", config.toString()));
        assertThat(online.exit()).as(online.err()).isZero();
        Files.delete(dir.resolve("out/clip.mp4"));

        Run offline = run(getCached("--config", config.toString(), "--offline"));

        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(offline.err()).contains("clip.mp4 served from the local cache (%s)".formatted(dir.resolve("cache")));
        assertThat(Sha256.ofFile(dir.resolve("out/clip.mp4"))).isEqualTo(Sha256.of(CONTENT));
    }

    /** A script sees exit 5 and must be told why, on stderr, or in a {@code failed} event with {@code --json}. */
    @Test
    void anOfflineGetWithNoKeptManifestSaysWhyInWordsAndInJson() throws IOException {
        Run words = run(getCached("--cache", dir.resolve("cache").toString(), "--offline"));
        Run json = run(getCached("--cache", dir.resolve("cache").toString(), "--offline", "--json"));

        assertThat(words.exit()).as("exit code; stderr:%n%s", words.err()).isEqualTo(ExitCodes.OFFLINE_NOT_CACHED);
        assertThat(words.err()).as("stderr of an offline get with nothing kept")
                .contains(server.url("/clip.jws") + " failed: no kept copy of the manifest")
                .contains("this download is offline: no network");
        assertThat(words.out()).as("stdout").isEmpty();
        assertThat(json.exit()).isEqualTo(ExitCodes.OFFLINE_NOT_CACHED);
        assertThat(json.out().lines().toList()).as("--json lines").singleElement()
                .satisfies(line -> assertThat(line).startsWith("{\"event\":\"failed\"")
                        .contains("this download is offline: no network"));
        assertThat(server.getRequestCount()).as("requests of an offline get").isZero();
    }

    @Test
    void aFileLargerThanTheCacheLimitIsDeliveredButNotCachedAndTheUserIsTold() throws IOException {
        Run run = run(getCached("--cache", dir.resolve("cache").toString(), "--cache-limit", "100KiB"));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Sha256.ofFile(dir.resolve("out/clip.mp4"))).isEqualTo(Sha256.of(CONTENT));
        assertThat(run.err()).contains("clip.mp4 not kept in the local cache: it is 293.0 KiB, more than the whole "
                + "cache limit of 100.0 KiB");
        Files.delete(dir.resolve("out/clip.mp4"));
        Run offline = run(getCached("--cache", dir.resolve("cache").toString(), "--offline"));
        assertThat(offline.exit()).isEqualTo(ExitCodes.OFFLINE_NOT_CACHED);
    }

    @Test
    void aBadCacheLimitIsAUsageErrorNamingTheFlagWhetherTypedOrFromTheConfigFile() throws IOException {
        Run typed = run(getCached("--cache-limit", "10 XB"));
        Path config = dir.resolve("drill.properties");
        Files.writeString(config, "cache-limit=10 XB\n");
        Run fromFile = run(getCached("--config", config.toString()));

        for (Run run : List.of(typed, fromFile)) {
            assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("Invalid value for option '--cache-limit': expected a size such as "
                    + "500MiB, 10GiB or 1.5TB (units: B, KB, KiB, MB, MiB, GB, GiB, TB, TiB), saw '10 XB'");
        }
        assertThat(fromFile.err()).as("where the value came from").contains("(from --config " + config + ")");
        assertThat(typed.err()).doesNotContain("--config");
        Run overriddenBadly = run(getCached("--config", config.toString(), "--cache-limit", "10 XB"));
        assertThat(overriddenBadly.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(overriddenBadly.err()).as("typed over the file: the typed value is named")
                .contains("Invalid value for option '--cache-limit'").contains("saw '10 XB'")
                .doesNotContain("(from --config");
        assertThat(dir.resolve("out/clip.mp4")).doesNotExist();
    }

    @Test
    void helpListsEveryTransferKnobWithItsDefaultAndHelp() {
        String help = new CommandLine(new GetCommand().spec()).getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " "); // as read, not as wrapped to the terminal
        for (TransferOption<?> option : TransferOptions.ALL) {
            assertThat(help).as("help of --%s", option.name())
                    .contains((option.isSwitch() ? "--[no-]" : "--") + option.name());
        }
        assertThat(help).contains("--stall-timeout=DURATION", "No byte for this long: replace the connection (5s).",
                "--[no-]hedging", "Replace a connection slower than this over --speed-window; 0 disables (16384).",
                "--range-ignored=stream|drop", "--trust=KEYS.jwks");
    }

    @Test
    void getAndItsCacheOptionsCarryNoAnnotationThatPicocliWouldSilentlyIgnore() {
        // get is built with picocli's programmatic API (start time), which never reads annotations: an @Option
        // added to these classes would compile and never become an option.
        List<String> annotated = new ArrayList<>();
        for (Class<?> type : List.of(GetCommand.class, CacheOptions.class)) {
            if (hasPicocliAnnotation(type.getAnnotations())) {
                annotated.add(type.getSimpleName());
            }
            for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                if (hasPicocliAnnotation(field.getAnnotations())) {
                    annotated.add(type.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertThat(annotated).as("picocli annotations where get's model is built by hand (add options in "
                + "GetCommand.describe or CacheOptions.addTo instead)").isEmpty();
    }

    private static boolean hasPicocliAnnotation(java.lang.annotation.Annotation[] annotations) {
        return java.util.Arrays.stream(annotations)
                .anyMatch(a -> a.annotationType().getName().startsWith("picocli."));
    }

    @Test
    void flagsAndTheirDefaultsBecomeTheTransferConfig() {
        GetCommand get = new GetCommand();
        new CommandLine(get.spec()).parseArgs("m.jws", "--stall-timeout", "2s", "--no-hedging", "--range-ignored", "drop",
                "--min-speed", "32KiB", "--mirror", "fastly", "--seed", "7", "--allow-http");

        TransferConfig config = get.transferConfig();

        assertThat(config.stallTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.hedging()).isFalse();
        assertThat(config.rangeIgnored()).isEqualTo(TransferConfig.RangeIgnoredAction.DROP);
        assertThat(config.minSpeed()).isEqualTo(32 * 1024);
        assertThat(config.pinnedMirror()).contains("fastly");
        assertThat(config.seed()).isEqualTo(7);
        assertThat(config.allowPlainHttp()).isTrue();
        assertThat(config.toBuilder().seed(0).allowPlainHttp(false).hedging(true).stallTimeout(Duration.ofSeconds(5))
                .rangeIgnored(TransferConfig.RangeIgnoredAction.STREAM).minSpeed(16384).pinnedMirror(null).build())
                .as("every other knob at its default").isEqualTo(TransferConfig.defaults().toBuilder().seed(0).build());
    }

    @Test
    void manifestTimeoutIsATransferKnobWithATenSecondDefault() {
        GetCommand get = new GetCommand();
        new CommandLine(get.spec()).parseArgs("m.jws", "--manifest-timeout", "1500ms");

        assertThat(get.transferConfig().manifestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(TransferConfig.defaults().manifestTimeout()).isEqualTo(ManifestFetcher.DEFAULT_COPY_TIME_LIMIT);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void aManifestCopyDrippingItsBodyIsAbandonedAtTheManifestTimeoutAndTheNextCopyServes() throws IOException {
        try (DrippingServer dripping = DrippingServer.drippingBody()) {
            String slow = dripping.url("/clip.jws");
            String[] args = get("--manifest-timeout", "1s");
            args[1] = slow; // the dripping copy first, then the honest one
            List<String> withSecondCopy = new ArrayList<>(List.of(args));
            withSecondCopy.add(2, server.url("/clip.jws").toString());

            Run run = run(withSecondCopy.toArray(String[]::new));

            assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isZero();
            assertThat(Sha256.ofFile(dir.resolve("out/clip.mp4"))).isEqualTo(Sha256.of(CONTENT));
            assertThat(run.err()).contains("manifest from " + slow + " rejected")
                    .contains("limit of 1000 ms per manifest copy");
        }
    }

    @Test
    void aBadResolveIsAUsageErrorNamingTheFlag() {
        Run run = run(get("--resolve", "cloudflare.test"));
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--resolve: expected HOST:ADDRESS (e.g. cloudflare.test:127.0.0.2), "
                + "saw 'cloudflare.test'");
    }

    @Test
    void aBadDnsServerIsAUsageErrorNamingTheFlag() {
        Run port = run(get("--dns-server", "127.0.0.1:99999"));
        assertThat(port.exit()).as(port.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(port.err()).contains("--dns-server: a port from 1 to 65535, saw 99999 in '127.0.0.1:99999'");
        Run word = run(get("--dns-server", "127.0.0.1:dns"));
        assertThat(word.exit()).as(word.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(word.err()).contains("--dns-server: expected ADDRESS:PORT (e.g. 127.0.0.1:5353), saw '127.0.0.1:dns'");
    }

    /** Each value is refused before any lookup, naming the option and what is wrong with it. */
    @Test
    void aDnsServerWithoutAnAddressOrByNameIsAUsageErrorSayingSo() {
        java.util.Map<String, String> said = new java.util.LinkedHashMap<>();
        said.put("", "--dns-server: expected ADDRESS[:PORT] (e.g. 127.0.0.1:5353), saw '': no address");
        said.put(":53", "--dns-server: expected ADDRESS[:PORT] (e.g. 127.0.0.1:5353), saw ':53': no address");
        said.put("localhost:5353", "--dns-server: 'localhost' is not an IP address (a name server is given by its "
                + "address, e.g. 127.0.0.1 or [::1])");
        said.put("127.1", "--dns-server: '127.1' is not an IP address");
        said.put("[::1", "--dns-server: expected [IPV6]:PORT (e.g. [::1]:5353), saw '[::1'");
        said.put("[::1]5353", "--dns-server: expected [IPV6]:PORT (e.g. [::1]:5353), saw '[::1]5353'");
        said.forEach((value, error) -> {
            Run run = run(get("--dns-server", value));
            assertThat(run.exit()).as("--dns-server '%s': %s", value, run.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as("--dns-server '%s'", value).contains(error);
        });
    }

    @Test
    void anOutputThatIsAFileIsAUsageErrorNotLocalTrouble() throws IOException {
        Path file = Files.writeString(dir.resolve("clip.mp4"), "an earlier download");
        Run run = run("get", server.url("/clip.jws").toString(), "--trust", trust.toString(), "-o", file.toString(),
                "--allow-http", "--no-cache");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("-o: " + file + " is a file, not a folder; -o names the folder to download "
                + "into (the file keeps the name its manifest gives it)");
        assertThat(Files.readString(file)).as("the file named by -o").isEqualTo("an earlier download");
    }

    @Test
    void aDifferentFileAtTheDestinationIsKeptAndTheHintNamesTheFlag() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/clip.mp4"), "my own notes");
        Run run = run(get());
        assertThat(run.exit()).isEqualTo(ExitCodes.DOWNLOAD_FAILED);
        assertThat(run.err()).contains("not touching it").contains("hint: use --force to replace it");
        assertThat(Files.readString(dir.resolve("out/clip.mp4"))).isEqualTo("my own notes");
    }
}
