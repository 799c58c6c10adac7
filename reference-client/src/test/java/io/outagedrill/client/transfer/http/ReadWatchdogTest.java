package io.outagedrill.client.transfer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The per-read stall limit's watchdog, without a network: reads are stamped by hand. */
class ReadWatchdogTest {
    private final ReadWatchdog watchdog = new ReadWatchdog("read watchdog under test");
    private final AtomicInteger cancels = new AtomicInteger();

    @Test
    void aReadThatOverstaysItsLimitIsCancelledOnceAndTheThreadEndsWhenNothingIsWatched() {
        try (ReadWatchdog.Watch watch = watchdog.watch(Duration.ofMillis(50), cancels::incrementAndGet)) {
            watch.reading();

            await("a read past its 50 ms limit cancelled").atMost(Duration.ofSeconds(5)).until(watch::expired);
            await("no second cancel for the same read").during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(2)).until(() -> cancels.get() == 1);
        }
        await("the watchdog's thread ended with nothing to watch").atMost(ReadWatchdog.IDLE.plusSeconds(5))
                .until(() -> !watchdog.running());
    }

    @Test
    void readsThatEachReturnInTimeAreNeverCancelledHoweverLongTheBodyTakes() {
        try (ReadWatchdog.Watch watch = watchdog.watch(Duration.ofMillis(300), cancels::incrementAndGet)) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000);
            for (int read = 0; read < 1_000 && System.nanoTime() - end < 0; read++) {
                watch.reading();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // a read that takes 2 ms
                watch.returned();
            }

            assertThat(watch.expired()).as("a body of 2 ms reads for 1 s, with a 300 ms limit per read").isFalse();
            assertThat(cancels).hasValue(0);
        }
    }

    @Test
    void aShorterLimitIsJudgedOnTimeWhileTheThreadWaitsOnALongerOne() {
        try (ReadWatchdog.Watch slow = watchdog.watch(Duration.ofSeconds(30), () -> { })) {
            slow.reading(); // the thread now waits for this one, 30 s away
            try (ReadWatchdog.Watch quick = watchdog.watch(Duration.ofMillis(50), cancels::incrementAndGet)) {
                quick.reading();

                await("a 50 ms limit judged while a 30 s one is watched").atMost(Duration.ofSeconds(5))
                        .until(quick::expired);
            }
            assertThat(slow.expired()).as("the read with a 30 s limit, judged meanwhile").isFalse();
        }
    }

    @Test
    void aWatchAddedWhileTheThreadWaitsWithNothingToWatchIsJudgedOnTime() {
        watchdog.watch(Duration.ofMillis(20), () -> { }).close();
        await("the watchdog's thread waiting with nothing to watch").atMost(Duration.ofSeconds(5))
                .until(watchdog::idle);

        try (ReadWatchdog.Watch watch = watchdog.watch(Duration.ofMillis(100), cancels::incrementAndGet)) {
            watch.reading();

            // The idle wait lasts ReadWatchdog.IDLE (2 s): a thread not woken would look only then.
            await("a 100 ms limit judged while the thread waited out its idle time").atMost(Duration.ofSeconds(1))
                    .until(watch::expired);
        }
    }

    @Test
    void aCancelThatThrowsLeavesTheWatchdogJudgingTheOtherReads() {
        try (ReadWatchdog.Watch failing = watchdog.watch(Duration.ofMillis(50), () -> {
            throw new AssertionError("a cancel that fails");
        })) {
            failing.reading();
            await("the first read over its limit").atMost(Duration.ofSeconds(5)).until(failing::expired);

            try (ReadWatchdog.Watch next = watchdog.watch(Duration.ofMillis(50), cancels::incrementAndGet)) {
                next.reading();

                await("the next read over its limit cancelled, after the first cancel threw")
                        .atMost(Duration.ofSeconds(5)).until(() -> cancels.get() == 1);
            }
        }
    }
}
