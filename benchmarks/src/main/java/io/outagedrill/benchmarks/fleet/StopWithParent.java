package io.outagedrill.benchmarks.fleet;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Child processes that stop when this JVM stops (SIGTERM from {@code timeout} or a supervisor, Ctrl-C,
 * System.exit). Without it a fleet JVM outlives {@code drill bench-fleet}: re-parented to PID 1, it runs on for up
 * to the whole time limit with nobody reading its output. Each child is asked first (SIGTERM, so that its JVM shuts
 * down in order), then killed if it has not ended within {@link #GRACE}.
 *
 * <p>One shutdown hook for all of them, and no child started once it has begun: the bench's main thread goes on
 * to the next fleet size while the hook stops the current one, and a child started then would be orphaned.
 */
final class StopWithParent {
    /** How long a stopping parent waits for its children, twice at most: asked, then killed. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private static final Object LOCK = new Object();
    private static final Set<Process> CHILDREN = new LinkedHashSet<>();
    private static boolean hooked;
    private static boolean stopping;

    private StopWithParent() {
    }

    /** Starts {@code builder}'s process, which ends when this JVM does; refused once this JVM is stopping. */
    static Process start(ProcessBuilder builder) throws IOException {
        synchronized (LOCK) {
            if (!hooked) {
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(StopWithParent::stopAll, "stop-children"));
                } catch (IllegalStateException shuttingDown) {
                    stopping = true;
                }
                hooked = true;
            }
            if (stopping) {
                throw new IOException("not started: this JVM is stopping");
            }
            Process child = builder.start();
            CHILDREN.add(child);
            child.onExit().thenRun(() -> {
                synchronized (LOCK) {
                    CHILDREN.remove(child);
                }
            });
            return child;
        }
    }

    /** Whether this JVM has begun to stop (its children are being stopped with it). */
    static boolean stopping() {
        synchronized (LOCK) {
            return stopping;
        }
    }

    private static void stopAll() {
        List<Process> running;
        synchronized (LOCK) {
            stopping = true;
            running = new ArrayList<>(CHILDREN);
        }
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        try {
            for (Process child : running) {
                if (!child.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    child.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            running.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }
}
