package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.StopOnSignal;
import io.outagedrill.client.job.ExitCodes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Ctrl-C or SIGTERM while scenarios play: the playing thread is interrupted, so the runner stops its clients,
 * closes the world and deletes its temp folders (certificates and keys among them) before the JVM halts, instead
 * of leaving them in the temp folder. Then what the drill had recorded is listed (see {@link DrillRecords}).
 */
final class InterruptOnSignal {
    /**
     * Long enough for the runner's own bounded waits (its clients' stop, 30 s; the routing controller's, 30 s) and
     * a world's servers and containers to close; a hung one does not hold the exit for ever.
     */
    static final Duration CLEAN_UP = Duration.ofSeconds(75);

    /** How a signal reaches the work: the JVM's shutdown hook ({@link #JVM}), or a test's own hand. */
    @FunctionalInterface
    interface Hook {
        /** Until closed: on a signal, runs {@code stop}, then waits at most {@code limit} for the close. */
        AutoCloseable install(String name, Runnable stop, Duration limit);
    }

    static final Hook JVM = StopOnSignal::install;

    /**
     * The drill's work. {@code signalled} says whether a signal has come, so that a failure the interrupt caused
     * (it surfaces as whatever was waiting) stops the drill rather than being taken for one scenario's own.
     */
    @FunctionalInterface
    interface Work {
        int play(BooleanSupplier signalled) throws Exception;
    }

    /**
     * Whether {@code e}, thrown while one scenario played, must stop the whole drill: a signal came, or the thread
     * was interrupted some other way. Any other failure is that scenario's, and the drill goes on.
     */
    static boolean stops(Exception e, BooleanSupplier signalled) {
        return signalled.getAsBoolean() || e instanceof InterruptedException || Thread.currentThread().isInterrupted();
    }

    private InterruptOnSignal() {
    }

    /**
     * Runs {@code work} on this thread; a signal interrupts it, and a run so ended is exit code 130. Once the work
     * has ended so, {@code afterStop} runs on this thread, its interrupt cleared (file channels refuse an
     * interrupted thread), still inside the hook's wait: whatever it writes is bounded by {@link #CLEAN_UP} with
     * the rest, and comes after the world is closed, so it never delays that.
     */
    static int run(Hook hook, String name, PrintStream out, Work work, Runnable afterStop)
            throws Exception {
        Thread playing = Thread.currentThread();
        AtomicBoolean signalled = new AtomicBoolean();
        try (AutoCloseable ignored = hook.install(name, () -> {
            signalled.set(true);
            playing.interrupt();
        }, CLEAN_UP)) {
            try {
                int exit = work.play(signalled::get);
                // A run the interrupt cut short may still end without an exception (the runner keeps what it
                // recorded), so the signal, not the way the work ended, decides what is said.
                return signalled.get() ? stopped(out, afterStop) : exit;
            } catch (Exception e) {
                // The interrupt surfaces as whatever was waiting: InterruptedException, or an I/O exception from a
                // channel it closed.
                if (!signalled.get()) {
                    throw e;
                }
                return stopped(out, afterStop);
            }
        }
    }

    /** Said here, inside the hook's wait: once the hook is closed, the JVM may halt before a later line. */
    private static int stopped(PrintStream out, Runnable afterStop) {
        out.println("stopped: interrupted; the scenario's servers and temp files were removed");
        out.flush();
        Thread.interrupted();
        try {
            afterStop.run();
        } catch (RuntimeException e) {
            // Whatever went wrong there, the run was stopped: say so with its exit code, not a stack trace.
            out.println("could not list what was recorded before the signal: " + e);
        }
        out.flush();
        return ExitCodes.INTERRUPTED;
    }
}
