package io.outagedrill.reports.model;

import io.outagedrill.harness.run.NearestRank;
import java.util.List;

/**
 * Completion-time percentiles by the nearest-rank method ({@link NearestRank}, the harness's rule, so the reports
 * and {@code drill run}'s table agree): the p-th percentile of n sorted values is the value at rank
 * ceil(p/100 * n), so every reported number is a time some download really took (no interpolation, which would
 * invent times between two downloads and hide how few samples a p99.9 rests on).
 *
 * @param count how many values the percentiles rest on; with fewer than 1000, p99.9 is simply the maximum
 */
public record Percentiles(int count, Double p50Ms, Double p90Ms, Double p99Ms, Double p999Ms) {

    public static final String METHOD = "nearest rank: the p-th percentile of n sorted times is the one at rank "
            + "ceil(p/100 × n), a time some download really took; with fewer than 1000 downloads p99.9 is the "
            + "slowest one";

    public static Percentiles of(List<Double> valuesMs) {
        List<Double> sorted = valuesMs.stream().sorted().toList();
        return new Percentiles(sorted.size(), nearestRank(sorted, 50), nearestRank(sorted, 90),
                nearestRank(sorted, 99), nearestRank(sorted, 99.9));
    }

    /** The nearest-rank percentile of already sorted values; null for no values. The rule is {@link NearestRank}. */
    public static Double nearestRank(List<Double> sorted, double percentile) {
        return NearestRank.of(sorted, percentile);
    }

    /** The 1-based nearest rank of {@code percentile} among {@code n} values (at least 1). */
    static int rank(int n, double percentile) {
        return NearestRank.rank(n, percentile);
    }
}
