package io.outagedrill.reports.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The whole report: what the HTML, Markdown, JUnit XML and JSON outputs show, and what a later report reads back
 * as its baseline.
 *
 * @param definitions how each derived number is defined, written on every output
 * @param gate        the baseline comparison, null when no baseline was given
 */
public record Report(Instant generatedAt, List<String> sources, Map<String, String> definitions,
                     Double overallScore, List<ScenarioReport> scenarios, Gate gate) {

    /** The release gate's outcome. */
    public record Gate(String baseline, double threshold, List<Regression> regressions) {
        public boolean passed() {
            return regressions.isEmpty();
        }
    }

    public Report withGate(Gate gate) {
        return new Report(generatedAt, sources, definitions, overallScore, scenarios, gate);
    }

    public boolean sloPassed() {
        return scenarios.stream().flatMap(s -> s.groups().stream()).allMatch(GroupReport::passed);
    }
}
