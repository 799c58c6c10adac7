package io.outagedrill.reports.model;

/**
 * One mirror as the downloads saw it, derived from the run records (see {@link MirrorTally} for how).
 *
 * @param successRate    verified chunks ÷ (verified + rejected chunks + switches away from it); null without any
 * @param deliveredRate  bytes it delivered ÷ wall time of the downloads it served; null when it served nothing
 */
public record MirrorStats(String mirror, int chunksServed, long bytesServed, int chunksRejected, int switchedAway,
                          Double successRate, Double deliveredRate) {
}
