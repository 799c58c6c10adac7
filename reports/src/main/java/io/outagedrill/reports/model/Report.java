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
 * @param jmhUnmatched JMH scenario benchmarks given with no run records of the same scenario × client × policy
 *                     (the matched ones sit in their {@link GroupReport#jmh()}); empty without JMH results
 */
public record Report(Instant generatedAt, List<String> sources, Map<String, String> definitions,
                     Double overallScore, List<ScenarioReport> scenarios, Gate gate, List<JmhTiming> jmhUnmatched) {

    public Report {
        jmhUnmatched = jmhUnmatched == null ? List.of() : List.copyOf(jmhUnmatched);
    }

    /**
     * The release gate's outcome.
     *
     * @param regressions what got worse beyond the threshold and beyond noise: each fails the gate
     * @param withinNoise what got worse beyond the threshold but not beyond noise ({@link BaselineCheck}): shown,
     *                    not failing; empty in a report.json written before the check existed
     */
    public record Gate(String baseline, double threshold, List<Regression> regressions,
                       List<Regression> withinNoise) {
        public Gate {
            regressions = List.copyOf(regressions);
            withinNoise = withinNoise == null ? List.of() : List.copyOf(withinNoise);
        }

        public static Gate of(String baseline, double threshold, BaselineCheck.Findings findings) {
            return new Gate(baseline, threshold, findings.regressions(), findings.withinNoise());
        }

        public boolean passed() {
            return regressions.isEmpty();
        }
    }

    public Report withGate(Gate gate) {
        return new Report(generatedAt, sources, definitions, overallScore, scenarios, gate, jmhUnmatched);
    }

    /** True when any JMH timing was given (matched to a group or not). */
    public boolean hasJmh() {
        return !jmhUnmatched.isEmpty()
                || scenarios.stream().flatMap(s -> s.groups().stream()).anyMatch(g -> g.jmh() != null);
    }

    public boolean sloPassed() {
        return scenarios.stream().flatMap(s -> s.groups().stream()).allMatch(GroupReport::passed);
    }
}
