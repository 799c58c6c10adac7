package io.outagedrill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.reports.model.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.SampleTimeResult;
import org.openjdk.jmh.util.Statistics;

/** Each download of a scenario run becomes one JMH sample; JMH's percentiles are checked by hand. */
class DownloadTimesProfilerTest {

    @Test
    void everySuccessfulDownloadIsASampleAndFailuresAreCounted() {
        DownloadTimesProfiler profiler = new DownloadTimesProfiler();
        profiler.beforeIteration(null, null);
        List<DownloadRecord> ds = new ArrayList<>();
        double[] seconds = {1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 5.0};
        for (int i = 0; i < seconds.length; i++) {
            ds.add(Records.simple("c-" + i, seconds[i], true, 0));
        }
        ds.add(Records.simple("c-failed", 0.5, false, 3));
        // Two runs in one iteration would both count; here one run holds all eleven downloads.
        DownloadTimesProfiler.record(Records.run("s", "reference", "adaptive", 1, ds, List.of(), List.of()));

        Map<String, Result> out = profiler.afterIteration(null, null, null).stream()
                .collect(Collectors.toMap(Result::getLabel, r -> r));
        assertThat(out.get(DownloadTimesProfiler.COUNT).getScore()).isEqualTo(11);
        assertThat(out.get(DownloadTimesProfiler.FAILED).getScore()).isEqualTo(1);
        SampleTimeResult download = (SampleTimeResult) out.get(DownloadTimesProfiler.DOWNLOAD);
        assertThat(download.getScoreUnit()).isEqualTo("ms/op");
        Statistics s = download.getStatistics();
        assertThat(s.getN()).isEqualTo(10);
        // JMH: position p × (n + 1) / 100 among the sorted samples, interpolated; its histogram rounds each sample
        // down by at most ~0.2%. p50: rank 5.5 → between 1400 and 1500 = 1450 ms. p90: rank 9.9 → 1800 + 0.9 ×
        // (5000 − 1800) = 4680 ms. p99 and p99.9: beyond rank n → the slowest, 5000 ms.
        assertThat(s.getPercentile(50)).isCloseTo(1450, within(1450 * 0.002));
        assertThat(s.getPercentile(90)).isCloseTo(4680, within(4680 * 0.002));
        assertThat(s.getPercentile(99)).isCloseTo(5000, within(5000 * 0.002));
        assertThat(s.getPercentile(99.9)).isCloseTo(5000, within(5000 * 0.002));
        assertThat(s.getMin()).isCloseTo(1000, within(2.0));
    }

    @Test
    void aNewIterationStartsEmpty() {
        DownloadTimesProfiler profiler = new DownloadTimesProfiler();
        DownloadTimesProfiler.record(Records.run("s", "reference", "adaptive", 1,
                List.of(Records.simple("warm-up", 2.0, true, 0)), List.of(), List.of()));
        profiler.beforeIteration(null, null);
        Map<String, Result> out = profiler.afterIteration(null, null, null).stream()
                .collect(Collectors.toMap(Result::getLabel, r -> r));
        assertThat(out.get(DownloadTimesProfiler.COUNT).getScore()).isZero();
        assertThat(((SampleTimeResult) out.get(DownloadTimesProfiler.DOWNLOAD)).getStatistics().getN()).isZero();
    }
}
