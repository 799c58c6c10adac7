package io.outagedrill.reports.model;

import io.outagedrill.harness.run.SloVerdict;
import java.util.List;
import java.util.Map;

/**
 * Everything measured for one scenario × client × policy, pooled over its runs (several seeds give more samples
 * for the percentiles). Times are milliseconds; nulls mean "not measured", never zero.
 *
 * @param verdicts       every SLO verdict of every pooled run
 * @param completion     completion-time percentiles of the downloads that succeeded
 * @param sloWithinMs    the completion SLO's time, null when the scenario has none
 * @param shareWithinSlo share of all downloads verified within that time
 * @param errorBudget    against the completion SLO's target; null without one
 * @param bytesWasted    summed over downloads that report it; null when none does
 * @param metrics        {@link Metric#key} → value, what comparisons and baselines read
 * @param jmh            the same scenario × client × policy benchmarked with JMH, null when not given
 * @param notReported    what none of the group's downloads reports ({@code Capability} words, e.g. "per-chunk
 *                       progress"): the figures built on it are empty because the client is silent, not zero
 * @param samples        each download's own figures, what the per-download metrics are computed from and what a
 *                       later report's gate resamples; empty in a report.json written before they were kept
 * @param notes          what the runs noted, once each (a step not acted out on this world, a time limit hit, a
 *                       client that could not run): what a green row would otherwise hide
 * @param worlds         the worlds its runs played in ("embedded", "containers"), sorted; empty when its records
 *                       are older than that field
 */
public record GroupReport(String scenario, String client, String policy, List<Long> seeds, int runs, int downloads,
                          int succeeded, int acceptedCorrupt, List<SloVerdict> verdicts, Percentiles completion,
                          Double sloWithinMs, Double shareWithinSlo, ErrorBudget errorBudget, Double failoversMean,
                          Integer failoversMax, Double ttfbP50Ms, List<Recovery> recoveries, Long bytesWasted,
                          Double wastedPercentMean, Map<String, Integer> corruptChunksBy, List<MirrorStats> mirrors,
                          Double score, Map<String, Double> metrics, JmhTiming jmh, List<String> notReported,
                          List<DownloadSample> samples, List<String> notes, List<String> worlds) {

    /** A report.json written before {@code notReported} or {@code samples} existed says nothing about them. */
    public GroupReport {
        notReported = notReported == null ? List.of() : List.copyOf(notReported);
        samples = samples == null ? List.of() : List.copyOf(samples);
        notes = notes == null ? List.of() : List.copyOf(notes);
        worlds = worlds == null ? List.of() : List.copyOf(worlds);
    }

    /** Stable identity across reports, for baselines: "scenario · client · policy". */
    public String key() {
        return key(scenario, client, policy);
    }

    /** "scenario · client · policy": how a group is named and matched everywhere (baselines, JMH timings). */
    public static String key(String scenario, String client, String policy) {
        return scenario + " · " + client + " · " + policy;
    }

    public String label() {
        return client + " / " + policy;
    }

    /** This group with its JMH timing, whose mean scenario run joins its metrics ({@link Metric#JMH_RUN}). */
    public GroupReport withJmh(JmhTiming timing) {
        Map<String, Double> withRun = new java.util.LinkedHashMap<>(metrics);
        if (timing.runSeconds() != null) {
            withRun.put(Metric.JMH_RUN.key, timing.runSeconds() * 1000);
        }
        return new GroupReport(scenario, client, policy, seeds, runs, downloads, succeeded, acceptedCorrupt, verdicts,
                completion, sloWithinMs, shareWithinSlo, errorBudget, failoversMean, failoversMax, ttfbP50Ms,
                recoveries, bytesWasted, wastedPercentMean, corruptChunksBy, mirrors, score, withRun, timing,
                notReported, samples, notes, worlds);
    }

    public boolean passed() {
        return verdicts.stream().allMatch(SloVerdict::passed);
    }
}
