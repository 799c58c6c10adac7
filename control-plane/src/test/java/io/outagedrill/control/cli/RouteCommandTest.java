package io.outagedrill.control.cli;

import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code drill route} as an operator runs it: a down primary ends up behind the healthy mirror in the file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RouteCommandTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    @TempDir
    Path dir;

    private final byte[] content = new byte[40_000];
    private final MockWebServer down = new MockWebServer();
    private final MockWebServer healthy = new MockWebServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final java.util.concurrent.atomic.AtomicBoolean primaryDown =
            new java.util.concurrent.atomic.AtomicBoolean(true);

    /** The file's bytes for a Range request, as a mirror that works serves them. */
    private MockResponse ranged(RecordedRequest request) {
        Matcher m = RANGE.matcher(String.valueOf(request.getHeaders().get("Range")));
        if (!m.matches()) {
            return new MockResponse.Builder().code(416).build();
        }
        int from = Integer.parseInt(m.group(1));
        int to = Integer.parseInt(m.group(2));
        return new MockResponse.Builder().code(206)
                .addHeader("Content-Range", "bytes %d-%d/%d".formatted(from, to, content.length))
                .body(new Buffer().write(Arrays.copyOfRange(content, from, to + 1))).build();
    }

    @AfterEach
    void close() throws IOException {
        down.close();
        healthy.close();
    }

    private static URI url(MockWebServer server, String host) {
        return host == null ? URI.create(server.url("/movie.mp4").toString())
                : URI.create("http://" + host + ":" + server.getPort() + "/movie.mp4");
    }

    private int route(String... args) {
        CommandLine cli = new CommandLine(new RouteCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** A primary answering 502, a healthy backup, and the manifest listing them in that order (version 4). */
    private Path downPrimaryAndHealthyBackup() throws IOException {
        return primaryAndBackup(null, null);
    }

    /**
     * {@link #downPrimaryAndHealthyBackup}, the mirrors' URLs naming {@code primaryHost} and {@code backupHost} (null:
     * the servers' own, localhost).
     */
    private Path primaryAndBackup(String primaryHost, String backupHost) throws IOException {
        new Random(1).nextBytes(content);
        down.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return primaryDown.get() ? new MockResponse.Builder().code(502).build() : ranged(request);
            }
        });
        healthy.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return ranged(request);
            }
        });
        down.start();
        healthy.start();
        JWK key = ManifestKeys.generate(ManifestAlgorithm.EdDSA, "ops-1");
        ManifestKeys.writePrivate(key, dir.resolve("ops-1.jwk"));
        Target target = new Target("movie.mp4", content.length, Sha256.of(content), "", 10_000,
                List.of(chunk(0), chunk(1), chunk(2), chunk(3)),
                List.of(new Mirror("primary", url(down, primaryHost), 1, "", null),
                        new Mirror("backup", url(healthy, backupHost), 1, "", null)));
        Path signed = Files.writeString(dir.resolve("movie.jws"), new ManifestSigner(key,
                ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(new Manifest(target, Instant.now().plus(Duration.ofDays(1)),
                4, List.of())));
        return signed;
    }

    /**
     * {@code --dns-server}: the probes look the mirrors' names up at that name server, so a name it fails (SERVFAIL)
     * is a mirror that cannot be reached, demoted, while the other, which it resolves, goes first. Here a name server
     * the test drives on loopback (dnsjava writes its answers).
     */
    @Test
    void aMirrorWhoseNameTheNameServerFailsIsDemoted() throws Exception {
        Path signed = primaryAndBackup("primary.test", "backup.test");
        primaryDown.set(false); // both servers healthy: only the name fails
        try (java.net.DatagramSocket server = new java.net.DatagramSocket(new java.net.InetSocketAddress(
                java.net.InetAddress.getLoopbackAddress(), 0))) {
            Thread answering = Thread.ofPlatform().daemon().start(() -> answer(server, "backup.test"));

            int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", signed.toString(),
                    "--interval", "100ms", "--rounds", "2", "--allow-http", "--dns-server",
                    "127.0.0.1:" + server.getLocalPort());

            assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).as("what route said").contains("primary.test: SERVFAIL from 127.0.0.1:")
                    .contains("primary at primary.test:" + down.getPort() + " demoted");
            server.close();
            answering.join(5_000);
        }
        Manifest republished = ManifestJson.parse(java.util.Base64.getUrlDecoder().decode(
                Files.readString(signed).trim().split("\\.")[1]), ManifestJson.Options.ALLOW_PLAIN_HTTP);
        assertThat(republished.target().mirrors()).extracting(Mirror::provider).containsExactly("backup", "primary");
    }

    /** Answers A queries on {@code server}: {@code resolved} at 127.0.0.1, any other name SERVFAIL; until closed. */
    private static void answer(java.net.DatagramSocket server, String resolved) {
        byte[] buffer = new byte[4096];
        for (int answered = 0; answered < 1_000 && !server.isClosed(); answered++) {
            try {
                java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
                server.receive(packet);
                org.xbill.DNS.Message query = new org.xbill.DNS.Message(Arrays.copyOf(buffer, packet.getLength()));
                org.xbill.DNS.Record question = query.getQuestion();
                org.xbill.DNS.Message reply = new org.xbill.DNS.Message(query.getHeader().getID());
                reply.getHeader().setFlag(org.xbill.DNS.Flags.QR);
                reply.addRecord(question, org.xbill.DNS.Section.QUESTION);
                if (question.getName().toString(true).equals(resolved)) {
                    reply.addRecord(new org.xbill.DNS.ARecord(question.getName(), org.xbill.DNS.DClass.IN, 0,
                            java.net.InetAddress.getLoopbackAddress()), org.xbill.DNS.Section.ANSWER);
                } else {
                    reply.getHeader().setRcode(org.xbill.DNS.Rcode.SERVFAIL);
                }
                byte[] wire = reply.toWire(512);
                server.send(new java.net.DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Test
    void aMalformedDnsServerIsAUsageErrorNamingTheOption() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();

        int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", signed.toString(),
                "--rounds", "1", "--allow-http", "--dns-server", "name.server.test");

        assertThat(exit).as(out.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("--dns-server: ");
    }

    @Test
    void aDownPrimaryIsDemotedInTheRepublishedManifest() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();

        int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", signed.toString(),
                "--interval", "100ms", "--rounds", "2", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("routing movie.mp4 version 4: 2 mirrors")
                .contains("chunk 0 failed: HTTP 502").contains("primary at localhost:" + down.getPort() + " demoted")
                .contains("published version 5, mirrors in order backup at localhost:" + healthy.getPort());
        String jws = Files.readString(signed).trim();
        Manifest republished = ManifestJson.parse(java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
                ManifestJson.Options.ALLOW_PLAIN_HTTP);
        assertThat(republished.target().mirrors()).extracting(Mirror::provider).containsExactly("backup", "primary");
        assertThat(republished.version()).isEqualTo(5);
    }

    @Test
    void itsProbesAndDecisionsCanBeScrapedWhileItRuns() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        Thread running = Thread.ofPlatform().start(() -> route(signed.toString(), "--key",
                dir.resolve("ops-1.jwk").toString(), "-o", dir.resolve("out.jws").toString(), "--interval", "100ms",
                "--for", "50s", "--allow-http", "--metrics-port", "0"));
        try {
            String url = await().atMost(Duration.ofSeconds(20)).until(() -> {
                Matcher m = Pattern.compile("metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)").matcher(out.toString());
                return m.find() ? m.group(1) : null;
            }, java.util.Objects::nonNull);
            OkHttpClient http = new OkHttpClient();
            String published = "outagedrill_routing_publications_total{file=\"movie.mp4\",outcome=\"published\"} 1.0";
            String version = "outagedrill_routing_manifest_version{file=\"movie.mp4\"} 5.0";
            // Both awaited: a scrape reads one meter after another (the version's before the publications'), so
            // one taken while the publication is being recorded can show the count and still the old version (CI,
            // 2026-12-06); the next scrape shows both.
            String scrape = await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
                    assertThat(response.header("Content-Type")).startsWith("text/plain; version=0.0.4");
                    return response.body().string();
                }
            }, text -> text.contains(published) && text.contains(version));

            assertThat(scrape).as("the scrape")
                    .containsPattern("outagedrill_routing_mirror_demoted\\{file=\"movie.mp4\",mirror=\"primary at "
                            + "localhost:" + down.getPort() + "\"} 1.0")
                    .containsPattern("outagedrill_routing_probes_total\\{file=\"movie.mp4\",mirror=\"backup at "
                            + "localhost:" + healthy.getPort() + "\",outcome=\"healthy\"} [1-9]");
        } finally {
            running.interrupt();
            running.join(Duration.ofSeconds(20));
        }
        assertThat(running.isAlive()).as("drill route stops when interrupted").isFalse();
    }

    /**
     * -o is what a web server serves: with every mirror healthy the order never changes, and it must hold the given
     * manifest from the start, not be missing until the first demotion.
     */
    @Test
    void theOutputHoldsTheGivenManifestFromTheStartWhileEveryMirrorIsHealthy() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        primaryDown.set(false);
        Path served = dir.resolve("served.jws");

        int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", served.toString(),
                "--interval", "100ms", "--rounds", "1", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(served).as("the manifest served while every mirror is healthy").hasSameBinaryContentAs(signed);
        assertThat(out.toString()).contains(served + ": version 4 as given, until the order of mirrors changes")
                .doesNotContain("published version");
    }

    /**
     * A new release given to a restarted router replaces the earlier release it had published, although the order
     * does not change; its own later output given back is left as it is.
     */
    @Test
    void aNewReleaseReplacesTheEarlierOneInTheOutputAtTheStart() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        primaryDown.set(false);
        JWK key = ManifestKeys.readPrivate(dir.resolve("ops-1.jwk"));
        Manifest release = published(signed);
        Path served = Files.writeString(dir.resolve("served.jws"), new ManifestSigner(key,
                ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(new Manifest(release.target(), release.expires(), 2,
                List.of())));

        int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", served.toString(),
                "--interval", "100ms", "--rounds", "1", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(published(served).version()).as("the version served after the start").isEqualTo(4);
        assertThat(out.toString()).contains(served + ": version 4 as given (it held version 2)");

        String later = new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(new Manifest(
                release.target(), release.expires(), 9, List.of()));
        Files.writeString(served, later);
        out.getBuffer().setLength(0);

        exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", served.toString(),
                "--interval", "100ms", "--rounds", "1", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(served)).as("a later version already served").isEqualTo(later);
        assertThat(out.toString()).doesNotContain("as given");
    }

    /**
     * A --key that --trust does not hold re-signs manifests that clients trusting that set reject (unknown kid):
     * said at the start, not found when the first demotion is published and every client refuses it.
     */
    @Test
    void aKeyThatTheTrustedSetDoesNotHoldIsWarnedAbout() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        primaryDown.set(false);
        Path trusted = dir.resolve("keys.jwks");
        ManifestKeys.addToPublicSet(ManifestKeys.readPrivate(dir.resolve("ops-1.jwk")), trusted);
        Path other = dir.resolve("other.jwk");
        ManifestKeys.writePrivate(ManifestKeys.generate(ManifestAlgorithm.ES256, "other"), other);

        int exit = route(signed.toString(), "--key", other.toString(), "--trust", trusted.toString(), "-o",
                dir.resolve("out.jws").toString(), "--interval", "100ms", "--rounds", "1", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(err.toString())
                .contains("warning: --key %s (kid \"other\") is not among the keys of --trust %s (ops-1)"
                        .formatted(other, trusted)).contains("clients that trust only those reject every manifest it signs");

        err.getBuffer().setLength(0);
        ManifestKeys.addToPublicSet(ManifestKeys.readPrivate(other), trusted);
        assertThat(route(signed.toString(), "--key", other.toString(), "--trust", trusted.toString(), "-o",
                dir.resolve("out.jws").toString(), "--interval", "100ms", "--rounds", "1", "--allow-http"))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).as("once the set holds it").doesNotContain("warning");
    }

    /**
     * With no --trust the router trusts only --key's public half: a manifest signed by another key is refused with
     * what to give instead, not only "expected a kid naming one of the trusted keys [other]".
     */
    @Test
    void aManifestSignedByAnotherKeyThanKeyWithNoTrustSaysWhatToGive() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        Path other = dir.resolve("other.jwk");
        ManifestKeys.writePrivate(ManifestKeys.generate(ManifestAlgorithm.ES256, "other"), other);
        Path output = dir.resolve("out.jws");

        int exit = route(signed.toString(), "--key", other.toString(), "-o", output.toString(), "--interval", "100ms",
                "--rounds", "1", "--allow-http");

        assertThat(exit).as("exit code; stderr: " + err).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("saw \"ops-1\"")
                .contains("with no --trust, the only trusted key is the public half of --key " + other)
                .contains("give the --key that signed " + signed);
        assertThat(output).as("nothing published").doesNotExist();
    }

    /**
     * `manifest renew` re-signs the copy drill route wrote with a later expiry: the router's next publication keeps
     * that expiry instead of putting back the one it started from, after which the manifest would lapse early.
     */
    @Test
    void aRenewalOfTheOutputKeepsItsLaterExpiryInTheNextPublication() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        Manifest release = published(signed);
        Instant renewedUntil = release.expires().plus(Duration.ofDays(30))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Path served = Files.writeString(dir.resolve("served.jws"), new ManifestSigner(ManifestKeys.readPrivate(
                dir.resolve("ops-1.jwk")), ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(new Manifest(release.target(),
                renewedUntil, release.version(), List.of())));

        int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", served.toString(),
                "--interval", "100ms", "--rounds", "2", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        Manifest republished = published(served);
        assertThat(republished.version()).as("printed:%n%s", out).isEqualTo(5);
        assertThat(republished.expires()).as("the expiry after the renewal and a demotion").isEqualTo(renewedUntil);
    }

    @Test
    void aManifestThatFailsVerificationIsRefusedBeforeAnyProbe() throws IOException {
        JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "ops-1");
        ManifestKeys.writePrivate(key, dir.resolve("ops-1.jwk"));
        Path signed = Files.writeString(dir.resolve("movie.jws"), "not.a.jws");

        int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", signed.toString(),
                "--rounds", "1");

        assertThat(exit).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(err.toString()).as("the refusal names the file given")
                .startsWith("manifest rejected (MALFORMED): " + signed + ": ");
        assertThat(Files.readString(signed)).isEqualTo("not.a.jws");
    }

    private static Manifest published(Path file) throws IOException {
        String jws = Files.readString(file).trim();
        return ManifestJson.parse(java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
                ManifestJson.Options.ALLOW_PLAIN_HTTP);
    }

    /**
     * A supervisor restarts drill route on its own output: the demoted primary, healthy again, goes back in front
     * with its own priority, since the router kept the publisher's order beside the output.
     */
    @Test
    void aRestartOnItsOwnOutputStillBringsARecoveredMirrorBack() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        String key = dir.resolve("ops-1.jwk").toString();
        assertThat(route(signed.toString(), "--key", key, "-o", signed.toString(), "--interval", "100ms",
                "--rounds", "2", "--allow-http")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(published(signed).target().mirrors()).extracting(Mirror::provider, Mirror::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("backup", 1),
                        org.assertj.core.groups.Tuple.tuple("primary", 2));

        primaryDown.set(false);
        int exit = route(signed.toString(), "--key", key, "-o", signed.toString(), "--interval", "100ms",
                "--rounds", "4", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        Manifest restored = published(signed);
        assertThat(restored.version()).isEqualTo(6);
        assertThat(restored.target().mirrors()).as("the mirrors after the restart; printed:%n%s", out)
                .extracting(Mirror::provider, Mirror::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", 1),
                        org.assertj.core.groups.Tuple.tuple("backup", 1));
    }

    /**
     * Three rounds of routing {@code signed} (version 4, its primary down) into {@code served}: the primary demoted
     * there as version 5. Returns the command line, for a restart as written.
     */
    private String[] routedOnceWithThePrimaryDemoted(Path signed, Path served) throws IOException {
        String[] command = threeRounds(signed, served);
        assertThat(route(command)).as(err.toString()).isEqualTo(ExitCodes.OK);
        Manifest first = published(served);
        assertThat(first.target().mirrors()).as("printed:%n%s", out).extracting(Mirror::provider)
                .containsExactly("backup", "primary");
        assertThat(first.version()).as("printed:%n%s", out).isEqualTo(5);
        return command;
    }

    /**
     * A supervisor restarts the command line as written, the publisher's release as SIGNED.jws: the router goes on
     * from the later version it left in -o, so the primary it demoted there comes back once healthy instead of
     * staying behind for as long as no other mirror fails.
     */
    @Test
    void aRestartWithTheSameCommandLineGoesOnFromTheVersionItLeftInTheOutput() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        Path served = dir.resolve("served.jws");
        String[] command = routedOnceWithThePrimaryDemoted(signed, served);
        out.getBuffer().setLength(0);

        primaryDown.set(false);
        int exit = route(command);

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains(served + ": goes on from version 5 there, which it published after "
                + "version 4 of " + signed);
        Manifest restored = published(served);
        assertThat(restored.target().mirrors()).as("the mirrors after the restart; printed:%n%s", out)
                .extracting(Mirror::provider, Mirror::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", 1),
                        org.assertj.core.groups.Tuple.tuple("backup", 1));
        assertThat(restored.version()).isEqualTo(6);
    }

    /**
     * The publisher renews its release (`manifest renew SIGNED.jws`: the same version, a later expiry) and the
     * supervisor restarts the command line as written: the router goes on from the later version it left in -o, but
     * must serve it with the renewed expiry, or the manifest lapses on the date the renewal was to move, whether or
     * not the order changes meanwhile.
     */
    @Test
    void aRestartAfterARenewalOfTheGivenManifestServesItsLaterExpiry() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        Path served = dir.resolve("served.jws");
        String[] command = routedOnceWithThePrimaryDemoted(signed, served);
        Manifest release = published(signed);
        Instant renewedUntil = release.expires().plus(Duration.ofDays(30))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.writeString(signed, new ManifestSigner(ManifestKeys.readPrivate(dir.resolve("ops-1.jwk")),
                ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(new Manifest(release.target(), renewedUntil,
                release.version(), List.of())));
        out.getBuffer().setLength(0);

        int exit = route(command);

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        Manifest after = published(served);
        assertThat(after.version()).as("the router's own version, the primary still down; printed:%n%s", out)
                .isEqualTo(5);
        assertThat(after.target().mirrors()).extracting(Mirror::provider).containsExactly("backup", "primary");
        assertThat(after.expires()).as("the expiry served after the restart; printed:%n%s", out)
                .isEqualTo(renewedUntil);
        assertThat(out.toString()).contains(served + ": version 5 re-signed with the later expiry of " + signed
                + ", " + renewedUntil);
    }

    /**
     * Restarted on its own output while the demoted primary still fails, it keeps the primary behind: it must not
     * list it first again for the rounds it takes to fail it anew.
     */
    @Test
    void aRestartOnItsOwnOutputKeepsAStillFailingMirrorDemoted() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        String key = dir.resolve("ops-1.jwk").toString();
        assertThat(route(signed.toString(), "--key", key, "-o", signed.toString(), "--interval", "100ms",
                "--rounds", "2", "--allow-http")).as(err.toString()).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);

        int exit = route(signed.toString(), "--key", key, "-o", signed.toString(), "--interval", "100ms",
                "--rounds", "1", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        Manifest after = published(signed);
        assertThat(after.target().mirrors()).as("the mirrors after one round of the restart; printed:%n%s", out)
                .extracting(Mirror::provider).containsExactly("backup", "primary");
        assertThat(after.version()).as("the version after one round of the restart").isEqualTo(5);
        assertThat(out.toString()).as("printed by the restart")
                .contains("primary at localhost:" + down.getPort() + " demoted: demoted in version 5, published before "
                        + "this start")
                .containsPattern("probe primary at localhost:\\d+: chunk \\d failed: HTTP 502")
                .doesNotContain("published version");
    }

    /** Started again from an older copy, it publishes above what the key already published, never a repeat. */
    @Test
    void anOlderInputIsPublishedAboveTheVersionTheKeyRecorded() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        Path older = Files.copy(signed, dir.resolve("movie-v4.jws"));
        String key = dir.resolve("ops-1.jwk").toString();
        assertThat(route(signed.toString(), "--key", key, "-o", signed.toString(), "--interval", "100ms",
                "--rounds", "2", "--allow-http")).as(err.toString()).isEqualTo(ExitCodes.OK);

        int exit = route(older.toString(), "--key", key, "-o", dir.resolve("again.jws").toString(), "--interval",
                "100ms", "--rounds", "2", "--allow-http");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(published(dir.resolve("again.jws")).version()).as("after version 5 was published from version 4")
                .isEqualTo(6);
        assertThat(out.toString()).as("a failed publication").doesNotContain("publishing version");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "--interval|0s|--interval: expected at least 100 ms between rounds, saw 0 ms",
        "--rounds|0|--rounds: expected 1 or more, saw 0",
        "--for|0s|--for: expected more than 0, saw 0 ms",
        "--fail-after|0|--fail-after: expected 1 or more, saw 0",
        "--recover-after|0|--recover-after: expected 1 or more, saw 0",
        "--resolve|nocolon|--resolve: expected HOST:ADDRESS",
        "--probe-timeout|0s|--probe-timeout: expected at least 1 ms, saw 0 ms",
        "--slow-first-byte|0s|--slow-first-byte: expected at least 1 ms (at 0 every probe would count as failed), saw 0 ms"})
    void aWrongOptionIsAUsageErrorNamingIt(String option, String value, String message) throws Exception {
        Path signed = downPrimaryAndHealthyBackup();

        int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o",
                dir.resolve("out.jws").toString(), "--allow-http", option, value);

        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(down.getRequestCount() + healthy.getRequestCount()).as("probes sent").isZero();
    }

    /** A metrics port another program holds is the user's to change: a usage error, as drill run's, not exit 1. */
    @Test
    void aMetricsPortInUseIsAUsageErrorNamingTheOption() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o",
                    dir.resolve("out.jws").toString(), "--allow-http", "--metrics-port",
                    Integer.toString(taken.getLocalPort()));

            assertThat(exit).as("exit code; stderr:%n%s", err).isEqualTo(2);
            assertThat(err.toString()).contains("--metrics-port: cannot listen on port " + taken.getLocalPort())
                    .contains("choose another, or 0 for a free one");
        }
        assertThat(down.getRequestCount() + healthy.getRequestCount()).as("probes sent").isZero();
        assertThat(dir.resolve("out.jws")).as("a manifest published").doesNotExist();
    }

    /** Found before any probe, not at the first publication: a folder, or a folder to go into that is missing. */
    @Test
    void anOutputThatCannotBeWrittenIsAUsageErrorNamingIt() throws Exception {
        Path signed = downPrimaryAndHealthyBackup();
        Path missing = dir.resolve("no-such-folder").resolve("out.jws");
        Path key = dir.resolve("ops-1.jwk");
        byte[] keyBefore = Files.readAllBytes(key);
        // -o the key: the given manifest was written over it at the start, the only copy of the signing key.
        Map<Path, String> refused = Map.of(
                missing, "-o: %s goes into %s, a folder that does not exist".formatted(missing, missing.getParent()),
                dir, "-o: %s is a folder; -o names the manifest file to write".formatted(dir),
                key, "-o: %s is --key too, which the manifest would replace".formatted(key));
        refused.forEach((target, message) -> {
            err.getBuffer().setLength(0);

            int exit = route(signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", target.toString(),
                    "--allow-http", "--rounds", "1", "--interval", "100ms");

            assertThat(exit).as("exit code for -o %s; stderr:%n%s", target, err).isEqualTo(2);
            assertThat(err.toString()).as("stderr for -o %s", target).contains(message);
        });
        assertThat(down.getRequestCount() + healthy.getRequestCount()).as("probes sent").isZero();
        assertThat(Files.readAllBytes(key)).as("the key as it was").isEqualTo(keyBefore);
    }

    @Test
    void aMissingManifestIsNamed() throws Exception {
        ManifestKeys.writePrivate(ManifestKeys.generate(ManifestAlgorithm.ES256, "ops-1"), dir.resolve("ops-1.jwk"));

        int exit = route(dir.resolve("nosuch.jws").toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o",
                dir.resolve("out.jws").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("SIGNED.jws: no such file: " + dir.resolve("nosuch.jws"));
    }

    @Test
    void aMissingKeyOrTrustFileIsAUsageErrorAsAMissingManifestIs() throws Exception {
        ManifestKeys.writePrivate(ManifestKeys.generate(ManifestAlgorithm.ES256, "ops-1"), dir.resolve("ops-1.jwk"));
        Files.writeString(dir.resolve("in.jws"), "not read: the key is checked first");

        int noKey = route(dir.resolve("in.jws").toString(), "--key", dir.resolve("nosuch.jwk").toString(), "-o",
                dir.resolve("out.jws").toString());
        assertThat(noKey).as("exit code; stderr:%n%s", err).isEqualTo(2);
        assertThat(err.toString()).contains("--key: no such file: " + dir.resolve("nosuch.jwk"));

        int noTrust = route(dir.resolve("in.jws").toString(), "--key", dir.resolve("ops-1.jwk").toString(),
                "--trust", dir.resolve("nosuch.jwks").toString(), "-o", dir.resolve("out.jws").toString());
        assertThat(noTrust).as("exit code; stderr:%n%s", err).isEqualTo(2);
        assertThat(err.toString()).contains("--trust: no such file: " + dir.resolve("nosuch.jwks"));
        assertThat(dir.resolve("out.jws")).doesNotExist();
    }

    /** The command line a supervisor restarts as written: three rounds from {@code signed} into {@code served}. */
    private String[] threeRounds(Path signed, Path served) {
        return new String[] {signed.toString(), "--key", dir.resolve("ops-1.jwk").toString(), "-o", served.toString(),
            "--interval", "100ms", "--rounds", "3", "--allow-http"};
    }

    private String chunk(int index) {
        return Sha256.of(Arrays.copyOfRange(content, index * 10_000, (index + 1) * 10_000));
    }
}
