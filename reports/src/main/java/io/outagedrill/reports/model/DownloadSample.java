package io.outagedrill.reports.model;

import io.outagedrill.harness.run.DownloadRecord;
import java.util.List;

/**
 * One download's figures, as a group's per-download metrics are computed from them and as the release gate
 * resamples them ({@link NoiseCheck}). Kept in report.json so a later report can tell a change from noise.
 *
 * @param completionMs the time to a verified file, to the nanosecond (the SLO's time is judged on it; percentiles
 *                     show whole milliseconds), null when the download failed
 * @param failovers    null when the client reports neither mirror switches nor failed mirrors (aria2c): its 0
 *                     is no measurement, and counted it made the silent client the best of a comparison
 * @param ttfbMs       the time to its first byte, null when the client does not say
 * @param bytesWasted  bytes fetched and thrown away, null when the client does not say
 */
public record DownloadSample(Double completionMs, Integer failovers, Long ttfbMs, Long bytesWasted) {

    static DownloadSample of(DownloadRecord d) {
        return new DownloadSample(d.succeeded() ? d.elapsed().toNanos() / 1e6 : null,
                d.reportsFailovers() ? Integer.valueOf(d.failovers()) : null,
                d.timeToFirstByte() == null ? null : d.timeToFirstByte().toMillis(), d.bytesWasted());
    }

    public boolean succeeded() {
        return completionMs != null;
    }

    /** Verified within {@code ms}: what the completion SLO counts as a good event. */
    public boolean within(double ms) {
        return completionMs != null && completionMs <= ms;
    }

    /** The completion times of the downloads that succeeded, in whole milliseconds, sorted: what percentiles rank. */
    static List<Double> completionTimes(List<DownloadSample> downloads) {
        return downloads.stream().filter(DownloadSample::succeeded).map(d -> Math.floor(d.completionMs())).sorted()
                .toList();
    }
}
