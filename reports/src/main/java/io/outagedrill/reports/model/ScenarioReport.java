package io.outagedrill.reports.model;

import java.util.List;

/** One scenario: its score, one group per client × policy, and comparisons where several ran the same seed. */
public record ScenarioReport(String name, String description, Double score, List<GroupReport> groups,
                             List<Comparison> comparisons) {
}
