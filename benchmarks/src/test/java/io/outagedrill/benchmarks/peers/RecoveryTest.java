package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.events.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time to detect and to recover, on hand-made event lists: a download at 100 MB/s (25 MB per 250 ms tick) whose
 * first byte arrives at t=0 and whose mirror 127.0.0.2 is frozen at t=400 ms.
 */
class RecoveryTest {
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant FAULT = at(400);
    private static final String FROZEN = "127.0.0.2";
    private static final long MB = 1_000_000;
    /** Far beyond every list's bytes: no interval is in the tail unless a test says so. */
    private static final long NO_TAIL = Long.MAX_VALUE;

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    /**
     * First byte at 0, then a progress tick every 250 ms with the MB received in each interval. A chunk is started
     * on the frozen mirror just before the first byte and never verified: it holds work at the fault.
     */
    private static List<ClientEvents> ticks(long... megabytesPerInterval) {
        List<ClientEvents> events = new ArrayList<>(List.of(new ClientEvents.AttemptStarted(at(-10), FROZEN, 0),
                new ClientEvents.FirstByte(T0)));
        long total = 0;
        for (int i = 0; i < megabytesPerInterval.length; i++) {
            total += megabytesPerInterval[i] * MB;
            events.add(new ClientEvents.Progress(at(250L * (i + 1)), total));
        }
        events.add(new ClientEvents.Completed(at(250L * megabytesPerInterval.length + 10)));
        return events;
    }

    private static Recovery judged(List<ClientEvents> events, long tailBytes) {
        Recovery.Measured measured = Recovery.measure(events, FAULT, FROZEN, tailBytes);
        assertThat(measured).as("expected the run to be judged, saw %s", measured)
                .isInstanceOf(Recovery.Measured.Judged.class);
        return ((Recovery.Measured.Judged) measured).recovery();
    }

    @Test
    void aDipAndItsRecoveryAreTimedFromTheFaultToTheEndOfTheFirstIntervalBackAtRate() {
        // Ticks at 250, 500, ...: the first interval starting at or after the fault (400) is 500-750.
        List<ClientEvents> events = new ArrayList<>(ticks(25, 25, 25, 10, 12, 24, 25, 25));
        events.add(new ClientEvents.MovedOff(at(950), FROZEN, "mirror-failed"));
        events.add(new ClientEvents.MovedOff(at(900), "127.0.0.3", "mirror-failed")); // another mirror: not it

        Recovery r = judged(events, NO_TAIL);

        assertThat(r.preFaultBytesPerSecond()).as("pre-fault rate: 40 MB by 400 ms")
                .isCloseTo(100e6, org.assertj.core.data.Offset.offset(1.0));
        assertThat(r.outcome()).as("outcome").isEqualTo(Recovery.Outcome.RECOVERED);
        // 750-1000 at 40 MB/s and 1000-1250 at 48 MB/s dip; 1250-1500 at 96 MB/s is back (>= 90): ends at 1500.
        assertThat(r.toRecover()).as("time to recover, expected 1500 - 400 ms").isEqualTo(Duration.ofMillis(1100));
        assertThat(r.toDetect()).as("time to detect: the frozen mirror's first event, 950 - 400 ms")
                .contains(Duration.ofMillis(550));
        assertThat(r.lowestBytesPerSecond()).as("lowest interval after the fault")
                .isCloseTo(40e6, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aSlowIntervalAfterTheClientMovedOffAndTheRateWasBackIsNotTheFaults() {
        // Detected at 600; 750-1000, the first interval wholly after, at 100 MB/s: the bytes flow again.
        // 1250-1500 at 40 MB/s comes later.
        List<ClientEvents> events = new ArrayList<>(ticks(25, 25, 25, 25, 25, 10, 25, 25));
        events.add(new ClientEvents.MovedOff(at(600), FROZEN, "mirror-failed"));

        Recovery r = judged(events, NO_TAIL);

        assertThat(r.outcome()).as("outcome").isEqualTo(Recovery.Outcome.NEVER_DIPPED);
        assertThat(r.toRecover()).as("time to recover").isEqualTo(Duration.ZERO);
        assertThat(r.lowestBytesPerSecond()).as("the slow interval is still reported as the lowest")
                .isCloseTo(40e6, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aDipRightAfterTheMoveCountsThoughTheIntervalAroundTheMoveWasHealthy() {
        // Moved off at 600, inside 500-750 (healthy, mostly before the move); 750-1000 dips while the chunks
        // restart elsewhere: that is the fault's, back at 1000-1250.
        List<ClientEvents> events = new ArrayList<>(ticks(25, 25, 25, 10, 25, 25, 25));
        events.add(new ClientEvents.MovedOff(at(600), FROZEN, "mirror-failed"));

        Recovery r = judged(events, NO_TAIL);

        assertThat(r.outcome()).as("outcome").isEqualTo(Recovery.Outcome.RECOVERED);
        assertThat(r.toRecover()).as("to the end of 1000-1250").isEqualTo(Duration.ofMillis(850));
    }

    @Test
    void withoutADetectionEverySlowIntervalAfterTheFaultCounts() {
        // Nothing moved off the frozen mirror, which still holds its chunk: the late dip is judged.
        Recovery r = judged(ticks(25, 25, 25, 25, 25, 10, 25, 25), NO_TAIL);

        assertThat(r.outcome()).as("outcome").isEqualTo(Recovery.Outcome.RECOVERED);
        assertThat(r.toRecover()).as("to the end of 1500-1750, back at rate").isEqualTo(Duration.ofMillis(1350));
    }

    @Test
    void aFrozenMirrorThatHeldNothingAtTheFaultAndGotNothingAfterLeavesTheRunUntouched() {
        // Its one chunk was verified at 200, before the fault; the other mirrors' rate falls from 1250 and never
        // comes back: not the fault's, which nothing in the download waited on.
        List<ClientEvents> events = new ArrayList<>(ticks(25, 25, 25, 25, 25, 10, 5, 5));
        events.add(new ClientEvents.AttemptStarted(at(5), "127.0.0.3", 1));
        events.add(new ClientEvents.ChunkVerified(at(200), FROZEN, 0));

        Recovery r = judged(events, NO_TAIL);

        assertThat(r.outcome()).as("outcome").isEqualTo(Recovery.Outcome.UNTOUCHED);
        assertThat(r.toRecover()).as("time to recover").isEqualTo(Duration.ZERO);
        assertThat(r.toDetect()).as("nothing was moved off it").isEmpty();
        assertThat(r.lowestBytesPerSecond()).as("the slow intervals are still reported")
                .isCloseTo(20e6, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aChunkGivenToTheFrozenMirrorAfterTheFaultMakesEveryDipCount() {
        // Idle at the fault (its chunk verified at 200), then given one at 900 that it never answers.
        List<ClientEvents> events = new ArrayList<>(ticks(25, 25, 25, 25, 25, 10, 5, 5));
        events.add(new ClientEvents.ChunkVerified(at(200), FROZEN, 0));
        events.add(new ClientEvents.AttemptStarted(at(900), FROZEN, 7));

        Recovery r = judged(events, NO_TAIL);

        assertThat(r.outcome()).as("outcome").isEqualTo(Recovery.Outcome.NOT_RECOVERED);
        assertThat(r.toRecover()).as("the rest of the run: completed at 2010, the fault at 400")
                .isEqualTo(Duration.ofMillis(1610));
    }

    @Test
    void aChunkVerifiedFromTheFrozenMirrorAfterTheFaultDoesNotCloseTheOneItHeld() {
        // Bytes already in the socket's buffer may complete the chunk it held after the freeze: it held work then.
        List<ClientEvents> events = new ArrayList<>(ticks(25, 25, 25, 25, 25, 10, 5, 5));
        events.add(new ClientEvents.ChunkVerified(at(450), FROZEN, 0));

        assertThat(judged(events, NO_TAIL).outcome()).as("outcome").isEqualTo(Recovery.Outcome.NOT_RECOVERED);
    }

    @Test
    void aChunkVerifiedInAnotherMirrorsNameClosesTheOneItWasAskedOfAndNoOtherChunk() {
        // Chunk 0, asked of the frozen mirror, came through a redirect and was verified in 127.0.0.3's name at 200:
        // done. Chunk 5, asked of it at 300, is still open at the fault, whatever other chunks the frozen mirror
        // verified (a mirror sending its whole file verifies chunks no attempt asked for).
        List<ClientEvents> events = new ArrayList<>(ticks(25, 25, 25, 25, 25, 10, 5, 5));
        events.add(new ClientEvents.ChunkVerified(at(200), "127.0.0.3", 0));
        events.add(new ClientEvents.AttemptStarted(at(300), FROZEN, 5));
        events.add(new ClientEvents.ChunkVerified(at(350), FROZEN, 9));
        events.add(new ClientEvents.ChunkVerified(at(360), FROZEN, 10));

        assertThat(judged(events, NO_TAIL).outcome()).as("chunk 5 held at the fault: every dip counts")
                .isEqualTo(Recovery.Outcome.NOT_RECOVERED);

        events.add(new ClientEvents.ChunkVerified(at(380), "127.0.0.4", 5));
        assertThat(judged(events, NO_TAIL).outcome()).as("chunk 5 verified elsewhere before the fault too")
                .isEqualTo(Recovery.Outcome.UNTOUCHED);
    }

    @Test
    void aRateThatNeverFellUnderNinetyPercentRecoversInZero() {
        Recovery r = judged(ticks(25, 25, 24, 23, 25, 26, 25), NO_TAIL);

        assertThat(r.outcome()).as("outcome").isEqualTo(Recovery.Outcome.NEVER_DIPPED);
        assertThat(r.toRecover()).as("time to recover").isEqualTo(Duration.ZERO);
        assertThat(r.toDetect()).as("no event moved work off the frozen mirror").isEmpty();
    }

    @Test
    void eventsBeforeTheFaultDoNotCountAsDetection() {
        List<ClientEvents> events = new ArrayList<>(ticks(25, 25, 25, 25, 25));
        events.add(new ClientEvents.MovedOff(at(300), FROZEN, "mirror-failed"));
        events.add(new ClientEvents.MovedOff(at(1100), FROZEN, "mirror-switched"));

        assertThat(judged(events, NO_TAIL).toDetect()).as("expected the first event at or after the fault")
                .contains(Duration.ofMillis(700));
    }

    @Test
    void aRateStillLowAtTheTailIsTheRestOfTheRunAndFlagged() {
        // Completed at 250 * 7 + 10 = 1760 ms; the rate falls at 750 and never comes back.
        Recovery r = judged(ticks(25, 25, 25, 5, 5, 5, 5), NO_TAIL);

        assertThat(r.outcome()).as("outcome").isEqualTo(Recovery.Outcome.NOT_RECOVERED);
        assertThat(r.toRecover()).as("time to recover = completion 1760 - fault 400 ms")
                .isEqualTo(Duration.ofMillis(1360));
    }

    @Test
    void theTailsSlowdownIsNotADip() {
        // 25+25+25+25 = 100 MB by 1000 ms; from there fewer than the tail's bytes were left, and the rate fell.
        Recovery r = judged(ticks(25, 25, 25, 25, 5, 2), 100 * MB);

        assertThat(r.outcome()).as("outcome, with intervals ending after 100 MB left out")
                .isEqualTo(Recovery.Outcome.NEVER_DIPPED);
    }

    @Test
    void aFaultTooCloseToTheEndCannotBeJudged() {
        Recovery.Measured measured = Recovery.measure(ticks(25, 25, 25, 5), FAULT, FROZEN, 60 * MB);

        assertThat(measured).as("no whole interval after the fault ends before the tail (from 60 MB; 75 MB by 750 ms)")
                .isInstanceOfSatisfying(Recovery.Measured.Unjudged.class,
                        u -> assertThat(u.why()).contains("tail"));
    }

    @Test
    void aFaultBeforeTheFirstByteCannotBeJudged() {
        List<ClientEvents> late = List.of(new ClientEvents.FirstByte(at(500)), new ClientEvents.Progress(at(750),
                25 * MB), new ClientEvents.Completed(at(800)));

        assertThat(Recovery.measure(late, FAULT, FROZEN, NO_TAIL)).as("fault at 400 ms, first byte at 500 ms")
                .isInstanceOf(Recovery.Measured.Unjudged.class);
    }

    @Test
    void theClientsJsonLinesAreReadBack(@TempDir Path dir) throws Exception {
        Instant t = Instant.parse("2026-12-03T12:00:00.123456Z");
        List<DownloadEvent> written = List.of(
                new DownloadEvent.AttemptStarted(t, FROZEN, 0, 0, 4, 1),
                new DownloadEvent.FirstByte(t, FROZEN, 0, Duration.ofMillis(3)),
                new DownloadEvent.Progress(t.plusMillis(250), 0, 1234, 5000, 1e6, List.of(FROZEN)),
                new DownloadEvent.ChunkVerified(t.plusMillis(260), FROZEN, 0, 4),
                new DownloadEvent.MirrorFailed(t.plusMillis(300), FROZEN, FailureKind.STALL, "stalled", 1),
                new DownloadEvent.MirrorSwitched(t.plusMillis(301), FROZEN, "127.0.0.3", 7, "stalled"),
                new DownloadEvent.HedgeStarted(t.plusMillis(302), 8, FROZEN, "127.0.0.4"),
                new DownloadEvent.ChunkRejected(t.plusMillis(303), FROZEN, 9, FailureKind.CORRUPT, "bad", 4),
                new DownloadEvent.MirrorAbandoned(t.plusMillis(304), FROZEN, "gone"),
                new DownloadEvent.Completed(t.plusMillis(400), "f", dir.resolve("f"), 5000, "00", Duration.ZERO,
                        5000, 0, 1));
        Path file = dir.resolve("events.jsonl");
        Files.write(file, written.stream().map(JsonLines::format).toList());

        assertThat(ClientEvents.read(file)).as("events kept from the client's own JSON lines").containsExactly(
                new ClientEvents.AttemptStarted(t, FROZEN, 0),
                new ClientEvents.FirstByte(t),
                new ClientEvents.Progress(t.plusMillis(250), 1234),
                new ClientEvents.ChunkVerified(t.plusMillis(260), FROZEN, 0),
                new ClientEvents.MovedOff(t.plusMillis(300), FROZEN, "mirror-failed"),
                new ClientEvents.MovedOff(t.plusMillis(301), FROZEN, "mirror-switched"),
                new ClientEvents.MovedOff(t.plusMillis(302), FROZEN, "hedge-started"),
                new ClientEvents.MovedOff(t.plusMillis(303), FROZEN, "chunk-rejected"),
                new ClientEvents.MovedOff(t.plusMillis(304), FROZEN, "mirror-abandoned"),
                new ClientEvents.Completed(t.plusMillis(400)));
    }
}
