package io.outagedrill.reports.model;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.sut.Capability;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Turns the runs of one scenario × client × policy into a {@link GroupReport}. */
public final class GroupCalculator {
    private GroupCalculator() {
    }

    /** @param runs non-empty, all of one scenario, client and policy */
    public static GroupReport of(List<RunResult> runs) {
        RunResult first = runs.getFirst();
        List<DownloadRecord> downloads = runs.stream().flatMap(r -> r.downloads().stream()).toList();
        List<SloVerdict> verdicts = runs.stream().flatMap(r -> r.verdicts().stream()).toList();
        int succeeded = (int) downloads.stream().filter(DownloadRecord::succeeded).count();
        Percentiles completion = Percentiles.of(downloads.stream().filter(DownloadRecord::succeeded)
                .map(d -> (double) d.elapsed().toMillis()).toList());

        Optional<CompletionSlo> slo = CompletionSlo.of(verdicts);
        Double within = slo.map(s -> (double) s.within().toMillis()).orElse(null);
        Double share = null;
        ErrorBudget budget = null;
        if (slo.isPresent() && !downloads.isEmpty()) {
            long ok = downloads.stream().filter(d -> d.succeeded()
                    && !d.elapsed().minus(slo.get().within()).isPositive()).count();
            share = (double) ok / downloads.size();
            budget = ErrorBudget.of(slo.get().targetShare(), downloads.size(), downloads.size() - ok);
        }

        Double failoversMean = downloads.stream().mapToInt(DownloadRecord::failovers).average().stream().boxed()
                .findFirst().orElse(null);
        Integer failoversMax = downloads.stream().mapToInt(DownloadRecord::failovers).max().stream().boxed()
                .findFirst().orElse(null);
        Double ttfb = Percentiles.nearestRank(downloads.stream().map(DownloadRecord::timeToFirstByte)
                .filter(Objects::nonNull).map(t -> (double) t.toMillis()).sorted().toList(), 50);
        List<Recovery> recoveries = RecoveryTally.of(runs);
        List<DownloadRecord> reporting = downloads.stream().filter(d -> d.bytesWasted() != null).toList();
        Long wasted = reporting.isEmpty() ? null : reporting.stream().mapToLong(DownloadRecord::bytesWasted).sum();
        Double wastedPct = reporting.stream().mapToDouble(DownloadRecord::wastedPercent).average().stream().boxed()
                .findFirst().orElse(null);
        Map<String, Integer> corrupt = new TreeMap<>();
        downloads.forEach(d -> d.chunksRejectedBy().forEach((m, n) -> corrupt.merge(m, n, Integer::sum)));
        Double score = ResilienceScore.of(verdicts);

        Map<String, Double> metrics = new LinkedHashMap<>();
        put(metrics, Metric.P50, completion.p50Ms());
        put(metrics, Metric.P90, completion.p90Ms());
        put(metrics, Metric.P99, completion.p99Ms());
        put(metrics, Metric.P999, completion.p999Ms());
        put(metrics, Metric.SHARE_WITHIN_SLO, share);
        put(metrics, Metric.FAILED_SHARE, budget == null ? null : budget.failedShare());
        put(metrics, Metric.FAILOVERS_MEAN, failoversMean);
        put(metrics, Metric.FAILOVERS_MAX, failoversMax == null ? null : failoversMax.doubleValue());
        put(metrics, Metric.WORST_RECOVERY, RecoveryTally.worstRecovery(recoveries));
        put(metrics, Metric.BYTES_WASTED, wasted == null ? null : wasted.doubleValue());
        put(metrics, Metric.TTFB_P50, ttfb);
        put(metrics, Metric.SCORE, score);

        List<Long> seeds = runs.stream().map(RunResult::seed).distinct().sorted().toList();
        return new GroupReport(first.scenario(), first.client(), first.policy(), seeds, runs.size(), downloads.size(),
                succeeded, (int) downloads.stream().filter(DownloadRecord::acceptedCorrupt).count(), verdicts,
                completion, within, share, budget, failoversMean, failoversMax, ttfb, recoveries, wasted, wastedPct,
                corrupt, MirrorTally.of(downloads), score, metrics, null, notReported(downloads));
    }

    /** The capabilities no download of the group reports, in words, in {@link Capability} order. */
    static List<String> notReported(List<DownloadRecord> downloads) {
        return Arrays.stream(Capability.values()).filter(c -> downloads.stream().noneMatch(d -> d.reports(c)))
                .map(Capability::words).toList();
    }

    private static void put(Map<String, Double> metrics, Metric metric, Double value) {
        if (value != null) {
            metrics.put(metric.key, value);
        }
    }
}
