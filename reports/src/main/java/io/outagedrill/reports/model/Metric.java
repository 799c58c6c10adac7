package io.outagedrill.reports.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The numbers compared across clients and policies and against a baseline. Each knows which way is better, so
 * "best" and "got worse" mean the same everywhere.
 */
public enum Metric {
    P50("p50", "Completion time p50", Unit.MILLIS, false),
    P90("p90", "Completion time p90", Unit.MILLIS, false),
    P99("p99", "Completion time p99", Unit.MILLIS, false),
    P999("p99.9", "Completion time p99.9", Unit.MILLIS, false),
    SHARE_WITHIN_SLO("withinSlo", "Share completed within the SLO time", Unit.SHARE, true),
    FAILED_SHARE("failedShare", "Share failed (error budget events)", Unit.SHARE, false),
    FAILOVERS_MEAN("failoversMean", "Failovers per download (mean)", Unit.COUNT, false),
    FAILOVERS_MAX("failoversMax", "Failovers per download (max)", Unit.COUNT, false),
    WORST_RECOVERY("worstRecovery", "Worst time to recover", Unit.MILLIS, false),
    BYTES_WASTED("bytesWasted", "Bytes wasted", Unit.BYTES, false),
    TTFB_P50("ttfbP50", "Time to first byte p50", Unit.MILLIS, false),
    SCORE("score", "Resilience score", Unit.SCORE, true);

    public enum Unit { MILLIS, SHARE, COUNT, BYTES, SCORE }

    public final String key;
    public final String label;
    public final Unit unit;
    public final boolean higherIsBetter;

    Metric(String key, String label, Unit unit, boolean higherIsBetter) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    public static Optional<Metric> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public String format(Double value) {
        return switch (unit) {
            case MILLIS -> Format.millis(value);
            case SHARE -> value == null ? "–" : Format.percent(value);
            case COUNT -> Format.number(value);
            case BYTES -> Format.bytes(value);
            case SCORE -> value == null ? "–" : Format.f("%.1f", value);
        };
    }

    /** True when {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }
}
