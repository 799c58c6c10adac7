package io.outagedrill.client.transfer;

import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Mirror;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive policy draws among the publisher's best tier of mirrors still usable, and there among the mirrors
 * with the fewest failures in a row.
 */
class AdaptivePolicyTest {
    private static final long MS = 1_000_000;
    /** When every backoff in these tests is over. */
    private static final long LATER = 1_000 * MS;

    private static MirrorHealth mirror(String name, int priority, int index) {
        return new MirrorHealth(new Mirror(name, URI.create("https://" + name + ".test/v.mp4"), priority, "", name),
                index, name);
    }

    private static Set<String> drawn(List<MirrorHealth> usable) {
        AdaptivePolicy policy = new AdaptivePolicy(new SplittableRandom(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(policy.choose(usable, LATER).orElseThrow().mirror().provider());
        }
        return seen;
    }

    /** A request that brought a whole 32 KiB chunk in {@code millis}, as the engine records it. */
    private static void served(MirrorHealth mirror, long millis) {
        assertThat(mirror.tryAcquire(0, 4)).isPresent();
        mirror.release(0);
        mirror.onSuccess(32 * 1024, millis * MS, millis * MS / 2);
    }

    /** A request that failed without a byte (no response headers in time), with a short backoff. */
    private static void failed(MirrorHealth mirror) {
        long now = mirror.totalFailures() * 100 * MS; // each time after the last failure's wait
        assertThat(mirror.tryAcquire(now, 4)).isPresent();
        mirror.release(now);
        mirror.onFailure(FailureKind.FIRST_BYTE_TIMEOUT, "no response headers within 500 ms", Duration.ofMillis(20),
                now, 8, 2);
    }

    private static List<MirrorHealth> usable(MirrorHealth... mirrors) {
        List<MirrorHealth> usable = List.of(mirrors).stream().filter(m -> m.usable(LATER, 4)).toList();
        assertThat(usable).as("every backoff over, every mirror usable").hasSize(mirrors.length);
        return usable;
    }

    @Test
    void mirrorsOfEqualPriorityAreAllDrawn() {
        assertThat(drawn(List.of(mirror("fastly", 1, 0), mirror("b2", 1, 1), mirror("cloudflare", 1, 2))))
                .containsExactlyInAnyOrder("fastly", "b2", "cloudflare");
    }

    @Test
    void aMirrorListedInALaterTierIsNotDrawnWhileAnEarlierTierIsUsable() {
        assertThat(drawn(List.of(mirror("fastly", 1, 0), mirror("b2", 1, 1), mirror("cloudflare", 2, 2))))
                .as("a routing controller demoted cloudflare to priority 2")
                .containsExactlyInAnyOrder("fastly", "b2");
    }

    @Test
    void mirrorsThatFailedAreNotDrawnWhileMirrorsWithoutFailuresCanTakeTheRequest() {
        // Fault storm seed -387743164118339383 (one connection), as it stood when chunk 5 was due: bunny's last
        // success was a 3 KiB tail counted as its whole chunk, so its speed looked ten times the others'; fastly
        // was never measured, so it counted as the best. Both then failed on every request (a blackhole, a 504
        // behind a 665 ms delay), and the three honest mirrors, below half of bunny's speed, were left out of the
        // draw: the chunk went from bunny to fastly and back, 500 ms each, until the deadline.
        MirrorHealth cloudflare = mirror("cloudflare", 1, 0);
        MirrorHealth fastly = mirror("fastly", 1, 1);
        MirrorHealth bunny = mirror("bunny", 1, 2);
        MirrorHealth akamai = mirror("akamai", 1, 3);
        MirrorHealth cloudfront = mirror("cloudfront", 1, 4);
        served(cloudfront, 55);
        served(cloudflare, 60);
        served(bunny, 60);
        served(bunny, 4);
        failed(bunny);
        served(akamai, 40);
        failed(fastly);

        assertThat(drawn(usable(cloudflare, fastly, bunny, akamai, cloudfront)))
                .as("drawn with bunny at %.1f MB/s and fastly unmeasured, both failing",
                        bunny.throughput() / 1e6)
                .isNotEmpty().isSubsetOf("cloudflare", "akamai", "cloudfront");
    }

    @Test
    void aMirrorLeftOutForItsOneSlowChunkIsMeasuredAgainASecondLaterAndLeftOutForTwo() {
        // cloudflare's one chunk came first, with its handshake and a cold start: a quarter of the others' speed.
        MirrorHealth cloudflare = mirror("cloudflare", 1, 0);
        MirrorHealth fastly = mirror("fastly", 1, 1);
        MirrorHealth bunny = mirror("bunny", 1, 2);
        served(cloudflare, 40);
        for (int i = 0; i < 3; i++) {
            served(fastly, 10);
            served(bunny, 10);
        }
        AdaptivePolicy policy = new AdaptivePolicy(new SplittableRandom(1));
        List<MirrorHealth> all = usable(cloudflare, fastly, bunny);

        assertThat(draws(policy, all, LATER)).as("left out at first, at %.1f against %.1f MB/s",
                cloudflare.throughput() / 1e6, fastly.throughput() / 1e6).doesNotContain("cloudflare");
        long secondLook = LATER + AdaptivePolicy.SECOND_LOOK_NANOS;
        assertThat(draws(policy, all, secondLook - MS)).as("a millisecond before its second look")
                .doesNotContain("cloudflare");
        assertThat(draws(policy, all, secondLook)).as("a second after it was first left out").contains("cloudflare");

        served(cloudflare, 40); // slow again, warm this time
        assertThat(draws(policy, all, secondLook + 10 * AdaptivePolicy.SECOND_LOOK_NANOS))
                .as("measured slow on two chunks: no third look").doesNotContain("cloudflare");
    }

    @Test
    void aSecondLookThatCameToNothingIsNotRepeated() {
        MirrorHealth cloudflare = mirror("cloudflare", 1, 0);
        MirrorHealth fastly = mirror("fastly", 1, 1);
        oneSlowChunkBesideThreeFast(cloudflare, fastly);
        List<MirrorHealth> both = usable(cloudflare, fastly);
        AdaptivePolicy policy = drawnFromAtLater(both);
        assertThat(draws(policy, both, LATER + AdaptivePolicy.SECOND_LOOK_NANOS)).contains("cloudflare");

        // Its second look was cancelled (a hedge won its chunk): no success and no failure were counted.
        assertThat(draws(policy, both, LATER + 10 * AdaptivePolicy.SECOND_LOOK_NANOS))
                .as("a second look is given once, however it ended").doesNotContain("cloudflare");
    }

    @Test
    void aMirrorThatHasFailedGetsNoSecondLook() {
        MirrorHealth cloudflare = mirror("cloudflare", 1, 0);
        MirrorHealth fastly = mirror("fastly", 1, 1);
        oneSlowChunkBesideThreeFast(cloudflare, fastly);
        failed(cloudflare);
        failed(fastly); // both failed once in a row: neither is left out for its failures
        List<MirrorHealth> both = usable(cloudflare, fastly);
        AdaptivePolicy policy = drawnFromAtLater(both);

        assertThat(draws(policy, both, LATER + 10 * AdaptivePolicy.SECOND_LOOK_NANOS))
                .as("cloudflare measured slow on its one chunk, then failed").doesNotContain("cloudflare");
    }

    /** A request started at {@code atNanos} that brought a whole 32 KiB chunk in {@code millis}. */
    private static void servedAt(MirrorHealth mirror, long atNanos, long millis) {
        assertThat(mirror.tryAcquire(atNanos, 4)).isPresent();
        mirror.release(atNanos);
        mirror.onSuccess(32 * 1024, millis * MS, millis * MS / 2);
    }

    /**
     * Recovery bench, 2026-12-05: a mirror frozen while no request of the download was on it came back into the draw
     * 1.6 s later and held its chunk, on one of the four connections, until its stall was noticed. Idle for half a
     * second while its peers served, it now answers a 1-byte request first, which costs no chunk.
     */
    @Test
    void aMirrorIdleWhileItsPeersServedAnswersAOneByteRequestBeforeItIsDrawnAgain() {
        MirrorHealth cloudflare = mirror("cloudflare", 1, 0);
        MirrorHealth fastly = mirror("fastly", 1, 1);
        servedAt(cloudflare, 0, 10);
        servedAt(fastly, 0, 10);
        long now = 2 * AdaptivePolicy.IDLE_PROBE_NANOS;
        servedAt(fastly, now - MS, 10);
        AdaptivePolicy policy = new AdaptivePolicy(new SplittableRandom(1));

        assertThat(drawsAsTheEngine(policy, List.of(cloudflare, fastly), now)).as("idle since 0, fastly used at %d ms",
                (now - MS) / MS).containsExactly("fastly");
        assertThat(cloudflare.awaitingByteProbe()).as("a 1-byte request must answer first").isTrue();
        assertThat(cloudflare.usable(now, 4)).as("no chunk for it meanwhile").isFalse();

        assertThat(cloudflare.startByteProbe(now)).as("the probe starts at once: nothing to wait for").isTrue();
        cloudflare.byteProbeAnswered(5 * MS, now + 10 * MS);
        assertThat(draws(policy, usable(cloudflare, fastly), now + 10 * MS)).as("answered: drawn as before")
                .containsExactlyInAnyOrder("cloudflare", "fastly");
    }

    /** Idle counts from when its last request ended: a run of chunks can take longer than a second. */
    @Test
    void aMirrorWhoseLongRequestEndedJustNowIsNotIdle() {
        MirrorHealth cloudflare = mirror("cloudflare", 1, 0);
        MirrorHealth fastly = mirror("fastly", 1, 1);
        assertThat(cloudflare.tryAcquire(0, 4)).isPresent();
        cloudflare.release(1500 * MS); // a 16 MiB run, from 0 to 1.5 s
        cloudflare.onSuccess(16 << 20, 1500 * MS, 10 * MS);
        servedAt(fastly, 1200 * MS, 150);
        AdaptivePolicy policy = new AdaptivePolicy(new SplittableRandom(1));

        assertThat(drawsAsTheEngine(policy, List.of(cloudflare, fastly), 1500 * MS)).as("started at 0, done at 1.5 s")
                .contains("cloudflare");
        assertThat(cloudflare.awaitingByteProbe()).isFalse();
    }

    @Test
    void aMirrorIdleSinceItsOneSlowChunkIsProbedBeforeItsSecondLookAndThenStillGetsIt() {
        MirrorHealth cloudflare = mirror("cloudflare", 1, 0);
        MirrorHealth fastly = mirror("fastly", 1, 1);
        oneSlowChunkBesideThreeFast(cloudflare, fastly);
        AdaptivePolicy policy = drawnFromAtLater(usable(cloudflare, fastly));
        long due = LATER + AdaptivePolicy.SECOND_LOOK_NANOS;
        servedAt(fastly, due - MS, 10); // fastly kept serving; cloudflare's last request started at 0

        assertThat(drawsAsTheEngine(policy, List.of(cloudflare, fastly), due)).as("due for its second look, but idle")
                .containsExactly("fastly");
        assertThat(cloudflare.awaitingByteProbe()).isTrue();
        assertThat(cloudflare.startByteProbe(due)).isTrue();
        cloudflare.byteProbeAnswered(5 * MS, due + 10 * MS);
        assertThat(draws(policy, usable(cloudflare, fastly), due + 10 * MS)).as("its second look, after the probe")
                .contains("cloudflare");
    }

    /** Draws as the engine does, each time from the mirrors of {@code all} usable at that moment. */
    private static Set<String> drawsAsTheEngine(AdaptivePolicy policy, List<MirrorHealth> all, long now) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(policy.choose(all.stream().filter(m -> m.usable(now, 4)).toList(), now).orElseThrow().mirror()
                    .provider());
        }
        return seen;
    }

    /**
     * A policy that has drawn from {@code usable} at {@link #LATER}: a mirror it left out then has its clock running.
     */
    private static AdaptivePolicy drawnFromAtLater(List<MirrorHealth> usable) {
        AdaptivePolicy policy = new AdaptivePolicy(new SplittableRandom(1));
        draws(policy, usable, LATER);
        return policy;
    }

    /** {@code slow} served one chunk at a quarter of the speed {@code fast} showed on three. */
    private static void oneSlowChunkBesideThreeFast(MirrorHealth slow, MirrorHealth fast) {
        served(slow, 40);
        for (int i = 0; i < 3; i++) {
            served(fast, 10);
        }
    }

    private static Set<String> draws(AdaptivePolicy policy, List<MirrorHealth> usable, long now) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(policy.choose(usable, now).orElseThrow().mirror().provider());
        }
        return seen;
    }

    @Test
    void whenEveryMirrorHasFailedTheOnesThatFailedLeastAreDrawn() {
        // The honest mirror failed once before it turned honest; the broken ones have failed twice since.
        MirrorHealth fastly = mirror("fastly", 1, 0);
        MirrorHealth bunny = mirror("bunny", 1, 1);
        MirrorHealth cloudfront = mirror("cloudfront", 1, 2);
        served(fastly, 2);
        failed(fastly);
        failed(fastly);
        failed(bunny);
        failed(bunny);
        failed(cloudfront);

        assertThat(drawn(usable(fastly, bunny, cloudfront))).containsExactly("cloudfront");
    }

    @Test
    void aFailedMirrorOfTheBestTierIsStillProbedBeforeALaterTierIsUsed() {
        // Tiers come first: a mirror whose wait is over is probed again in its own tier, as sequential would.
        MirrorHealth cloudflare = mirror("cloudflare", 1, 0);
        MirrorHealth b2 = mirror("b2", 2, 1);
        failed(cloudflare);

        assertThat(drawn(usable(cloudflare, b2))).containsExactly("cloudflare");
    }

    @Test
    void aLaterTierServesOnceTheEarlierOnesAreGone() {
        assertThat(drawn(List.of(mirror("cloudflare", 2, 2)))).containsExactly("cloudflare");
    }
}
