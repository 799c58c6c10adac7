package io.outagedrill.harness.run;

/**
 * One SLO judged: what it asked, what was measured, and whether it held.
 *
 * @param slo      the SLO as written, e.g. {@code completeWithin 100% in 30s (during cf-500)}
 * @param judged   how many downloads it looked at
 * @param detail   the worst offenders, in words
 */
public record SloVerdict(String slo, String expected, String measured, boolean passed, int judged, String detail) {

    /**
     * Whether it failed on what the downloads did: not "not judged" (no download in its window, a figure the client
     * does not report), which says nothing of how the client fared.
     */
    public boolean missedOnEvidence() {
        return !passed && judged > 0;
    }

    /**
     * The share of {@code verdicts} missed on evidence ({@link #missedOnEvidence}); 0 for none. What "best" is judged
     * among in a comparison: a client that took a forged manifest completes fastest and misses the SLO that asked it
     * to refuse, while one that reports no failovers misses nothing by not reporting them.
     */
    public static double missedShare(java.util.List<SloVerdict> verdicts) {
        return verdicts.isEmpty() ? 0
                : (double) verdicts.stream().filter(SloVerdict::missedOnEvidence).count() / verdicts.size();
    }
}
