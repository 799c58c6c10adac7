package io.outagedrill.harness.run;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.net.BindException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Watches one fleet for the limits of its process ({@link FleetLimit}): errors the clients or any thread of the
 * JVM run into ({@code OutOfMemoryError}, {@code Too many open files}, {@code Cannot assign requested address}),
 * and budgets ({@link FleetLimits}) checked on every {@link #check()}. The first hit completes {@link #hit()};
 * the runner then stops the fleet. Thread counts and heap figures are the whole JVM's, as are the limits.
 */
final class LimitWatch implements AutoCloseable {
    /** Watches of the runs in progress: an error on a thread no run owns (a proxy pump) is every run's limit. */
    private static final Set<LimitWatch> ACTIVE = new CopyOnWriteArraySet<>();

    static {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            ACTIVE.forEach(watch -> watch.saw(error, "on thread " + thread.getName()));
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                // What the JVM prints without a handler. Not thread.getThreadGroup().uncaughtException: at the top
                // group that calls the default handler, this one, again, and overflows the stack.
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace(System.err);
            }
        });
    }

    /** Consecutive checks that find the heap full before it counts (about a second on the runner's tick). */
    private static final int HEAP_FULL_CHECKS = 5;

    private final FleetLimits limits;
    /** Only the runner's tick calls {@link #check()}, one call at a time. */
    private int heapFullChecks;
    private final long startedNanos = System.nanoTime();
    private final CompletableFuture<LimitHit> hit = new CompletableFuture<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Platform threads live when the fleet started; the thread budget counts those the fleet adds. */
    private volatile int threadsBefore = -1;

    LimitWatch(FleetLimits limits) {
        this.limits = limits;
        ACTIVE.add(this);
    }

    /** The fleet starts now: its thread budget counts from here. */
    void fleetStarting() {
        if (limits.threads().isPresent()) {
            // The peak since now: a burst of threads between two checks still counts.
            threads.resetPeakThreadCount();
            threadsBefore = threads.getThreadCount();
        }
    }

    CompletableFuture<LimitHit> hit() {
        return hit;
    }

    /** Which limit an error shows, if any: its own type and message, then its causes'. */
    static Optional<FleetLimit> limitOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return Optional.of(String.valueOf(t.getMessage()).contains("native thread")
                        ? FleetLimit.THREADS : FleetLimit.HEAP);
            }
            if (t instanceof BindException && String.valueOf(t.getMessage()).contains("Cannot assign")) {
                return Optional.of(FleetLimit.PORTS);
            }
            Optional<FleetLimit> inWords = limitOf(String.valueOf(t.getMessage()));
            if (inWords.isPresent()) {
                return inWords;
            }
        }
        return Optional.empty();
    }

    /**
     * Which limit a client's own words show (the reference client turns an error into its failure message, so
     * the runner sees only text).
     */
    static Optional<FleetLimit> limitOf(String words) {
        if (words == null) {
            return Optional.empty();
        }
        String text = words.toLowerCase(Locale.ROOT);
        if (text.contains("outofmemoryerror") && text.contains("native thread")) {
            return Optional.of(FleetLimit.THREADS);
        }
        if (text.contains("outofmemoryerror")) {
            return Optional.of(FleetLimit.HEAP);
        }
        if (text.contains("too many open files")) {
            return Optional.of(FleetLimit.FILE_HANDLES);
        }
        if (text.contains("cannot assign requested address")) {
            return Optional.of(FleetLimit.PORTS);
        }
        return Optional.empty();
    }

    /** An error a client or a thread ran into: trips the watch when it shows a limit. */
    void saw(Throwable error, String where) {
        limitOf(error).ifPresent(limit -> trip(limit, error + " " + where));
    }

    /** A client's failure in its own words: trips the watch when they show a limit. */
    void saw(String words, String where) {
        limitOf(words).ifPresent(limit -> trip(limit, firstLine(words) + " (" + where + ")"));
    }

    /**
     * A client process's own words: its heap, its threads and its open files are its own, not this JVM's, and a
     * downloader that ran out of them (a Java tool with a small -Xmx) had the run stopped as out of the harness's
     * heap, with more heap for the harness as the remedy. Only the ports it ran out of are the machine's, shared
     * with the fleet.
     */
    void sawFromAProcess(String words, String where) {
        limitOf(words).filter(limit -> limit == FleetLimit.PORTS)
                .ifPresent(limit -> trip(limit, firstLine(words) + " (" + where + ")"));
    }

    /** Checks the budgets; called on the run's tick. */
    void check() {
        int before = threadsBefore;
        limits.threads().ifPresent(budget -> {
            int added = threads.getPeakThreadCount() - before;
            if (before >= 0 && added > budget) {
                trip(FleetLimit.THREADS, String.format(Locale.ROOT,
                        "the fleet added %d platform threads at its peak, budget %d", added, budget));
            }
        });
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            long budget = limits.fileHandles().isPresent() ? limits.fileHandles().getAsInt()
                    : unix.getMaxFileDescriptorCount() * 95 / 100;
            long open = unix.getOpenFileDescriptorCount();
            if (open > budget) {
                trip(FleetLimit.FILE_HANDLES, String.format(Locale.ROOT,
                        "%d open file handles, budget %d (the process may open %d)", open, budget,
                        unix.getMaxFileDescriptorCount()));
            }
        }
        String full = null;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            // The tenured pool's usage after its last collection is what the fleet really holds; young pools
            // are emptied by every collection and say nothing.
            if (pool.getType() == MemoryType.HEAP && afterGc != null && afterGc.getMax() > 0
                    && pool.isCollectionUsageThresholdSupported() && !isYoung(pool.getName())
                    && afterGc.getUsed() > afterGc.getMax() * limits.heapShare()) {
                full = String.format(Locale.ROOT, "%s holds %d MiB of %d MiB after a collection",
                        pool.getName(), afterGc.getUsed() >> 20, afterGc.getMax() >> 20);
            }
        }
        // Full on several checks in a row: a young collection can leave old garbage in place just before the
        // collection that frees it, and one such moment is no reason to stop a fleet.
        heapFullChecks = full == null ? 0 : heapFullChecks + 1;
        if (heapFullChecks >= HEAP_FULL_CHECKS) {
            trip(FleetLimit.HEAP, full);
        }
    }

    private static boolean isYoung(String pool) {
        String name = pool.toLowerCase(Locale.ROOT);
        return name.contains("eden") || name.contains("survivor") || name.contains("young");
    }

    private void trip(FleetLimit limit, String seen) {
        hit.complete(new LimitHit(limit, seen, Duration.ofNanos(System.nanoTime() - startedNanos),
                limits.howToRaise(limit)));
    }

    private static String firstLine(String words) {
        int end = words.indexOf('\n');
        return end < 0 ? words : words.substring(0, end);
    }

    @Override
    public void close() {
        ACTIVE.remove(this);
    }
}
