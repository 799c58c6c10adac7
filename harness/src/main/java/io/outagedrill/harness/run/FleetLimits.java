package io.outagedrill.harness.run;

import java.util.OptionalInt;

/**
 * Budgets the runner holds a fleet to, so a run that cannot hold its fleet stops with a named limit instead of
 * thrashing or hanging when the operating system or the JVM refuses.
 *
 * @param threads     most platform threads the fleet may add to those live when it starts (virtual threads are
 *                    not counted; the fault proxy pumps each connection on platform threads); empty: only the
 *                    operating system's refusal ({@code unable to create native thread}) trips it
 * @param fileHandles most open file descriptors; empty: 95% of the process's own limit ({@code ulimit -n})
 * @param heapShare   share of the maximum heap still in use after a collection of the old generation that counts
 *                    as out of heap: a JVM that close to the limit spends its time collecting long before an
 *                    {@link OutOfMemoryError} ends it
 * @param moreHeap    how a user raises the heap of the process the fleet runs in: the JVM's flags for
 *                    {@code drill run} ({@link FleetLimit#HEAP}'s words), but an option of its own where a command
 *                    starts that JVM with a heap it sets itself ({@code drill bench-fleet --heap})
 */
public record FleetLimits(OptionalInt threads, OptionalInt fileHandles, double heapShare, String moreHeap) {
    public static final FleetLimits DEFAULT = new FleetLimits(OptionalInt.empty(), OptionalInt.empty(), 0.95);

    public FleetLimits {
        if (!(heapShare > 0 && heapShare <= 1)) {
            throw new IllegalArgumentException("heapShare must be in (0, 1], saw " + heapShare);
        }
    }

    /** With {@link FleetLimit#HEAP}'s own words on how to raise the heap. */
    public FleetLimits(OptionalInt threads, OptionalInt fileHandles, double heapShare) {
        this(threads, fileHandles, heapShare, FleetLimit.HEAP.howToRaise());
    }

    public FleetLimits withThreads(int value) {
        return new FleetLimits(OptionalInt.of(value), fileHandles, heapShare, moreHeap);
    }

    public FleetLimits withFileHandles(int value) {
        return new FleetLimits(threads, OptionalInt.of(value), heapShare, moreHeap);
    }

    /** With other words for how to raise the heap, for a command that sets its fleet's heap itself. */
    public FleetLimits withMoreHeap(String howToRaise) {
        return new FleetLimits(threads, fileHandles, heapShare, howToRaise);
    }

    /** How to raise {@code limit} in this run: {@link #moreHeap} for the heap, the limit's own words otherwise. */
    public String howToRaise(FleetLimit limit) {
        return limit == FleetLimit.HEAP ? moreHeap : limit.howToRaise();
    }
}
