package io.outagedrill.reports.model;

/**
 * One scenario benchmark from JMH's JSON ({@code ScenarioBenchmark.run}, one scenario × client × policy): the
 * scenario's wall time per run (JMH's primary score, single-shot) and the completion time of every download of the
 * measured runs (the {@code download} secondary result) with JMH's own percentiles.
 *
 * @param runs         measured scenario runs (iterations × forks)
 * @param runSeconds   mean wall time of one whole scenario run, seconds
 * @param runSecondsError JMH's 99.9% confidence half-width of that mean; null when it could not compute one
 * @param downloads    downloads in the measured runs; null when the JSON does not say
 * @param failed       of which did not complete verified; null when the JSON does not say
 * @param completion   JMH's percentiles of the successful downloads (count = samples), milliseconds
 * @param source       the JSON file it came from
 */
public record JmhTiming(String scenario, String client, String policy, int runs, Double runSeconds,
                        Double runSecondsError, Long downloads, Long failed, Percentiles completion, String source) {

    public static final String DEFINITION = "JMH percentiles: the scenario benchmark's operation is one whole "
            + "scenario run (single-shot: a run has a start its faults are timed from, so it is never looped or "
            + "cut), and every download of every measured run (warm-ups discarded, fresh forked JVM) is one sample "
            + "of JMH's 'download' result. JMH computes its percentiles from its histogram (samples rounded down to "
            + "about 0.1%) by interpolating between the two nearest ranks at p × (n + 1), so with few downloads "
            + "they may lie between two real times; the run-record percentiles beside them use the nearest rank. "
            + "'Scenario run' is JMH's primary score: the fleet's wall time per run, ± its 99.9% confidence "
            + "half-width.";

    /** "scenario · client · policy", as {@link GroupReport#key()}. */
    public String key() {
        return GroupReport.key(scenario, client, policy);
    }
}
