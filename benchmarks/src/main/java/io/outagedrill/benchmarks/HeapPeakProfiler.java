package io.outagedrill.benchmarks;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports, per iteration, the most heap the forked JVM used (sum of each heap pool's peak since the iteration
 * began: an upper bound, as pools peak at different times) and the direct buffers in use at its end. Run the
 * same benchmark at two file sizes: if memory is bounded, these stay the same while the file grows. Also the
 * share of the machine's CPU used by other processes meanwhile, so a noisy neighbour shows in the results, and
 * the CPU time the fork itself used (user and system, every thread: servers, client, hashing, the kernel's copies on
 * their behalf). With one operation per iteration ({@code SingleShotTime}) that is the CPU one operation costs,
 * which bounds how fast it can go on this many cores whatever the scheduling.
 */
public final class HeapPeakProfiler implements InternalProfiler {
    static final String HEAP_PEAK = "heap.peak.mib";
    static final String DIRECT = "direct.used.mib";
    static final String OTHER_CPU = "cpu.elsewhere.pct";
    static final String OWN_CPU = "cpu.core.seconds";

    private final com.sun.management.OperatingSystemMXBean os =
            ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();

    @Override
    public String getDescription() {
        return "peak heap used per iteration (sum of pool peaks) and direct buffers in use";
    }

    private long cpuAtStart;

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        // Each call measures since the previous one: these start the iteration's window.
        os.getCpuLoad();
        os.getProcessCpuLoad();
        cpuAtStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        double peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (double) (1 << 20);
        double direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum()
                / (double) (1 << 20);
        // The machine's CPU not used by this JVM during the iteration: other processes competing for the cores.
        double elsewhere = Math.max(0, os.getCpuLoad() - os.getProcessCpuLoad()) * 100;
        double ownCpu = (os.getProcessCpuTime() - cpuAtStart) / 1e9;
        return List.of(new ScalarResult(HEAP_PEAK, peak, "MiB", AggregationPolicy.MAX),
                new ScalarResult(DIRECT, direct, "MiB", AggregationPolicy.MAX),
                new ScalarResult(OTHER_CPU, elsewhere, "%", AggregationPolicy.AVG),
                new ScalarResult(OWN_CPU, ownCpu, "s", AggregationPolicy.AVG));
    }
}
