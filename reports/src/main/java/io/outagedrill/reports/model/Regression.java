package io.outagedrill.reports.model;

/**
 * A metric that got worse than in the baseline by more than the threshold, or an SLO that held then and fails now.
 *
 * @param change relative change in the bad direction (0.25 = 25% worse); null when the baseline was 0 or an SLO
 */
public record Regression(String group, String metric, String label, Double baseline, Double current, Double change,
                         String description) {
}
