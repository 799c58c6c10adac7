package io.outagedrill.harness.run;

/**
 * One SLO judged: what it asked, what was measured, and whether it held.
 *
 * @param slo      the SLO as written, e.g. {@code completeWithin 100% in 30s (during cf-500)}
 * @param judged   how many downloads it looked at
 * @param detail   the worst offenders, in words
 */
public record SloVerdict(String slo, String expected, String measured, boolean passed, int judged, String detail) {
}
