package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.StopOnSignal;
import io.outagedrill.client.job.ExitCodes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Ctrl-C or SIGTERM while scenarios play: the playing thread is interrupted, so the runner stops its clients,
 * closes the world and deletes its temp folders (certificates and keys among them) before the JVM halts, instead
 * of leaving them in the temp folder.
 */
final class InterruptOnSignal {
    /** Long enough for a world's servers and containers to close; a hung one does not hold the exit for ever. */
    static final Duration CLEAN_UP = Duration.ofSeconds(30);

    private InterruptOnSignal() {
    }

    /** Runs {@code work} on this thread; a signal interrupts it, and an interrupted run is exit code 130. */
    static int run(String name, PrintStream out, Callable<Integer> work) throws Exception {
        Thread playing = Thread.currentThread();
        try (StopOnSignal ignored = StopOnSignal.install(name, playing::interrupt, CLEAN_UP)) {
            return work.call();
        } catch (InterruptedException e) {
            out.println("stopped: interrupted; the scenario's servers and temp files were removed");
            out.flush();
            return ExitCodes.INTERRUPTED;
        }
    }
}
