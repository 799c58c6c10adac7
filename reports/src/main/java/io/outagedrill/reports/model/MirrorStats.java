package io.outagedrill.reports.model;

/**
 * One mirror as the downloads saw it, derived from the run records (see {@link MirrorTally} for how).
 *
 * @param successRate    verified chunks ÷ (verified + rejected chunks + switches away from it); null without any
 * @param deliveredRate  bytes it delivered ÷ wall time of the downloads it served; null when it served nothing
 * @param ttfbP50Ms      median time from a chunk's request to its response headers on this mirror; null without data
 * @param throughput     bytes of its verified chunks ÷ the time those chunks took (request to verified); null without
 *                       data
 */
public record MirrorStats(String mirror, int chunksServed, long bytesServed, int chunksRejected, int switchedAway,
                          Double successRate, Double deliveredRate, Double ttfbP50Ms, Double throughput) {

    /** Without per-chunk transfer timings (older records, downloaders that report no chunks). */
    public MirrorStats(String mirror, int chunksServed, long bytesServed, int chunksRejected, int switchedAway,
                       Double successRate, Double deliveredRate) {
        this(mirror, chunksServed, bytesServed, chunksRejected, switchedAway, successRate, deliveredRate, null, null);
    }
}
