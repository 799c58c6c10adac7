package io.outagedrill.harness.machine;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How much of the machine went to others while a run played: other processes, and the host of a virtual machine
 * stealing its CPUs. A scenario's SLOs are timings (time to complete, to recover; a client's stall rules decide
 * its switches by time too), and on two cores a neighbour busy on one of them can make a run miss that would pass
 * alone. The run then says so beside its verdicts, with the figure, instead of leaving a flaky miss unexplained.
 *
 * <p>Measured, not guessed from the load average: that is a minute's average that the run's own servers and
 * clients raise, so it cannot tell the run from its neighbours. Here the run's own CPU time (this process and its
 * descendants: {@link ProcessTreeTicks}) is taken out of what every CPU was busy with ({@link CpuTimes}).
 */
public final class OthersLoad {
    /**
     * Others at or above this share of the machine's cores, over a run that missed an SLO, earn the note: half a core
     * of a 2-core machine. A share, not a count of cores: a workstation's browser and editor keep half a core of 16
     * busy all day, which takes nothing from a run, and a note on every miss there would blame them for each.
     */
    static final double NOTE_FROM_SHARE = 0.25;
    /** And never below this many cores' worth, on a machine of one or two CPUs. */
    static final double NOTE_FROM_CORES = 0.5;

    /**
     * One reading of the machine and of the run's own process tree. The CPUs are those /proc/stat counts
     * ({@link CpuTimes#cpus}), not availableProcessors(): its ticks are every CPU's, and in a container held to a
     * share of a larger machine, or a process pinned to a few CPUs, the two differ.
     */
    public record Sample(CpuTimes machine, long ownTicks) {
        int cores() {
            return machine.cpus();
        }
    }

    private OthersLoad() {
    }

    /** Now; empty off Linux or where {@code /proc} cannot be read. */
    public static Optional<Sample> now() {
        Optional<CpuTimes> machine = CpuTimes.now();
        var own = ProcessTreeTicks.now();
        if (machine.isEmpty() || own.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Sample(machine.get(), own.getAsLong()));
    }

    /**
     * Cores' worth of CPU others kept busy between two readings, on average: the busy ticks of every CPU less the
     * run's own, over the ticks one CPU had. Empty when nothing elapsed or a counter went backwards.
     */
    public static OptionalDouble othersCores(Sample before, Sample after) {
        long total = after.machine().totalTicks() - before.machine().totalTicks();
        long busy = after.machine().busyTicks() - before.machine().busyTicks();
        long own = after.ownTicks() - before.ownTicks();
        int cores = Math.max(1, after.cores());
        if (total <= 0 || busy < 0 || own < 0) {
            return OptionalDouble.empty();
        }
        double perCore = (double) total / cores;
        return OptionalDouble.of(Math.max(0, busy - own) / perCore);
    }

    /**
     * The run note for a run that missed an SLO while others took at least {@link #NOTE_FROM_SHARE} of the machine's
     * cores, and at least {@link #NOTE_FROM_CORES}; empty otherwise (a run that passed, a quiet machine, or nothing to
     * read).
     */
    public static Optional<String> noteForMiss(Optional<Sample> before, Optional<Sample> after, boolean missed) {
        if (!missed) {
            return Optional.empty();
        }
        return busy(before, after).map(others -> String.format(Locale.ROOT, "while this ran, %s: the SLOs are "
                + "timings, and a run can miss for that alone; play it again on a quieter machine to tell", others));
    }

    /**
     * The note for a release gate that found regressions over scenarios played between {@code before} and
     * {@code after} while others took at least the share above; empty otherwise. A gate compares timings too, and
     * one that failed on a busy machine said nothing of it (the runs themselves had met their SLOs).
     */
    public static Optional<String> noteForGate(Optional<Sample> before, Optional<Sample> after) {
        return busy(before, after).map(others -> String.format(Locale.ROOT, "while the scenarios played, %s: the "
                + "gate compares timings, and a timing can get worse for that alone; play again on a quieter machine "
                + "to tell", others));
    }

    /** "other processes ... kept 1.2 of its 2 cores busy on average", when at least the share above. */
    private static Optional<String> busy(Optional<Sample> before, Optional<Sample> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        OptionalDouble others = othersCores(before.get(), after.get());
        int cores = after.get().cores();
        if (others.isEmpty() || others.getAsDouble() < Math.max(NOTE_FROM_CORES, NOTE_FROM_SHARE * cores)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "other processes (or the host, taking CPU from this machine) "
                + "kept %.1f of its %d cores busy on average", others.getAsDouble(), cores));
    }
}
