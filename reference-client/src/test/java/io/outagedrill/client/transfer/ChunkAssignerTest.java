package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.events.FailureKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkAssignerTest {
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void anAttemptIsStampedWithTheTimeItWasAssigned() {
        SchedulingFixture f = new SchedulingFixture(2, "sequential", "fastly");
        ticker.at(Duration.ofSeconds(7));

        Attempt attempt = f.assigner.next(ticker.nanoTime());

        assertThat(attempt).as("chunk 0 is waiting and fastly is free").isNotNull();
        assertThat(attempt.chunk).isZero();
        assertThat(attempt.startedNanos).isEqualTo(Duration.ofSeconds(7).toNanos());
    }

    @Test
    void aMirrorInBackoffGetsNoWorkUntilItsWaitIsOverThenOneProbe() {
        SchedulingFixture f = new SchedulingFixture(2, "sequential", "fastly");
        MirrorHealth fastly = f.mirror("fastly");
        fastly.onFailure(FailureKind.HTTP_STATUS, "503", Duration.ofSeconds(1), ticker.nanoTime(), 3, 2);

        ticker.advance(Duration.ofMillis(999));
        assertThat(f.assigner.next(ticker.nanoTime())).as("1 ms before the 1 s backoff ends").isNull();

        ticker.advance(Duration.ofMillis(1));
        Attempt probe = f.assigner.next(ticker.nanoTime());
        assertThat(probe).as("the backoff is over").isNotNull();
        assertThat(fastly.circuit()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(f.assigner.next(ticker.nanoTime())).as("one probe at a time while half-open").isNull();
    }

    @Test
    void aCrawlingTailChunkIsHedgedOnAFasterMirrorOnlyOnceItIsOldEnough() {
        SchedulingFixture f = new SchedulingFixture(1, "adaptive", "slow", "fast");
        MirrorHealth slow = f.mirror("slow");
        MirrorHealth fast = f.mirror("fast");
        fast.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1); // 10 MiB/s
        Attempt crawling = running(f, slow);
        crawling.bytes.set(100); // 100 bytes in its first 100 ms: about three hours to go

        ticker.advance(Duration.ofMillis(100));
        assertThat(f.assigner.next(ticker.nanoTime())).as("a 100 ms old attempt is too young to judge").isNull();

        ticker.advance(Duration.ofMillis(900));
        Attempt hedge = f.assigner.next(ticker.nanoTime());
        assertThat(hedge).as("1 s old at 100 B/s while fast does 10 MiB/s").isNotNull();
        assertThat(hedge.hedge).isTrue();
        assertThat(hedge.mirror).isSameAs(fast);
        assertThat(hedge.startedNanos).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void aRequestReservesTheChunksAfterItsOwnWhileMuchIsLeftAndOneChunkEachAtTheTail() {
        SchedulingFixture f = new SchedulingFixture(64, "parallel", "fastly");
        for (int i = 0; i < 2; i++) {
            f.mirror("fastly").onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        }
        int connections = f.config.connections();
        List<Integer> runs = new ArrayList<>();
        int next = 0;
        for (Attempt a = f.assigner.next(ticker.nanoTime()); a != null; a = f.assigner.next(ticker.nanoTime())) {
            a.mirror.release(0);
            assertThat(a.chunk).as("runs follow each other without gap or overlap").isEqualTo(next);
            if (64 - next < ChunkAssigner.MIN_PENDING_FOR_RUNS) {
                assertThat(a.followers).as("%d chunks pending: the tail, a chunk per request", 64 - next).isEmpty();
            }
            for (Attempt follower : a.followers) {
                assertThat(follower.queued).isTrue();
                assertThat(follower.chunk).isEqualTo(++next);
                assertThat(f.board.state(follower.chunk)).isEqualTo(ChunkBoard.State.ACTIVE);
            }
            next++;
            runs.add(1 + a.followers.size());
        }
        assertThat(next).isEqualTo(64);
        assertThat(runs.getFirst()).as("64 chunks pending over %d connections", connections)
                .isEqualTo(Math.min(ChunkAssigner.MAX_RUN_CHUNKS, 64 / (ChunkAssigner.RUN_SPREAD * connections)));
        assertThat(runs).as("never longer as the work shrinks").isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void aQueuedFollowerIsNeverHedgedAndAHandedBackChunkWaitsAsIfNeverAssigned() {
        SchedulingFixture f = new SchedulingFixture(64, "adaptive", "slow", "fast");
        MirrorHealth slow = f.mirror("slow");
        MirrorHealth fast = f.mirror("fast");
        fast.onFailure(FailureKind.HTTP_STATUS, "503", Duration.ofHours(1), ticker.nanoTime(), 3, 2);
        for (int i = 0; i < 2; i++) {
            slow.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        }
        Attempt run = f.assigner.next(ticker.nanoTime());
        assertThat(run.mirror).isSameAs(slow);
        assertThat(run.followers).isNotEmpty();
        // Everything else is fetched from fast and verified, so nothing waits and the tail's hedging begins.
        slow.onFailure(FailureKind.HTTP_STATUS, "503", Duration.ofHours(1), ticker.nanoTime(), 3, 2);
        fast.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        for (Attempt a = f.assigner.next(ticker.nanoTime()); a != null; a = f.assigner.next(ticker.nanoTime())) {
            a.mirror.release(0);
            f.board.finish(a);
            a.followers.forEach(f.board::finish);
        }
        run.bytes.set(100);
        ticker.advance(Duration.ofSeconds(1));

        Attempt hedge = f.assigner.next(ticker.nanoTime());
        assertThat(hedge).as("the crawling first chunk of the run is raced").isNotNull();
        assertThat(hedge.chunk).isEqualTo(run.chunk);
        fast.release(0);
        assertThat(f.assigner.next(ticker.nanoTime())).as("its followers have nothing on the wire to race").isNull();

        Attempt follower = run.followers.getFirst();
        f.board.handBack(follower);
        assertThat(f.board.state(follower.chunk)).isEqualTo(ChunkBoard.State.PENDING);
        assertThat(f.board.lastMirror(follower.chunk)).as("no switch to report for it").isNull();
    }

    @Test
    void anUntriedOrSlowMirrorIsAskedForOneChunkAtATime() {
        SchedulingFixture f = new SchedulingFixture(64, "sequential", "slow", "fast");
        MirrorHealth slow = f.mirror("slow");
        MirrorHealth fast = f.mirror("fast");

        Attempt untried = f.assigner.next(ticker.nanoTime());
        assertThat(untried.mirror).isSameAs(slow);
        assertThat(untried.followers).as("slow has served nothing yet").isEmpty();
        slow.release(0);

        fast.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1); // 10 MiB/s
        for (int i = 0; i < 2; i++) {
            slow.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(400).toNanos(), 1); // a quarter of that
        }
        Attempt slowOne = f.assigner.next(ticker.nanoTime());
        assertThat(slowOne.mirror).as("sequential keeps to its first mirror").isSameAs(slow);
        assertThat(slowOne.followers).as("slow is more than %s times slower than fast", f.config.hedgeSlowFactor())
                .isEmpty();
        slow.release(0);

        for (int i = 0; i < 5; i++) {
            slow.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(200).toNanos(), 1); // half fast's rate
        }
        assertThat(f.assigner.next(ticker.nanoTime()).followers).as("slow at %.1f MB/s, fast at %.1f MB/s",
                slow.throughput() / 1e6, fast.throughput() / 1e6).isNotEmpty();
    }

    @Test
    void aMirrorMeasuredOnOneChunkIsAskedForOneChunkAndForRunsAfterItsSecond() {
        SchedulingFixture f = new SchedulingFixture(64, "sequential", "cloudflare");
        MirrorHealth cloudflare = f.mirror("cloudflare");
        cloudflare.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);

        assertThat(f.assigner.next(ticker.nanoTime()).followers)
                .as("one chunk's speed, its handshake in it, is not yet trusted with a run (63 wait)").isEmpty();
        cloudflare.release(0);

        cloudflare.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        assertThat(f.assigner.next(ticker.nanoTime()).followers).as("after its second chunk").isNotEmpty();
    }

    @Test
    void aSilentFrontierChunkIsTakenOverOnTheFastestOtherMirrorAndTheChunksQueuedBehindItGoBack() {
        SchedulingFixture f = new SchedulingFixture(40, "adaptive", "frozen", "slow", "fast");
        MirrorHealth frozen = f.mirror("frozen");
        f.mirror("slow").onSuccess(SchedulingFixture.MIB, Duration.ofMillis(500).toNanos(), 1);
        f.mirror("fast").onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        Attempt silent = running(f, frozen);
        List<Attempt> queued = new ArrayList<>();
        for (int chunk = 1; chunk <= 3; chunk++) {
            Attempt follower = new Attempt(chunk, frozen, false, ticker.nanoTime());
            follower.queued = true;
            f.board.start(follower);
            queued.add(follower);
        }
        silent.followers = List.copyOf(queued);
        List<Attempt> stopped = new ArrayList<>();

        Attempt takeover = f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add);

        assertThat(takeover).as("fast is free and measured fastest").isNotNull();
        assertThat(takeover.mirror.label()).isEqualTo("fast");
        assertThat(takeover.chunk).isZero();
        assertThat(takeover.continuing).as("asked from the chunk's start").isNull();
        assertThat(takeover.tookOver).as("marked, so that it is not taken over in turn").isTrue();
        assertThat(stopped).as("the silent attempt is stopped from writing first").containsExactly(silent);
        assertThat(f.board.attempts(0)).as("chunk 0 is the takeover's now").containsExactly(takeover);
        assertThat(f.board.live()).as("the silent attempt is still in flight, to be judged").contains(silent);
        assertThat(queued).as("chunks 1-3 were queued behind it on its response").allSatisfy(a -> {
            assertThat(a.cancelled()).isTrue();
            assertThat(a.queued).isFalse();
        });
        assertThat(takeover.followers).as("the fast mirror has served once: one chunk per request").isEmpty();
        assertThat(List.of(1, 2, 3)).as("chunks 1-3 wait for any connection")
                .allMatch(c -> f.board.state(c) == ChunkBoard.State.PENDING);
        assertThat(f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add))
                .as("taken over once").isNull();

        f.board.fail(silent, "stalled");
        assertThat(f.board.live()).as("once it ends it is gone, and chunk 0 stays the takeover's")
                .doesNotContain(silent).contains(takeover);
        assertThat(f.board.lastMirror(0)).as("no failure recorded against the chunk it no longer held").isNull();
        // Moving the chunk once more would be churn (on a loaded machine: to another healthy mirror and back, a
        // switch each time); slow is free and has served, but the takeover's own stall is the stall watch's to cut.
        assertThat(f.assigner.canTakeOver(takeover, ticker.nanoTime(), ticker.nanoTime()))
                .as("the takeover taken over in turn").isFalse();
    }

    @Test
    void noTakeoverWhenNoOtherMirrorCanTakeARequest() {
        SchedulingFixture f = new SchedulingFixture(4, "adaptive", "frozen", "busy");
        MirrorHealth frozen = f.mirror("frozen");
        MirrorHealth busy = f.mirror("busy");
        busy.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        for (int i = 0; i < f.config.connectionsPerMirror(); i++) {
            busy.tryAcquire(ticker.nanoTime(), f.config.connectionsPerMirror());
        }
        Attempt silent = running(f, frozen);
        List<Attempt> stopped = new ArrayList<>();

        assertThat(f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add))
                .as("busy is at its connection limit").isNull();
        assertThat(stopped).as("the silent attempt writes on").isEmpty();
        assertThat(f.board.attempts(0)).containsExactly(silent);
    }

    /**
     * A silent chunk whose connection is in a write to the part file (the disk slow, or hung) is not moved: its
     * connection waits on the disk, not its mirror, and stopping its writes would wait for that write under the
     * schedule's lock (on a hung disk, for ever: the download then never ended).
     */
    @Test
    void noTakeoverWhileAWriteOfTheSilentAttemptIsUnderWay() {
        SchedulingFixture f = new SchedulingFixture(4, "adaptive", "frozen", "fast");
        MirrorHealth fast = f.mirror("fast");
        fast.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        Attempt silent = running(f, f.mirror("frozen"));
        int activeBefore = fast.active();

        assertThat(f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), writing -> false))
                .as("a write of it under way").isNull();
        assertThat(f.board.attempts(0)).as("the chunk stays the silent attempt's").containsExactly(silent);
        assertThat(silent.superseded()).isFalse();
        assertThat(fast.active()).as("the connection taken for the takeover is given back").isEqualTo(activeBefore);
    }

    @Test
    void aSilentAttemptWhoseConnectionHasBrokenAndKeptItsBytesIsNotTakenOver() {
        // The connection broke (a fixed limit cut it, or it closed) after a silence long enough for a takeover: the
        // runner keeps its bytes as a partial (Schedule.keepPartial), then, under the lock again, judges the failure
        // and frees the chunk. A takeover between the two left the partial on the board while the new connection
        // wrote the chunk from its start over those bytes; had that one failed without a partial of its own (a
        // corrupt copy, written whole), the next attempt would finish the chunk by range on the old digest, and the
        // chunk would pass while the disk held other bytes (a whole-file mismatch, a second round).
        SchedulingFixture f = new SchedulingFixture(40, "adaptive", "frozen", "fast");
        Schedule schedule = new Schedule(f.board, f.assigner, f.mirrors, ticker);
        MirrorHealth frozen = f.mirror("frozen");
        f.mirror("fast").onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        Attempt silent = running(f, frozen);
        silent.bytes.set(1000);
        ChunkBoard.Partial kept = new ChunkBoard.Partial(1000, io.outagedrill.client.Sha256.newDigest(), frozen);
        schedule.keepPartial(silent, kept);
        List<Attempt> stopped = new ArrayList<>();

        Attempt takeover = f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add);

        assertThat(takeover).as("its connection has broken; its chunk goes back with its bytes at once").isNull();
        assertThat(stopped).isEmpty();
        assertThat(f.board.attempts(0)).containsExactly(silent);
        f.board.fail(silent, "frozen: connection broke");
        Attempt next = f.assigner.next(ticker.nanoTime());
        assertThat(next.chunk).isZero();
        assertThat(next.continuing).as("the next attempt finishes the chunk by range on the bytes it kept")
                .isSameAs(kept);
    }

    @Test
    void theFrontierChunkIsNotTakenOverByAMirrorThatFailedLastNorByOneThatNeverServed() {
        // The chunk the whole-file hash waits for goes only where it is likely to come at once: not to a mirror whose
        // last request failed (its backoff over, the request would be its half-open probe), nor to one that has not
        // served in this download (no first-byte time, so a frozen one would hold it until the first-byte limit).
        SchedulingFixture f = new SchedulingFixture(4, "adaptive", "frozen", "recovering", "untried");
        MirrorHealth frozen = f.mirror("frozen");
        MirrorHealth recovering = f.mirror("recovering");
        recovering.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        recovering.onFailure(FailureKind.TRUNCATED, "connection reset", Duration.ofSeconds(1), ticker.nanoTime(), 3, 2);
        Attempt silent = running(f, frozen);
        ticker.advance(Duration.ofSeconds(1));
        List<Attempt> stopped = new ArrayList<>();

        assertThat(f.assigner.canTakeOver(silent, ticker.nanoTime(), ticker.nanoTime())).isFalse();
        assertThat(f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add)).as("events:%n%s",
                f.events.transcript()).isNull();
        assertThat(stopped).as("the silent attempt writes on").isEmpty();
        assertThat(recovering.circuit()).as("no probe was sent to it").isEqualTo(CircuitState.OPEN);

        recovering.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        assertThat(f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add))
                .as("once it has served again").isNotNull().satisfies(t -> assertThat(t.mirror).isSameAs(recovering));
    }

    /**
     * A mirror that answered "come back later" (429 or 503 with Retry-After) has its circuit open with no failure
     * counted: once its wait is over, a takeover sent there was its half-open probe, told by no circuit-changed event
     * (the events went from open to closed with no half-open between), and went to a mirror pacing its clients.
     */
    @Test
    void theFrontierChunkIsNotTakenOverByAMirrorThatAskedToWait() {
        SchedulingFixture f = new SchedulingFixture(4, "adaptive", "frozen", "pacing");
        MirrorHealth frozen = f.mirror("frozen");
        MirrorHealth pacing = f.mirror("pacing");
        pacing.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        pacing.onAskedToWait("HTTP 429, Retry-After: 1", Duration.ofSeconds(1), ticker.nanoTime());
        Attempt silent = running(f, frozen);
        ticker.advance(Duration.ofSeconds(2));
        List<Attempt> stopped = new ArrayList<>();

        assertThat(pacing.consecutiveFailures()).as("a wait asked for is no failure").isZero();
        assertThat(f.assigner.canTakeOver(silent, ticker.nanoTime(), ticker.nanoTime())).isFalse();
        assertThat(f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add)).as("events:%n%s",
                f.events.transcript()).isNull();
        assertThat(pacing.circuit()).as("no probe was sent to it").isEqualTo(CircuitState.OPEN);
        assertThat(stopped).as("the silent attempt writes on").isEmpty();

        pacing.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        assertThat(f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add))
                .as("once it has served again").isNotNull().satisfies(t -> assertThat(t.mirror).isSameAs(pacing));
    }

    @Test
    void anAttemptWithEveryByteOfItsChunkIsNotTakenOver() {
        // Silent only while it checks its bytes or waits for its response's end: a second copy would come later.
        SchedulingFixture f = new SchedulingFixture(4, "adaptive", "holding", "fast");
        MirrorHealth holding = f.mirror("holding");
        f.mirror("fast").onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        Attempt complete = running(f, holding);
        complete.bytes.set(SchedulingFixture.MIB);

        assertThat(f.assigner.takeOver(complete, ticker.nanoTime(), ticker.nanoTime(), a -> true)).isNull();
        complete.bytes.set(SchedulingFixture.MIB - 1);
        assertThat(f.assigner.takeOver(complete, ticker.nanoTime(), ticker.nanoTime(), a -> true))
                .as("one byte short").isNotNull();
    }

    @Test
    void aSilenceAfterARedirectIsNotTakenOverByTheMirrorThatIsSilent() {
        // The silent attempt was sent on by a redirect: the silence is the target's (the stall watch judges and
        // charges the target), so the takeover goes to neither of the two.
        SchedulingFixture f = new SchedulingFixture(4, "adaptive", "redirector", "target", "healthy");
        MirrorHealth redirector = f.mirror("redirector");
        MirrorHealth target = f.mirror("target");
        target.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(50).toNanos(), 1);
        f.mirror("healthy").onSuccess(SchedulingFixture.MIB, Duration.ofMillis(200).toNanos(), 1);
        Attempt silent = running(f, redirector);
        silent.call(new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder().url("https://target.test/v.bin")
                .build()), target, ticker.nanoTime(), 0);
        silent.phase = Attempt.Phase.AWAITING_HEADERS;

        Attempt takeover = f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), a -> true);

        assertThat(takeover).as("healthy is free").isNotNull();
        assertThat(takeover.mirror.label()).as("not the redirect's target, fastest but the one that is silent")
                .isEqualTo("healthy");
    }

    @Test
    void aHedgeThatIsItsMirrorsHalfOpenProbeSaysSo() {
        SchedulingFixture f = new SchedulingFixture(1, "adaptive", "slow", "fast");
        MirrorHealth slow = f.mirror("slow");
        MirrorHealth fast = f.mirror("fast");
        fast.onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1); // 10 MiB/s
        fast.onFailure(FailureKind.TRUNCATED, "connection reset", Duration.ofMillis(500), ticker.nanoTime(), 3, 2);
        Attempt crawling = running(f, slow);
        crawling.bytes.set(100);

        ticker.advance(Duration.ofSeconds(1));
        Attempt hedge = f.assigner.next(ticker.nanoTime());

        assertThat(hedge).as("fast's 500 ms wait is over; events:%n%s", f.events.transcript()).isNotNull();
        assertThat(hedge.hedge).isTrue();
        assertThat(fast.circuit()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(f.events.of(io.outagedrill.client.events.DownloadEvent.CircuitChanged.class))
                .as("the hedge is fast's half-open probe; events:%n%s", f.events.transcript())
                .anyMatch(c -> c.mirror().equals("fast") && c.state().equals("half-open"));
    }

    /**
     * Bytes that arrive between the stall watch's verdict and the takeover (the watch starts a connection first, and
     * waits for the schedule's lock) end the silence: the chunk stays where it is, its bytes kept, no switch counted.
     */
    @Test
    void aChunkThatReceivedBytesSinceItWasJudgedSilentIsNotTakenOver() {
        SchedulingFixture f = new SchedulingFixture(40, "adaptive", "slowed", "fast");
        f.mirror("fast").onSuccess(SchedulingFixture.MIB, Duration.ofMillis(100).toNanos(), 1);
        Attempt silent = running(f, f.mirror("slowed"));
        silent.progressed(ticker.nanoTime(), 0);
        ticker.advance(Duration.ofMillis(300));
        long judgedSilentAt = ticker.nanoTime();
        ticker.advance(Duration.ofMillis(40));
        silent.progressed(ticker.nanoTime(), 64 * 1024);
        List<Attempt> stopped = new ArrayList<>();

        assertThat(f.assigner.canTakeOver(silent, judgedSilentAt, ticker.nanoTime())).isFalse();
        assertThat(f.assigner.takeOver(silent, judgedSilentAt, ticker.nanoTime(), stopped::add))
                .as("its first byte came 40 ms after the verdict").isNull();
        assertThat(stopped).as("still writing").isEmpty();
        assertThat(f.board.attempts(0)).containsExactly(silent);
        assertThat(f.assigner.takeOver(silent, ticker.nanoTime(), ticker.nanoTime(), stopped::add))
                .as("judged silent again after its last bytes: taken over").isNotNull();
    }

    /** An attempt on chunk 0 running on {@code mirror} (one of its connections taken), as a slot would start it. */
    private Attempt running(SchedulingFixture f, MirrorHealth mirror) {
        mirror.tryAcquire(ticker.nanoTime(), f.config.connectionsPerMirror());
        Attempt attempt = new Attempt(0, mirror, false, ticker.nanoTime());
        f.board.start(attempt);
        return attempt;
    }
}
