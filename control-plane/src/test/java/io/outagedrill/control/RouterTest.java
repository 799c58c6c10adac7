package io.outagedrill.control;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VersionStore;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The routing controller against real HTTP mirrors, publishing signed manifests a client verifies. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RouterTest {
    private static final int CHUNK = 16 * 1024;

    @TempDir
    Path dir;

    private final byte[] content = new byte[5 * CHUNK + 100];
    private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    private ChunkMirror cloudflare;
    private ChunkMirror fastly;
    private JWK key;
    private Path published;
    private Router router;

    @BeforeEach
    void setUp() throws IOException {
        new Random(5).nextBytes(content);
        cloudflare = new ChunkMirror("cloudflare", content);
        fastly = new ChunkMirror("fastly", content);
        key = ManifestKeys.generate(ManifestAlgorithm.ES256, "router-test");
        published = dir.resolve("movie.jws");
        List<String> chunks = new ArrayList<>();
        for (int from = 0; from < content.length; from += CHUNK) {
            chunks.add(Sha256.of(Arrays.copyOfRange(content, from, Math.min(content.length, from + CHUNK))));
        }
        Target target = new Target("movie.mp4", content.length, Sha256.of(content), "video/mp4", CHUNK, chunks,
                List.of(cloudflare.mirror(), fastly.mirror()));
        Manifest initial = new Manifest(target, Instant.now().plus(Duration.ofDays(1)), 7, List.of());
        MirrorProber prober = new MirrorProber(new OkHttpClient(), Duration.ofSeconds(5), Clock.systemUTC());
        router = new Router(initial, new SignedFilePublisher(new ManifestSigner(key,
                ManifestJson.Options.ALLOW_PLAIN_HTTP), published), prober, new RoutingPolicy(2, 2,
                Duration.ofSeconds(3)), Clock.systemUTC(), events::add);
    }

    @AfterEach
    void tearDown() throws IOException {
        router.close();
        cloudflare.close();
        fastly.close();
    }

    private Manifest clientView() throws IOException {
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(new JWKSet(key.toPublicJWK())),
                VersionStore.inMemory(), Clock.systemUTC(), Duration.ZERO, ManifestJson.Options.ALLOW_PLAIN_HTTP);
        return verifier.verify(Files.readAllBytes(published), published.toString()).manifest();
    }

    private List<String> providers(Manifest manifest) {
        return manifest.target().mirrors().stream().map(Mirror::provider).toList();
    }

    @Test
    void healthyMirrorsAreProbedAndNothingIsPublished() {
        router.round();
        router.round();

        assertThat(events).hasSize(4).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(RoutingEvent.Probed.class,
                p -> assertThat(p.result()).isInstanceOf(ProbeResult.Healthy.class)));
        assertThat(published).as("no change, no new manifest").doesNotExist();
        assertThat(cloudflare.requests()).isEqualTo(2);
    }

    @Test
    void aFailingPrimaryIsMovedBehindTheHealthyMirrorInASignedManifestAndBackWhenItRecovers() throws IOException {
        cloudflare.mode(ChunkMirror.Mode.DOWN);
        router.round();
        assertThat(published).as("one failed probe does not reorder").doesNotExist();

        router.round();

        Manifest moved = clientView();
        assertThat(providers(moved)).containsExactly("fastly", "cloudflare");
        assertThat(moved.version()).isEqualTo(8);
        assertThat(moved.routed()).as("marked as the router's order, which clients keep as signed").isTrue();
        assertThat(moved.target().chunks()).isEqualTo(router.current().target().chunks());
        assertThat(events).filteredOn(e -> e instanceof RoutingEvent.Published).singleElement()
                .satisfies(e -> assertThat(e.describe()).contains("published version 8")
                        .containsPattern("mirrors in order fastly at localhost:\\d+, cloudflare at localhost:\\d+ "
                                + "\\(cloudflare at localhost:\\d+ demoted: 2 failed probes in a row, the last: HTTP 503\\)"));

        cloudflare.mode(ChunkMirror.Mode.HEALTHY);
        router.round();
        router.round();

        Manifest back = clientView();
        assertThat(providers(back)).containsExactly("cloudflare", "fastly");
        assertThat(back.version()).isEqualTo(9);
    }

    @Test
    void aMirrorServingWrongBytesIsNeverListedFirstAndANoRangeAnswerIsAFailure() throws IOException {
        cloudflare.mode(ChunkMirror.Mode.CORRUPT);
        fastly.mode(ChunkMirror.Mode.IGNORE_RANGE);

        router.round();

        assertThat(providers(clientView())).as("after one probe: wrong bytes move at once").containsExactly("fastly",
                "cloudflare");
        assertThat(events).filteredOn(e -> e instanceof RoutingEvent.Probed p
                        && p.result() instanceof ProbeResult.Failed f && f.reason().contains("ignores Range"))
                .hasSize(1);

        router.round();
        assertThat(providers(clientView())).as("fastly failing twice still goes before a liar")
                .containsExactly("fastly", "cloudflare");
    }

    /**
     * A probe that verified but whose first byte came after the limit is told as what the table makes of it, a
     * failure: a line saying "verified" under a demotion for "2 failed probes in a row" contradicts itself.
     */
    @Test
    void aProbeOverTheFirstByteLimitIsToldAsSlowAndCountsAsFailed() throws IOException {
        Manifest initial = router.current();
        router.close();
        router = new Router(initial, new SignedFilePublisher(new ManifestSigner(key,
                ManifestJson.Options.ALLOW_PLAIN_HTTP), published), new MirrorProber(new OkHttpClient(),
                Duration.ofSeconds(5), Clock.systemUTC()), new RoutingPolicy(2, 2,
                ChunkMirror.SLOW_FIRST_BYTE.dividedBy(3)), Clock.systemUTC(), events::add);
        cloudflare.mode(ChunkMirror.Mode.SLOW);

        router.round();
        router.round();

        assertThat(events).filteredOn(e -> e instanceof RoutingEvent.Probed p
                        && p.result().mirror().provider().equals("cloudflare")).hasSize(2)
                .allSatisfy(e -> assertThat(((RoutingEvent.Probed) e).result()).isInstanceOf(ProbeResult.Slow.class)
                        .satisfies(r -> assertThat(e.describe()).containsPattern(
                                "chunk \\d verified, but first byte after \\d+ ms, over the 100 ms limit "
                                        + "\\(counts as failed\\)")));
        assertThat(providers(clientView())).containsExactly("fastly", "cloudflare");
    }

    /**
     * A mirror whose copy has one corrupt chunk is asked for that chunk again until it serves it right: healthy
     * probes of other chunks must not bring it back in front while it still lies, to be caught again and flap.
     */
    @Test
    void aMirrorCaughtServingWrongBytesComesBackOnlyOnceItServesThatChunkRight() throws IOException {
        cloudflare.mode(ChunkMirror.Mode.CORRUPT_FIRST_CHUNK);

        for (int round = 0; round < 5; round++) {
            router.round();
        }

        assertThat(events).as("events").noneMatch(e -> e instanceof RoutingEvent.Restored);
        assertThat(providers(clientView())).containsExactly("fastly", "cloudflare");
        assertThat(events).filteredOn(e -> e instanceof RoutingEvent.Probed p
                        && p.result().mirror().provider().equals("cloudflare"))
                .extracting(e -> ((RoutingEvent.Probed) e).result().chunk()).as("the chunks cloudflare was asked for")
                .containsOnly(0);

        cloudflare.mode(ChunkMirror.Mode.HEALTHY);
        router.round();
        router.round();

        assertThat(providers(clientView())).as("after the chunk it lied about and one more verified")
                .containsExactly("cloudflare", "fastly");
        assertThat(events).filteredOn(e -> e instanceof RoutingEvent.Restored).singleElement()
                .satisfies(e -> assertThat(e.describe()).contains("(after: served wrong bytes for chunk 0: SHA-256"));
    }

    /**
     * A publication that cannot be written says which file and why: Java's exception names only the temporary
     * file beside it ("publishing version 8 failed: /srv/.movie.jws.5f1c....tmp").
     */
    @Test
    void aPublicationThatCannotBeWrittenSaysWhichFileAndWhy() {
        Manifest initial = router.current();
        router.close();
        Path gone = dir.resolve("gone").resolve("movie.jws");
        router = new Router(initial, new SignedFilePublisher(new ManifestSigner(key,
                ManifestJson.Options.ALLOW_PLAIN_HTTP), gone), new MirrorProber(new OkHttpClient(),
                Duration.ofSeconds(5), Clock.systemUTC()), new RoutingPolicy(1, 2, Duration.ofSeconds(3)),
                Clock.systemUTC(), events::add);
        cloudflare.mode(ChunkMirror.Mode.DOWN);

        router.round();

        assertThat(events).filteredOn(e -> e instanceof RoutingEvent.PublishFailed).singleElement()
                .satisfies(e -> assertThat(e.describe()).startsWith("publishing version 8 failed: cannot write "
                        + gone + ": no such file or folder: "));
    }

    @Test
    void everyMirrorLyingWithholdsTheManifest() {
        cloudflare.mode(ChunkMirror.Mode.CORRUPT);
        fastly.mode(ChunkMirror.Mode.CORRUPT);

        router.round();

        assertThat(published).doesNotExist();
        assertThat(events.getLast()).isInstanceOfSatisfying(RoutingEvent.Withheld.class,
                w -> assertThat(w.reason()).isEqualTo("every mirror serves wrong bytes; no order is safe to sign"));
    }

    @Test
    void startedRoundsStopByThemselvesAfterTheirCount() throws Exception {
        router.start(Duration.ofMillis(10), 3, Duration.ofSeconds(30));
        router.awaitEnd();

        assertThat(cloudflare.requests()).isEqualTo(3);
        assertThat(fastly.requests()).isEqualTo(3);
    }

    /** drill route --rounds 1 with its 30 s interval must not wait an interval after its one round. */
    @Test
    void startedRoundsEndRightAfterTheLastRoundNotAnIntervalLater() {
        router.start(Duration.ofMinutes(10), 1, Duration.ofHours(1));

        assertEndsWithin(Duration.ofSeconds(20), "after its one round, with a 10 min interval");
        assertThat(cloudflare.requests()).as("probes of cloudflare").isEqualTo(1);
    }

    /** --for bounds the run even when it is shorter than --interval. */
    @Test
    void startedRoundsEndAtTheirTimeLimitInTheMiddleOfAnInterval() {
        router.start(Duration.ofMinutes(10), Long.MAX_VALUE, Duration.ofMillis(200));

        assertEndsWithin(Duration.ofSeconds(20), "at its 200 ms time limit, in a 10 min interval");
        assertThat(cloudflare.requests()).as("probes of cloudflare").isEqualTo(1);
    }

    /** A time limit of thousands of years is as good as none (Duration.toNanos would overflow). */
    @Test
    void aTimeLimitTooLongForNanosecondsRunsItsRounds() throws Exception {
        router.start(Duration.ofMillis(10), 2, Duration.ofDays(1_000_000));
        router.awaitEnd();

        assertThat(cloudflare.requests()).as("probes of cloudflare").isEqualTo(2);
    }

    private void assertEndsWithin(Duration limit, String when) {
        java.util.concurrent.CompletableFuture<Void> ended = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                router.awaitEnd();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(limit).untilAsserted(() -> assertThat(ended)
                .as("the rounds ended by themselves " + when).isDone());
        assertThat(ended).as("how the rounds ended").isCompleted();
    }

    /** A round that fails unexpectedly stops the rounds, and awaitEnd says so instead of returning as if done. */
    @Test
    void aRoundThatFailsStopsTheRoundsAndAwaitEndSaysWhy() throws IOException {
        Manifest initial = router.current();
        router.close();
        router = new Router(initial, new SignedFilePublisher(new ManifestSigner(key,
                ManifestJson.Options.ALLOW_PLAIN_HTTP), published), new MirrorProber(new OkHttpClient(),
                Duration.ofSeconds(5), Clock.systemUTC()), new RoutingPolicy(2, 2, Duration.ofSeconds(3)),
                Clock.systemUTC(), event -> {
                    throw new IllegalStateException("the event sink broke");
                });

        router.start(Duration.ofMillis(10), 3, Duration.ofSeconds(30));

        assertThatThrownBy(router::awaitEnd).isInstanceOf(java.util.concurrent.ExecutionException.class)
                .hasMessage("routing stopped in round 1: the event sink broke")
                .hasRootCauseMessage("the event sink broke");
        assertThat(cloudflare.requests()).as("rounds after the failing one").isEqualTo(1);
    }
}
