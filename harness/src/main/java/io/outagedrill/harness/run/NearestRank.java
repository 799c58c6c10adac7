package io.outagedrill.harness.run;

import java.util.List;

/**
 * The one percentile rule of completion times, for the tables {@code drill run} and {@code drill compare} print and
 * for the reports: the nearest rank, where the p-th percentile of n sorted values is the one at rank
 * ceil(p/100 × n). Every number is then a time some download really took (no interpolation, which would invent
 * times between two downloads and hide how few samples a p99.9 rests on).
 */
public final class NearestRank {
    private NearestRank() {
    }

    /** The nearest-rank {@code percentile} (in (0, 100]) of already sorted values; null for no values. */
    public static <T> T of(List<T> sorted, double percentile) {
        if (sorted.isEmpty()) {
            return null;
        }
        if (percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("a percentile is in (0, 100], got " + percentile);
        }
        return sorted.get(rank(sorted.size(), percentile) - 1);
    }

    /** The 1-based nearest rank of {@code percentile} among {@code n} values (at least 1). */
    public static int rank(int n, double percentile) {
        // The small epsilon keeps 99.9% of 1000 at rank 999, not 1000 through floating-point noise.
        return Math.max(1, (int) Math.ceil(percentile / 100.0 * n - 1e-9));
    }
}
