package io.outagedrill.client.transfer.disk;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for work that must end before a stopped download returns (its workers, the journal's last save), through
 * an interrupt of the waiting thread: a download that is cancelled or stopped by a signal still keeps what it
 * verified, so the wait goes on after the interrupt, for a bounded time, and the interrupt is kept for the caller.
 */
public final class ThroughInterrupt {
    /** One bounded wait (a timed {@code join} or {@code wait}). */
    public interface Step {
        void run() throws InterruptedException;
    }

    private ThroughInterrupt() {
    }

    /**
     * Repeats {@code step} until {@code done}, for at most {@code limit} in all (null: no limit) and at most
     * {@code afterInterrupt} from the first interrupt, whichever ends first. The interrupt is set again on return.
     */
    public static void await(BooleanSupplier done, Step step, Duration limit, Duration afterInterrupt) {
        if (limit == null) {
            awaitUnless(done, step, () -> false, afterInterrupt);
            return;
        }
        long giveUpAt = System.nanoTime() + limit.toNanos();
        awaitUnless(done, step, () -> System.nanoTime() - giveUpAt >= 0, afterInterrupt);
    }

    /**
     * Repeats {@code step} until {@code done}, or until {@code giveUp} says to (a wait on a disk gone silent:
     * {@code DiskSilence#passed}), or {@code afterInterrupt} from the first interrupt. The interrupt is set again on
     * return.
     */
    public static void awaitUnless(BooleanSupplier done, Step step, BooleanSupplier giveUp,
                                   Duration afterInterrupt) {
        boolean interrupted = false;
        long afterAt = 0;
        while (!done.getAsBoolean() && !giveUp.getAsBoolean()
                && !(interrupted && System.nanoTime() - afterAt >= 0)) {
            try {
                step.run();
            } catch (InterruptedException e) {
                if (!interrupted) {
                    interrupted = true;
                    afterAt = System.nanoTime() + afterInterrupt.toNanos();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
