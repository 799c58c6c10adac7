package io.outagedrill.reports.model;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.sut.Capability;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Turns the runs of one scenario × client × policy into a {@link GroupReport}. */
public final class GroupCalculator {
    private GroupCalculator() {
    }

    /**
     * The figures of the runs of one client and policy. Of several (the rounds of a {@code drill compare --repeat}),
     * a run whose client could not run is left out of them, as compare's table leaves it out
     * ({@link RunResult#roundsThatRan}), and a note says so.
     *
     * @param rounds non-empty, all of one scenario, client and policy
     */
    public static GroupReport of(List<RunResult> rounds) {
        List<RunResult> runs = RunResult.roundsThatRan(rounds);
        List<String> notes = new ArrayList<>(runs.stream().flatMap(r -> r.notes().stream()).distinct().toList());
        if (runs.size() < rounds.size()) {
            String why = rounds.stream().flatMap(r -> r.whyAClientCouldNotRun().stream()).findFirst().orElseThrow();
            notes.add(String.format(Locale.ROOT, "%d of %d runs left out of these figures, their client not having "
                    + "run (%s)", rounds.size() - runs.size(), rounds.size(), why));
        }
        RunResult first = runs.getFirst();
        List<DownloadRecord> downloads = runs.stream().flatMap(r -> r.downloads().stream()).toList();
        List<SloVerdict> verdicts = runs.stream().flatMap(r -> r.verdicts().stream()).toList();
        List<DownloadSample> samples = downloads.stream().map(DownloadSample::of).toList();
        Optional<CompletionSlo> slo = CompletionSlo.of(verdicts);
        Double within = slo.map(s -> (double) s.within().toMillis()).orElse(null);
        Metric.Downloads measured = new Metric.Downloads(samples, within);

        ErrorBudget budget = null;
        // Only against a whole-run target: a windowed one ("during cf-500") is about the downloads in its window,
        // and read over every download it would call a budget spent (or kept) that no SLO set.
        if (slo.isPresent() && slo.get().wholeRun() && !downloads.isEmpty()) {
            long ok = samples.stream().filter(d -> d.within(within)).count();
            budget = ErrorBudget.of(slo.get().targetShare(), downloads.size(), downloads.size() - ok);
        }
        List<Recovery> recoveries = RecoveryTally.of(runs);
        Double score = ResilienceScore.of(verdicts);
        // Every per-download metric from its one definition in Metric, so the gate's resampling computes the same.
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            Double value = switch (metric) {
                case WORST_RECOVERY -> RecoveryTally.worstRecovery(recoveries);
                case SCORE -> score;
                case JMH_RUN -> null; // JMH's, given beside the run records (GroupReport.withJmh)
                default -> metric.of(measured);
            };
            if (value != null) {
                metrics.put(metric.key, value);
            }
        }

        Double wasted = metrics.get(Metric.BYTES_WASTED.key);
        Double wastedPct = downloads.stream().filter(d -> d.bytesWasted() != null)
                .mapToDouble(DownloadRecord::wastedPercent).average().stream().boxed().findFirst().orElse(null);
        Double failoversMax = metrics.get(Metric.FAILOVERS_MAX.key);
        Map<String, Integer> corrupt = new TreeMap<>();
        downloads.forEach(d -> d.chunksRejectedBy().forEach((m, n) -> corrupt.merge(m, n, Integer::sum)));
        List<Long> seeds = runs.stream().map(RunResult::seed).distinct().sorted().toList();
        return new GroupReport(first.scenario(), first.client(), first.policy(), seeds, runs.size(), downloads.size(),
                (int) samples.stream().filter(DownloadSample::succeeded).count(),
                (int) downloads.stream().filter(DownloadRecord::acceptedCorrupt).count(), verdicts,
                Percentiles.of(DownloadSample.completionTimes(samples)), within,
                metrics.get(Metric.SHARE_WITHIN_SLO.key), budget, metrics.get(Metric.FAILOVERS_MEAN.key),
                failoversMax == null ? null : failoversMax.intValue(), metrics.get(Metric.TTFB_P50.key), recoveries,
                wasted == null ? null : wasted.longValue(), wastedPct, corrupt, MirrorTally.of(downloads), score,
                metrics, null, notReported(downloads), samples,
                notes,
                runs.stream().map(RunResult::world).filter(java.util.Objects::nonNull).distinct().sorted().toList());
    }

    /** The capabilities no download of the group reports, in words, in {@link Capability} order. */
    static List<String> notReported(List<DownloadRecord> downloads) {
        return Arrays.stream(Capability.values()).filter(c -> downloads.stream().noneMatch(d -> d.reports(c)))
                .map(Capability::words).toList();
    }
}
