package io.outagedrill.client.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a SIGTERM) while a command works. The JVM runs its shutdown hooks and then halts, so whatever the
 * command must finish (a download's journal flushed, a topology's files removed) is lost unless a hook waits for
 * it. This one asks the work to stop, then waits (for at most its limit) until the command {@link #close}s it;
 * the JVM then halts as it would have, with the signal's exit code (130 for Ctrl-C, 143 for SIGTERM).
 */
public final class StopOnSignal implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private StopOnSignal(String name, Runnable stop, Duration limit) {
        hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Until {@link #close}: on a signal, runs {@code stop} (which must not block: an interrupt, a latch) on the hook
     * thread {@code name}, then waits at most {@code limit} for the close.
     */
    public static StopOnSignal install(String name, Runnable stop, Duration limit) {
        return new StopOnSignal(name, stop, limit);
    }

    /** The work has finished, however it ended: a hook already running stops waiting; one not run never will. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is shutting down: the hook has run or is running, and now returns.
        }
    }
}
