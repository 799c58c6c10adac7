package io.outagedrill.reports.model;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The numbers compared across clients and policies and against a baseline. Each knows which way is better, so
 * "best" and "got worse" mean the same everywhere.
 */
public enum Metric {
    P50("p50", "Completion time p50", Unit.MILLIS, false, s -> completion(s, 50)),
    P90("p90", "Completion time p90", Unit.MILLIS, false, s -> completion(s, 90)),
    P99("p99", "Completion time p99", Unit.MILLIS, false, s -> completion(s, 99)),
    P999("p99.9", "Completion time p99.9", Unit.MILLIS, false, s -> completion(s, 99.9)),
    SHARE_WITHIN_SLO("withinSlo", "Share completed within the SLO time", Unit.SHARE, true, Metric::withinSlo),
    FAILED_SHARE("failedShare", "Share failed (error budget events)", Unit.SHARE, false,
            s -> Optional.ofNullable(withinSlo(s)).map(within -> 1 - within).orElse(null)),
    // Over the downloads whose client reports failovers, as the harness's SLO and tables count them.
    FAILOVERS_MEAN("failoversMean", "Failovers per download (mean)", Unit.COUNT, false,
            s -> s.downloads().stream().map(DownloadSample::failovers).filter(Objects::nonNull)
                    .mapToInt(Integer::intValue).average().stream().boxed().findFirst().orElse(null)),
    FAILOVERS_MAX("failoversMax", "Failovers per download (max)", Unit.COUNT, false,
            s -> s.downloads().stream().map(DownloadSample::failovers).filter(Objects::nonNull)
                    .mapToInt(Integer::intValue).max().stream().mapToObj(max -> (double) max).findFirst()
                    .orElse(null)),
    WORST_RECOVERY("worstRecovery", "Worst time to recover", Unit.MILLIS, false, null),
    BYTES_WASTED("bytesWasted", "Bytes wasted", Unit.BYTES, false,
            s -> s.downloads().stream().map(DownloadSample::bytesWasted).filter(Objects::nonNull)
                    .mapToDouble(Long::doubleValue).reduce(Double::sum).stream().boxed().findFirst().orElse(null)),
    TTFB_P50("ttfbP50", "Time to first byte p50", Unit.MILLIS, false,
            s -> Percentiles.nearestRank(s.downloads().stream().map(DownloadSample::ttfbMs).filter(Objects::nonNull)
                    .map(Long::doubleValue).sorted().toList(), 50)),
    /**
     * JMH's mean wall time of one whole scenario run ({@code drill bench}, or {@code drill report --jmh}): in a
     * group's metrics only when a scenario benchmark of its scenario, client and policy was given.
     */
    JMH_RUN("jmhRun", "Scenario run (JMH mean)", Unit.MILLIS, false, null),
    SCORE("score", "Resilience score", Unit.SCORE, true, null);

    public enum Unit { MILLIS, SHARE, COUNT, BYTES, SCORE }

    /**
     * A group's downloads, what every per-download metric is computed from.
     *
     * @param sloWithinMs the completion SLO's time, null when the scenario has none
     */
    public record Downloads(java.util.List<DownloadSample> downloads, Double sloWithinMs) {
    }

    public final String key;
    public final String label;
    public final Unit unit;
    public final boolean higherIsBetter;
    /** Null for the metrics of a whole run (score, recovery), which no download's figures make up. */
    private final Function<Downloads, Double> fromDownloads;

    Metric(String key, String label, Unit unit, boolean higherIsBetter, Function<Downloads, Double> fromDownloads) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.fromDownloads = fromDownloads;
    }

    /**
     * How many of the downloads at the top (the slowest, the most failovers) the value rests on: for a
     * nearest-rank percentile the downloads from its rank up, for a maximum one; {@link Integer#MAX_VALUE} for a
     * value made of all of them (a median, a mean, a share, a sum).
     */
    int topRanks(Downloads downloads) {
        return switch (this) {
            case P90 -> fromTheTop(downloads, 90);
            case P99 -> fromTheTop(downloads, 99);
            case P999 -> fromTheTop(downloads, 99.9);
            case FAILOVERS_MAX -> 1;
            default -> Integer.MAX_VALUE;
        };
    }

    /** How many completion times rank at or above the nearest-rank {@code percentile}. */
    private static int fromTheTop(Downloads downloads, double percentile) {
        int n = DownloadSample.completionTimes(downloads.downloads()).size();
        return n - Percentiles.rank(n, percentile) + 1;
    }

    /** True when the value is computed from the group's downloads, so resampling them says how much it varies. */
    public boolean perDownload() {
        return fromDownloads != null;
    }

    /** This metric over {@code downloads}; null when they give none (no success, no SLO, nothing reported). */
    public Double of(Downloads downloads) {
        if (fromDownloads == null) {
            throw new IllegalStateException(key + " is a metric of the whole run, not of its downloads");
        }
        return fromDownloads.apply(downloads);
    }

    private static Double completion(Downloads s, double percentile) {
        return Percentiles.nearestRank(DownloadSample.completionTimes(s.downloads()), percentile);
    }

    /** Share of all downloads verified within the SLO's time; null without an SLO or without downloads. */
    private static Double withinSlo(Downloads s) {
        if (s.sloWithinMs() == null || s.downloads().isEmpty()) {
            return null;
        }
        long ok = s.downloads().stream().filter(d -> d.within(s.sloWithinMs())).count();
        return (double) ok / s.downloads().size();
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
