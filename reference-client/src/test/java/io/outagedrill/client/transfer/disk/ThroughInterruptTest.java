package io.outagedrill.client.transfer.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The waits of a stopping download: through an interrupt, bounded, the interrupt kept. A wait that does not end
 * fails its test at the timeout (on a thread of its own: the wait goes on through the timeout's interrupt).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThroughInterruptTest {
    /** One bounded wait, as a timed join would be: it throws at once when the thread is interrupted. */
    private static final ThroughInterrupt.Step TEN_MS = () -> Thread.sleep(10);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anInterruptedWaitGoesOnUntilDoneAndKeepsTheInterrupt() {
        // Timed from before the moment it is done is set: timed from after, the wait measured a few microseconds
        // short of 150 ms now and then, and the test failed a wait that was right.
        long start = System.nanoTime();
        long doneAt = start + Duration.ofMillis(150).toNanos();
        Thread.currentThread().interrupt();

        ThroughInterrupt.await(() -> System.nanoTime() - doneAt >= 0, TEN_MS, null, Duration.ofSeconds(10));
        long took = System.nanoTime() - start;

        assertThat(Duration.ofNanos(took)).as("waited through the interrupt until done (150 ms)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(150)).isLessThan(Duration.ofSeconds(5));
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt, kept for the caller").isTrue();
    }

    @Test
    void afterAnInterruptTheWaitEndsAtItsLimitThoughNotDone() {
        Thread.currentThread().interrupt();

        long took = timed(() -> ThroughInterrupt.await(() -> false, TEN_MS, null, Duration.ofMillis(150)));

        assertThat(Duration.ofNanos(took)).as("a wait with no limit of its own, 150 ms allowed after the interrupt")
                .isGreaterThanOrEqualTo(Duration.ofMillis(150)).isLessThan(Duration.ofSeconds(5));
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt, kept for the caller").isTrue();
    }

    @Test
    void withoutAnInterruptTheWaitEndsAtItsOverallLimit() {
        long took = timed(() -> ThroughInterrupt.await(() -> false, TEN_MS, Duration.ofMillis(150),
                Duration.ofSeconds(10)));

        assertThat(Duration.ofNanos(took)).as("a wait limited to 150 ms in all, never done")
                .isGreaterThanOrEqualTo(Duration.ofMillis(150)).isLessThan(Duration.ofSeconds(5));
        assertThat(Thread.currentThread().isInterrupted()).as("no interrupt where there was none").isFalse();
    }

    private static long timed(Runnable wait) {
        long start = System.nanoTime();
        wait.run();
        return System.nanoTime() - start;
    }
}
