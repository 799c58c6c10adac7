package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Mirror;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MirrorHealthTest {
    private static final long SECOND = 1_000_000_000L;
    private final MirrorHealth health = new MirrorHealth(
            new Mirror("fastly", URI.create("https://fastly.test/v.mp4"), 1, "", ""), 0, "fastly.test");

    @Test
    void aFailureOpensTheCircuitUntilItsBackoffEndsThenOneProbeIsLetThrough() {
        assertThat(health.tryAcquire(0, 4)).contains(CircuitState.CLOSED);
        health.release(0);
        health.onFailure(FailureKind.HTTP_STATUS, "503", Duration.ofSeconds(1), 0, 3, 2);
        assertThat(health.circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(health.usable(SECOND / 2, 4)).as("still backing off at 0.5 s").isFalse();
        assertThat(health.tryAcquire(SECOND, 4)).as("due at 1 s").contains(CircuitState.HALF_OPEN);
        assertThat(health.usable(SECOND, 4)).as("only one probe at a time while half-open").isFalse();
        health.onSuccess(1000, SECOND, SECOND / 10);
        health.release(0);
        assertThat(health.circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(health.consecutiveFailures()).isZero();
    }

    @Test
    void theMirrorIsAbandonedAfterItsRetriesRunOut() {
        for (int failure = 1; failure <= 3; failure++) {
            assertThat(health.onFailure(FailureKind.CONNECT, "refused", Duration.ZERO, 0, 3, 2))
                    .as("failure %d of a budget of 3 retries", failure).isFalse();
        }
        assertThat(health.onFailure(FailureKind.CONNECT, "refused", Duration.ZERO, 0, 3, 2)).isTrue();
        assertThat(health.abandonedReason()).contains("4 failures in a row, the last: refused");
        assertThat(health.usable(Long.MAX_VALUE / 2, 4)).isFalse();
    }

    @Test
    void aChunkReadOnAnotherChunksResponseIsTimedOverItsOwnBytesAndAddsNoTimeToFirstByte() {
        // A run from a mirror 100 ms from its first byte: the first chunk waits for the headers, the next comes on
        // the same response with none.
        health.onSuccess(1_000_000, SECOND / 5, SECOND / 10);
        health.onSuccess(1_000_000, SECOND / 10, -1);

        assertThat(health.throughput()).as("5 MB/s for the first chunk, then 10 MB/s over the follower's own 100 ms")
                .isCloseTo(0.3 * 10_000_000 + 0.7 * 5_000_000, offset(1.0));
        assertThat(health.timeToFirstByteMillis()).as("the follower adds no time-to-first-byte sample of its own")
                .isCloseTo(100.0, offset(0.001));
    }

    @Test
    void twoCorruptChunksMakeAMirrorUntrusted() {
        assertThat(health.onFailure(FailureKind.CORRUPT, "bad hash", Duration.ZERO, 0, 9, 2)).isFalse();
        health.onSuccess(10, 10, 1);
        assertThat(health.onFailure(FailureKind.CORRUPT, "bad hash", Duration.ZERO, 0, 9, 2)).isTrue();
        assertThat(health.abandonedReason()).contains("sent 2 chunks that failed their SHA-256");
    }

    @Test
    void backoffDoublesFromOneSecondAndHonoursRetryAfter() {
        Backoff backoff = new Backoff(TransferConfig.builder().backoffJitter(0).build(), new SplittableRandom(1));
        assertThat(backoff.delay(1, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(2, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3, Optional.empty())).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff.delay(1, Optional.of(Duration.ofHours(1)))).as("capped by maxRetryAfter")
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterStaysWithinItsFraction() {
        Backoff backoff = new Backoff(TransferConfig.builder().backoffJitter(0.2).build(), new SplittableRandom(3));
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.delay(2, Optional.empty())).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        }
    }

    @Test
    void askingToWaitWithRetryAfterIsNotCountedTowardGivingUp() {
        for (int ask = 1; ask <= MirrorHealth.MAX_POLITE_WAITS; ask++) {
            assertThat(health.onAskedToWait("429", Duration.ofSeconds(1), 0)).as("ask %d", ask).isFalse();
        }
        assertThat(health.consecutiveFailures()).isZero();
        assertThat(health.circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(health.onAskedToWait("429", Duration.ofSeconds(1), 0))
                .as("bounded: asked %d times in a row", MirrorHealth.MAX_POLITE_WAITS + 1).isTrue();
    }

    @Test
    void afterARelativeStallNoChunkGoesToTheMirrorUntilAOneByteProbeAnswers() {
        health.onFailure(FailureKind.STALL, "no response headers", Duration.ofSeconds(1), 0, 3, 2);
        health.requireByteProbe();

        assertThat(health.startByteProbe(SECOND / 2)).as("its wait is not over at 0.5 s").isFalse();
        assertThat(health.usable(2 * SECOND, 4)).as("wait over, but the probe has not answered").isFalse();
        assertThat(health.availableAtNanos(2 * SECOND)).as("the probe's answer wakes the slots")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(health.startByteProbe(SECOND)).as("due at 1 s").isTrue();
        assertThat(health.startByteProbe(SECOND)).as("one probe at a time").isFalse();

        health.byteProbeAnswered(SECOND / 5, SECOND);
        health.byteProbeEnded();

        assertThat(health.usable(SECOND, 4)).as("chunks may go to it again").isTrue();
        assertThat(health.tryAcquire(SECOND, 4)).as("its next chunk is the half-open probe")
                .contains(CircuitState.HALF_OPEN);
        assertThat(health.timeToFirstByteMillis()).as("the probe's 200 ms count toward its first-byte average")
                .isEqualTo(200.0);
        assertThat(health.consecutiveFailures()).as("only a verified chunk resets the failures").isEqualTo(1);
    }

    @Test
    void aProbeThatFailsKeepsTheMirrorOutAndCountsTowardGivingItUp() {
        health.onFailure(FailureKind.STALL, "no data", Duration.ZERO, 0, 1, 2);
        health.requireByteProbe();
        assertThat(health.startByteProbe(0)).isTrue();

        assertThat(health.onFailure(FailureKind.FIRST_BYTE_TIMEOUT, "1-byte probe: no response headers within 10 s",
                Duration.ZERO, 0, 1, 2)).as("two failures in a row with one retry").isTrue();
        health.byteProbeEnded();

        assertThat(health.usable(SECOND, 4)).isFalse();
        assertThat(health.startByteProbe(SECOND)).as("given up: no more probes").isFalse();
    }

    @Test
    void aChunkVerifiedMeanwhileOnAnotherConnectionAnswersThePendingProbe() {
        health.onFailure(FailureKind.STALL, "no response headers", Duration.ofSeconds(1), 0, 3, 2);
        health.requireByteProbe();

        health.onSuccess(1000, SECOND / 10, SECOND / 100);

        assertThat(health.awaitingByteProbe()).as("a served chunk shows the mirror answers").isFalse();
        assertThat(health.usable(0, 4)).as("its circuit closed with the chunk").isTrue();
    }

    /** One request from {@code startNanos} to {@code endNanos} that served its chunk. */
    private void servedFromTo(long startNanos, long endNanos) {
        assertThat(health.tryAcquire(startNanos, 4)).isPresent();
        health.release(endNanos);
        health.onSuccess(1000, endNanos - startNanos, SECOND / 100);
    }

    @Test
    void aMirrorIsIdleOnlyOnceAPeerStartedARequestLongerAfterItsLastActivityThanTheLimit() {
        servedFromTo(0, SECOND);

        assertThat(health.requireByteProbeIfIdle(SECOND + SECOND / 2, SECOND / 2)).as("a peer started 0.5 s after its "
                + "request ended: not more than the limit").isFalse();
        health.busyAt(2 * SECOND); // it served a request redirected to it
        assertThat(health.requireByteProbeIfIdle(2 * SECOND + SECOND / 2, SECOND / 2))
                .as("0.5 s after it served a redirected request").isFalse();
        assertThat(health.requireByteProbeIfIdle(3 * SECOND, SECOND / 2)).as("1 s after it was last busy").isTrue();
        assertThat(health.probingForIdle()).isTrue();
        assertThat(health.usable(3 * SECOND, 4)).as("no chunk before the 1-byte request answers").isFalse();

        health.byteProbeAnswered(SECOND / 100, 3 * SECOND);
        assertThat(health.usable(3 * SECOND, 4)).as("answered: chunks again").isTrue();
        assertThat(health.requireByteProbeIfIdle(3 * SECOND + SECOND / 2, SECOND / 2))
                .as("the answer counts as activity").isFalse();
    }

    @Test
    void aMirrorWithARequestOnItOrNeverUsedOrFailingIsNotCalledIdle() {
        assertThat(health.requireByteProbeIfIdle(10 * SECOND, SECOND / 2)).as("never used: nothing to be stale")
                .isFalse();
        assertThat(health.tryAcquire(0, 4)).isPresent();
        assertThat(health.requireByteProbeIfIdle(10 * SECOND, SECOND / 2)).as("a request still on it").isFalse();
        health.release(0);
        health.onFailure(FailureKind.TRUNCATED, "cut", Duration.ZERO, 0, 3, 2);
        assertThat(health.requireByteProbeIfIdle(10 * SECOND, SECOND / 2)).as("failing: its backoff judges it")
                .isFalse();
    }

    @Test
    void anIdleMirrorsProbeStartsAtOnceWhateverWaitAnEarlierFailureLeft() {
        // Two connections: one is cut at 0 (a 30 s wait), the other's chunk is verified at 1 s (circuit closed).
        assertThat(health.tryAcquire(0, 4)).isPresent();
        assertThat(health.tryAcquire(0, 4)).isPresent();
        health.release(0);
        health.onFailure(FailureKind.TRUNCATED, "cut", Duration.ofSeconds(30), 0, 3, 2);
        health.release(SECOND);
        health.onSuccess(1000, SECOND, SECOND / 100);
        assertThat(health.circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(health.requireByteProbeIfIdle(3 * SECOND, SECOND / 2)).isTrue();

        assertThat(health.startByteProbe(3 * SECOND)).as("a closed circuit: the old wait is not its own").isTrue();
    }

    @Test
    void beingCutAsStalledTurnsAnIdleMirrorsProbeIntoAStalledOnes() {
        servedFromTo(0, SECOND);
        assertThat(health.requireByteProbeIfIdle(2 * SECOND, SECOND / 2)).isTrue();

        health.requireByteProbe();

        assertThat(health.probingForIdle()).as("the probe is now for having stalled").isFalse();
        assertThat(health.awaitingByteProbe()).isTrue();
    }
}
