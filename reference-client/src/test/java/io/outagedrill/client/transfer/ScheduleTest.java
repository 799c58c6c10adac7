package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.events.FailureKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void nextReadsTheTickerForTheAttemptItHandsOut() {
        SchedulingFixture f = new SchedulingFixture(3, "parallel", "fastly", "bunny");
        Schedule schedule = new Schedule(f.board, f.assigner, f.mirrors, ticker);
        ticker.at(Duration.ofMinutes(3));

        Attempt attempt = schedule.next();

        assertThat(attempt).as("three chunks wait and two mirrors are free").isNotNull();
        assertThat(attempt.startedNanos).isEqualTo(Duration.ofMinutes(3).toNanos());
    }

    @Test
    void claimStampsTheStreamedChunkWithTheTicker() {
        SchedulingFixture f = new SchedulingFixture(3, "parallel", "fastly");
        Schedule schedule = new Schedule(f.board, f.assigner, f.mirrors, ticker);
        ticker.at(Duration.ofSeconds(42));

        Attempt claimed = schedule.claim(2, f.mirror("fastly"));

        assertThat(claimed.startedNanos).isEqualTo(Duration.ofSeconds(42).toNanos());
        assertThat(f.board.state(2)).isEqualTo(ChunkBoard.State.ACTIVE);
    }

    @Test
    void aStreamClaimingAChunkDropsTheBytesABrokenAttemptKeptOfIt() {
        // The stream rewrites the chunk from its start: a partial kept on would let the next attempt, should the
        // stream fail there, finish by range over the stream's bytes with the old digest (a whole-file mismatch).
        SchedulingFixture f = new SchedulingFixture(3, "parallel", "fastly");
        Schedule schedule = new Schedule(f.board, f.assigner, f.mirrors, ticker);
        f.board.partial(2, new ChunkBoard.Partial(100, io.outagedrill.client.Sha256.newDigest(), f.mirror("fastly")));

        schedule.claim(2, f.mirror("fastly"));

        assertThat(f.board.partial(2)).as("the partial of chunk 2 after a stream claimed it").isNull();
    }

    @Test
    void aFailureAfterEveryChunkIsVerifiedDoesNotFailTheDownload() {
        // A losing hedge's scratch file on a disk with just room for the file, after the original won: nothing the
        // download needs was lost.
        SchedulingFixture f = new SchedulingFixture(1, "parallel", "fastly");
        java.util.BitSet verified = new java.util.BitSet();
        verified.set(0);
        Schedule complete = new Schedule(new ChunkBoard(1, verified), f.assigner, f.mirrors, ticker);
        Schedule waiting = new Schedule(f.board, f.assigner, f.mirrors, ticker);
        java.io.IOException full = new java.io.IOException("No space left on device");

        complete.failLocally("v.bin", java.nio.file.Path.of("v.bin.part"), full);
        waiting.failLocally("v.bin", java.nio.file.Path.of("v.bin.part"), full);

        assertThat(complete.failure()).as("the failure of a round whose every chunk is verified").isNull();
        assertThat(waiting.failure()).as("the failure of a round with a chunk waiting").isNotNull();
    }

    @Test
    void theRoundFailsWhenNoMirrorCanServeAWaitingChunk() {
        SchedulingFixture f = new SchedulingFixture(1, "sequential", "fastly");
        Schedule schedule = new Schedule(f.board, f.assigner, f.mirrors, ticker);
        f.mirror("fastly").onFailure(FailureKind.CONNECT, "refused", Duration.ZERO, 0, 0, 2);

        assertThat(schedule.next()).as("the only mirror was given up").isNull();
        assertThat(schedule.failure().reason()).isEqualTo(DownloadFailedException.Reason.ALL_MIRRORS_FAILED);
        assertThat(schedule.failure()).hasMessage("no mirror can serve v.bin any more: fastly (1 failure in a row, "
                + "the last: refused)");
    }

    @Test
    void theDeadlineIsJudgedOnTheTickerWithoutWaitingForIt() {
        SchedulingFixture f = new SchedulingFixture(1, "sequential", "fastly");
        Schedule schedule = new Schedule(f.board, f.assigner, f.mirrors, ticker);
        Duration deadline = Duration.ofMinutes(10);
        ticker.advance(deadline);

        schedule.awaitEnd("v.bin", deadline.toNanos(), deadline);

        assertThat(schedule.failure().reason()).isEqualTo(DownloadFailedException.Reason.DEADLINE);
        assertThat(schedule.failure()).hasMessage("v.bin: not finished within the deadline of 10 min");
    }
}
