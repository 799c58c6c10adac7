package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which limit an error or a client's words show, and the budgets a check holds the JVM to. */
class LimitWatchTest {

    @Test
    void namesTheLimitAnErrorShowsThroughItsCauses() {
        assertThat(LimitWatch.limitOf(new OutOfMemoryError("Java heap space"))).contains(FleetLimit.HEAP);
        assertThat(LimitWatch.limitOf(new IllegalStateException("wrapped", new OutOfMemoryError(
                "unable to create native thread: possibly out of memory or process/resource limits reached"))))
                .contains(FleetLimit.THREADS);
        assertThat(LimitWatch.limitOf(new IOException("x", new IOException("/tmp/part: Too many open files"))))
                .contains(FleetLimit.FILE_HANDLES);
        assertThat(LimitWatch.limitOf(new BindException("Cannot assign requested address")))
                .contains(FleetLimit.PORTS);
        assertThat(LimitWatch.limitOf(new IOException("Connection refused"))).isEmpty();
    }

    @Test
    void namesTheLimitInAClientsOwnWords() {
        assertThat(LimitWatch.limitOf("DOWNLOAD_FAILED: java.lang.OutOfMemoryError: Java heap space"))
                .contains(FleetLimit.HEAP);
        assertThat(LimitWatch.limitOf("UNREACHABLE: connect: Cannot assign requested address"))
                .contains(FleetLimit.PORTS);
        assertThat(LimitWatch.limitOf("UNREACHABLE: timeout")).isEmpty();
        assertThat(LimitWatch.limitOf((String) null)).isEqualTo(Optional.empty());
    }

    @Test
    void aFileHandleBudgetBelowWhatIsOpenTripsOnTheFirstCheck() {
        try (LimitWatch watch = new LimitWatch(FleetLimits.DEFAULT.withFileHandles(1))) {
            watch.check();

            assertThat(watch.hit()).isCompleted();
            assertThat(watch.hit().join().limit()).isEqualTo(FleetLimit.FILE_HANDLES);
            assertThat(watch.hit().join().seen()).contains("budget 1");
        }
    }

    @Test
    void aFullHeapCountsOnlyWhenSeveralChecksInARowFindIt() {
        // Any live object at all is over a share this small once a full collection has put it in the old pool.
        try (LimitWatch watch = new LimitWatch(new FleetLimits(java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(), 1e-9))) {
            System.gc();
            for (int i = 1; i < 5; i++) {
                watch.check();
                assertThat(watch.hit()).as("after %d check(s)", i).isNotDone();
            }
            watch.check();

            assertThat(watch.hit()).as("after the fifth").isCompleted();
            assertThat(watch.hit().join().limit()).isEqualTo(FleetLimit.HEAP);
            assertThat(watch.hit().join().words()).contains("after a collection").contains("-Xmx");
        }
    }

    /** A command that sets its fleet's heap itself (bench-fleet's --heap) gives its own words; the JVM flags would not help. */
    @Test
    void aHeapHitSaysHowToRaiseTheHeapInTheRunsOwnWords() {
        try (LimitWatch watch = new LimitWatch(FleetLimits.DEFAULT.withMoreHeap("use --heap 4g"))) {
            watch.saw(new OutOfMemoryError("Java heap space"), "on thread pump-1");

            assertThat(watch.hit().join().words()).contains("To raise it: use --heap 4g")
                    .doesNotContain("DRILL_JAVA_OPTS");
        }
        try (LimitWatch watch = new LimitWatch(FleetLimits.DEFAULT)) {
            watch.saw(new OutOfMemoryError("Java heap space"), "on thread pump-1");

            assertThat(watch.hit().join().words()).as("drill run's JVM takes its heap from DRILL_JAVA_OPTS")
                    .contains("DRILL_JAVA_OPTS=-Xmx4g");
        }
    }
}
