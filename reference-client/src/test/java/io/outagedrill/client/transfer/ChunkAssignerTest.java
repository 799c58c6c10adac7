package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.events.FailureKind;
import java.time.Duration;
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
        slow.tryAcquire(ticker.nanoTime(), f.config.connectionsPerMirror());
        Attempt crawling = new Attempt(0, slow, false, ticker.nanoTime());
        f.board.start(crawling);
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
}
