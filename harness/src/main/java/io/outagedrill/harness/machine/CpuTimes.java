package io.outagedrill.harness.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The machine's CPU time so far, from the first line of {@code /proc/stat} (Linux), in the kernel's clock ticks
 * summed over every CPU. Read by hand: it is one line of numbers, and a library for it (OSHI) would bring JNA.
 *
 * <p>Steal is the time a virtual machine's CPUs were ready to run but the host ran something else: a bench on a VM
 * whose host is busy runs slower than on a quiet one, whatever the guest's own load says.
 *
 * @param totalTicks every tick of every CPU (user, nice, system, idle, iowait, irq, softirq, steal)
 * @param idleTicks  the ticks among them no process ran in (idle, and iowait: idle while a disk is awaited)
 * @param stealTicks the steal ticks among them
 * @param cpus       how many CPUs the ticks are summed over (the {@code cpuN} lines)
 */
public record CpuTimes(long totalTicks, long idleTicks, long stealTicks, int cpus) {
    public static final Path PROC_STAT = Path.of("/proc/stat");

    /** One CPU's figures, as read where the count of CPUs is not (a single line). */
    public CpuTimes(long totalTicks, long idleTicks, long stealTicks) {
        this(totalTicks, idleTicks, stealTicks, 1);
    }

    /** Now; empty where there is no {@code /proc/stat} or it reads otherwise. */
    public static Optional<CpuTimes> now() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            int cpus = (int) lines.stream().filter(l -> l.matches("cpu\\d+\\s.*")).count();
            return parse(lines.getFirst()).map(t -> new CpuTimes(t.totalTicks, t.idleTicks, t.stealTicks,
                    Math.max(1, cpus)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The aggregate {@code cpu} line: {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}
     * (guest time is already counted in user time, so it is left out).
     */
    public static Optional<CpuTimes> parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 9 || !f[0].equals("cpu")) {
            return Optional.empty();
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        return Optional.of(new CpuTimes(total, Long.parseLong(f[4]) + Long.parseLong(f[5]), Long.parseLong(f[8])));
    }

    /** Ticks something ran in (a process, the kernel, or the host stealing them): every tick but the idle ones. */
    public long busyTicks() {
        return totalTicks - idleTicks;
    }

    /**
     * The share of CPU time stolen between {@code before} and {@code after}; empty when nothing elapsed or a counter
     * went backwards (some kernels' steal accounting has), rather than a share that means nothing.
     */
    public static OptionalDouble stealShare(CpuTimes before, CpuTimes after) {
        long total = after.totalTicks - before.totalTicks;
        long stolen = after.stealTicks - before.stealTicks;
        return total <= 0 || stolen < 0 ? OptionalDouble.empty() : OptionalDouble.of((double) stolen / total);
    }
}
