package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The machine's CPU time so far, from the first line of {@code /proc/stat} (Linux): how much of it went to steal,
 * the time a virtual machine's CPUs were ready to run but the host ran something else. A bench on a VM whose host
 * is busy runs slower than on a quiet one, whatever the guest's own load says; the share over the rounds tells.
 *
 * @param totalTicks every tick of every CPU (user, nice, system, idle, iowait, irq, softirq, steal)
 * @param stealTicks the steal ticks among them
 */
record CpuTimes(long totalTicks, long stealTicks) {
    static final Path PROC_STAT = Path.of("/proc/stat");

    /** Now; empty where there is no {@code /proc/stat} or it reads otherwise. */
    static Optional<CpuTimes> now() {
        try {
            return parse(Files.readAllLines(PROC_STAT).getFirst());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The aggregate {@code cpu} line: {@code cpu user nice system idle iowait irq softirq steal ...}. */
    static Optional<CpuTimes> parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 9 || !f[0].equals("cpu")) {
            return Optional.empty();
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        return Optional.of(new CpuTimes(total, Long.parseLong(f[8])));
    }

    /**
     * The share of CPU time stolen between {@code before} and {@code after}; empty when nothing elapsed or a counter
     * went backwards (some kernels' steal accounting has), rather than a share that means nothing.
     */
    static OptionalDouble stealShare(CpuTimes before, CpuTimes after) {
        long total = after.totalTicks - before.totalTicks;
        long stolen = after.stealTicks - before.stealTicks;
        return total <= 0 || stolen < 0 ? OptionalDouble.empty() : OptionalDouble.of((double) stolen / total);
    }
}
