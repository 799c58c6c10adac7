package io.outagedrill.client.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a SIGTERM) while {@code get} runs. The JVM runs its shutdown hooks and then halts; a download cut
 * there loses from its resume journal the chunks verified since the journal's last save, which comes at most every
 * 100 ms. This hook interrupts the downloading thread instead, and waits (for at most {@link #LIMIT}) until the
 * download has stopped as an interrupted one: its connections cut, its journal flushed. Then the JVM halts as it
 * would have, with the signal's exit code (130 for Ctrl-C).
 */
final class InterruptOnShutdown implements AutoCloseable {
    /** The longest a signal waits for the download to stop; the journal's own flush waits at most 5 s. */
    static final Duration LIMIT = Duration.ofSeconds(10);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;

    private InterruptOnShutdown(Thread downloading) {
        hook = new Thread(() -> {
            downloading.interrupt();
            try {
                stopped.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "interrupt-download");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Watches {@code downloading} until {@link #close}. */
    static InterruptOnShutdown watch(Thread downloading) {
        return new InterruptOnShutdown(downloading);
    }

    /** The download has stopped, however it ended: a hook already running stops waiting; one not run never will. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is shutting down: the hook has run or is running, and now returns.
        }
    }
}
