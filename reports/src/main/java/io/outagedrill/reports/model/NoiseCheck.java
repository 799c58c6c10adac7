package io.outagedrill.reports.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Tells a real change in a per-download metric from run-to-run noise, by the bootstrap: both groups' downloads are
 * resampled with replacement {@value #RESAMPLES} times, the metric computed on each pair of resamples, and the
 * change counts only when the current one is worse in at least {@value #CONFIDENCE_PERCENT}% of them. A p50 that
 * moved because one download of five was slow, or wasted bytes that went "from zero" because one download of five
 * retried a chunk, is worse in far fewer.
 *
 * <p>Written here because no library at hand bootstraps an arbitrary statistic (Commons Statistics has rank tests,
 * which say nothing about a p99 or a sum). The random source has a fixed seed, so the same two reports always give
 * the same verdict.
 *
 * <p>What it cannot see: noise that moves every download of a run alike (a busier machine slows them all). That
 * looks like a change, as it would to any test over one run's downloads; only more runs (seeds) or a quieter
 * machine tell it apart.
 */
final class NoiseCheck {
    static final int RESAMPLES = 2_000;
    static final int CONFIDENCE_PERCENT = 95;
    /** Below this many downloads on either side a resample says nothing; the threshold alone decides. */
    static final int MIN_DOWNLOADS = 5;
    private static final long SEED = 0x5EED_D0_0DL;
    /**
     * A value that rests on fewer of a run's top downloads than this is not judged by resampling: by nearest rank,
     * p90 of fewer than 30 downloads, p99 of fewer than 300, p99.9 of fewer than 3,000, and any maximum.
     */
    static final int TOP_FEW = 4;

    private NoiseCheck() {
    }

    /**
     * The share of resamples in which {@code metric} over the current downloads is worse than over the baseline's;
     * for a metric resampling can judge ({@link #whyNot} is empty).
     */
    static double worseShare(Metric metric, Metric.Downloads before, Metric.Downloads now) {
        SplittableRandom random = new SplittableRandom(SEED);
        int worse = 0;
        int judged = 0;
        for (int i = 0; i < RESAMPLES; i++) {
            Double b = metric.of(resample(before, random));
            Double c = metric.of(resample(now, random));
            if (b == null && c == null) {
                continue; // neither draw has a value (no download finished in either): no evidence either way
            }
            judged++;
            // A current draw with no value where the baseline's has one (none of its downloads finished) is worse.
            if (b != null && (c == null || metric.better(b, c))) {
                worse++;
            }
        }
        return judged == 0 ? 0.0 : (double) worse / judged;
    }

    /**
     * Why resampling cannot judge {@code metric} here: too few downloads on a side, or a value that rests on a
     * side's slowest few downloads (p90 of fewer than 30, p99 of fewer than 300, a maximum), where a draw can never
     * be slower than the slowest download, so a tail that really got worse would read as noise.
     */
    static Optional<String> whyNot(Metric metric, Metric.Downloads before, Metric.Downloads now) {
        int then = before.downloads().size();
        int current = now.downloads().size();
        if (then < MIN_DOWNLOADS || current < MIN_DOWNLOADS) {
            return Optional.of(Format.f("%d download(s) then and %d now, %d needed on each side", then, current,
                    MIN_DOWNLOADS));
        }
        int restsOn = Math.min(metric.topRanks(before), metric.topRanks(now));
        if (restsOn >= TOP_FEW) {
            return Optional.empty();
        }
        String top = metric == Metric.FAILOVERS_MAX ? "the download with the most failovers"
                : Format.f("the slowest %d download(s)", restsOn);
        return Optional.of(Format.f("%s rests on %s of a run, which no resample can exceed", metric.label, top));
    }

    static boolean beyondNoise(double worseShare) {
        return worseShare * 100 >= CONFIDENCE_PERCENT - 1e-9;
    }

    private static Metric.Downloads resample(Metric.Downloads of, SplittableRandom random) {
        List<DownloadSample> drawn = new ArrayList<>(of.downloads().size());
        for (int i = 0; i < of.downloads().size(); i++) {
            drawn.add(of.downloads().get(random.nextInt(of.downloads().size())));
        }
        return new Metric.Downloads(drawn, of.sloWithinMs());
    }
}
