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
 */
public record FleetLimits(OptionalInt threads, OptionalInt fileHandles, double heapShare) {
    public static final FleetLimits DEFAULT = new FleetLimits(OptionalInt.empty(), OptionalInt.empty(), 0.95);

    public FleetLimits {
        if (!(heapShare > 0 && heapShare <= 1)) {
            throw new IllegalArgumentException("heapShare must be in (0, 1], saw " + heapShare);
        }
    }

    public FleetLimits withThreads(int value) {
        return new FleetLimits(OptionalInt.of(value), fileHandles, heapShare);
    }

    public FleetLimits withFileHandles(int value) {
        return new FleetLimits(threads, OptionalInt.of(value), heapShare);
    }
}
