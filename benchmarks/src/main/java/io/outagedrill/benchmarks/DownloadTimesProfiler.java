package io.outagedrill.benchmarks;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.JmhResults;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.SampleTimeResult;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.util.SampleBuffer;

/**
 * Turns every download of every measured scenario run into JMH samples: a secondary result {@value #DOWNLOAD} whose
 * distribution is the completion time of each download that succeeded, in JMH's own {@link SampleTimeResult}
 * (the type {@code Mode.SampleTime} uses), so JMH merges the iterations and forks and its JSON carries
 * {@code scorePercentiles} (p50, p90, p99, p99.9, ...) over all of them. Beside it, {@value #COUNT} and
 * {@value #FAILED} count the downloads (sums over iterations).
 *
 * <p>The benchmark op is one whole scenario run ({@link ScenarioBenchmark}): its primary score is the fleet's wall
 * time, and the downloads inside it are recorded here by the benchmark's per-invocation tear-down, outside the
 * timed op. Runs in the forked JVM beside the benchmark, hence the static buffer.
 */
public final class DownloadTimesProfiler implements InternalProfiler {
    /** Secondary result: completion time of each successful download, milliseconds. */
    public static final String DOWNLOAD = JmhResults.DOWNLOAD;
    /** Secondary result: downloads started in the measured runs. */
    public static final String COUNT = JmhResults.COUNT;
    /** Secondary result: downloads that did not complete verified. */
    public static final String FAILED = JmhResults.FAILED;

    private static final Object LOCK = new Object();
    private static SampleBuffer times = new SampleBuffer();
    private static long count;
    private static long failed;

    /** Called by the benchmark after each scenario run (outside the timed op). */
    static void record(RunResult run) {
        synchronized (LOCK) {
            for (DownloadRecord d : run.downloads()) {
                count++;
                if (d.succeeded()) {
                    times.add(d.elapsed().toNanos());
                } else {
                    failed++;
                }
            }
        }
    }

    @Override
    public String getDescription() {
        return "completion time of every download in the measured scenario runs, as JMH samples with percentiles";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        synchronized (LOCK) {
            times = new SampleBuffer();
            count = 0;
            failed = 0;
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        synchronized (LOCK) {
            SampleBuffer taken = times;
            times = new SampleBuffer();
            List<Result> out = List.of(
                    new SampleTimeResult(ResultRole.SECONDARY, DOWNLOAD, taken, TimeUnit.MILLISECONDS),
                    new ScalarResult(COUNT, count, "downloads", AggregationPolicy.SUM),
                    new ScalarResult(FAILED, failed, "downloads", AggregationPolicy.SUM));
            count = 0;
            failed = 0;
            return out;
        }
    }
}
