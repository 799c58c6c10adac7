package io.outagedrill.reports.render;

import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.reports.model.BaselineCheck;
import io.outagedrill.reports.model.Comparison;
import io.outagedrill.reports.model.Format;
import io.outagedrill.reports.model.GroupReport;
import io.outagedrill.reports.model.Metric;
import io.outagedrill.reports.model.RecoveryTally;
import io.outagedrill.reports.model.Regression;
import io.outagedrill.reports.model.Report;
import io.outagedrill.reports.model.ScenarioReport;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report as GitHub-flavoured Markdown, for CI logs and {@code $GITHUB_STEP_SUMMARY}: the score, one summary
 * row per scenario × client × policy, every failed SLO with expected and measured, comparisons and regressions.
 * No charts: the HTML has them.
 */
public final class Markdown {
    private Markdown() {
    }

    public static String render(Report report) {
        StringBuilder md = new StringBuilder("# Outage Drill report\n\n");
        md.append(Format.f("**Resilience score: %s / 100** · SLOs: %s%s · generated %s%n%n",
                score(report.overallScore()), report.sloPassed() ? "all held" : "some failed",
                report.gate() == null ? "" : " · release gate: " + (report.gate().passed() ? "passed" : "FAILED"),
                report.generatedAt()));
        md.append("| scenario | client / policy | SLOs | score | downloads | p50 | p90 | p99 | p99.9 | within SLO | "
                + "error budget | failovers mean/max | worst recovery | wasted | corrupt chunks caught |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (ScenarioReport s : report.scenarios()) {
            for (GroupReport g : s.groups()) {
                md.append(row(g));
            }
        }
        jmh(md, report);
        failures(md, report);
        notes(md, report);
        comparisons(md, report);
        regressions(md, report);
        md.append("\n<details><summary>Definitions</summary>\n\n");
        report.definitions().forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
        md.append("\n</details>\n");
        return md.toString();
    }

    static String row(GroupReport g) {
        long met = g.verdicts().stream().filter(SloVerdict::passed).count();
        return Format.f("| %s | %s | %s %d/%d | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s |%n",
                cell(g.scenario()), cell(g.label()), g.passed() ? "✅" : "❌", met, g.verdicts().size(),
                score(g.score()), g.succeeded(), g.downloads(), Format.millis(g.completion().p50Ms()),
                Format.millis(g.completion().p90Ms()), Format.millis(g.completion().p99Ms()),
                Format.millis(g.completion().p999Ms()), Metric.SHARE_WITHIN_SLO.format(g.shareWithinSlo()),
                g.errorBudget() == null ? "–" : cell(g.errorBudget().describe()), Format.number(g.failoversMean()),
                g.failoversMax() == null ? "–" : g.failoversMax().toString(),
                RecoveryTally.worstInWords(g.recoveries()),
                Format.bytes(g.bytesWasted() == null ? null : g.bytesWasted().doubleValue()), corrupt(g));
    }

    static String corrupt(GroupReport g) {
        if (g.corruptChunksBy().isEmpty()) {
            return "none";
        }
        return g.corruptChunksBy().entrySet().stream().map(e -> e.getValue() + " from " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /** Completion-time percentiles from the run records and from JMH, one pair of rows per benchmarked group. */
    private static void jmh(StringBuilder md, Report report) {
        if (!report.hasJmh()) {
            return;
        }
        md.append("\n## Completion time per download: run records and JMH\n\n")
                .append("| scenario | client / policy | source | samples | p50 | p90 | p99 | p99.9 | scenario run (JMH) |\n")
                .append("|---|---|---|---|---:|---:|---:|---:|---:|\n");
        for (ScenarioReport s : report.scenarios()) {
            for (JmhRows.Row r : JmhRows.of(s)) {
                md.append(jmhRow(s.name(), r));
            }
        }
        for (var t : report.jmhUnmatched()) {
            md.append(jmhRow(t.scenario(), JmhRows.jmh(t.client() + " / " + t.policy() + " (no run records)", t)));
        }
    }

    private static String jmhRow(String scenario, JmhRows.Row r) {
        return Format.f("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", cell(scenario), cell(r.label()),
                r.source(), cell(r.samples()), r.p50(), r.p90(), r.p99(), r.p999(), r.scenarioRun());
    }

    private static void failures(StringBuilder md, Report report) {
        List<String> lines = report.scenarios().stream().flatMap(s -> s.groups().stream())
                .flatMap(g -> g.verdicts().stream().filter(v -> !v.passed()).map(v -> Format.f(
                        "- **%s** · `%s`: expected %s, measured %s%s%n", cell(g.key()), v.slo(), cell(v.expected()),
                        cell(v.measured()), v.detail() == null || v.detail().isBlank() ? "" : " (" + cell(v.detail())
                                + ")")))
                .toList();
        if (!lines.isEmpty()) {
            md.append("\n## Failed SLOs\n\n");
            lines.forEach(md::append);
        }
    }

    /** What the runs noted (a step not acted out, a limit hit): a row of ticks above does not show it. */
    private static void notes(StringBuilder md, Report report) {
        List<String> lines = report.scenarios().stream().flatMap(s -> s.groups().stream())
                .flatMap(g -> g.notes().stream().map(n -> "- **" + cell(g.key()) + "**: " + cell(n) + "\n")).toList();
        if (!lines.isEmpty()) {
            md.append("\n## Notes from the runs\n\n");
            lines.forEach(md::append);
        }
    }

    private static void comparisons(StringBuilder md, Report report) {
        for (ScenarioReport s : report.scenarios()) {
            if (s.comparisons().isEmpty()) {
                continue;
            }
            Map<Long, List<Comparison>> bySeed = s.comparisons().stream().collect(Collectors.groupingBy(
                    Comparison::seed, java.util.TreeMap::new, Collectors.toList()));
            bySeed.forEach((seed, cs) -> {
                md.append("\n## Comparison: ").append(s.name()).append(", seed ").append(seed).append("\n\n");
                List<String> labels = cs.getFirst().rows().stream().map(Comparison.Row::label).toList();
                md.append("| metric | ").append(String.join(" | ", labels.stream().map(Markdown::cell).toList()))
                        .append(" |\n|---|").append("---:|".repeat(labels.size())).append('\n');
                for (Comparison c : cs) {
                    md.append("| ").append(c.label()).append(" | ")
                            .append(c.rows().stream().map(r -> r.display() + (r.best() ? " ★" : ""))
                                    .collect(Collectors.joining(" | ")))
                            .append(" |\n");
                }
            });
        }
    }

    private static void regressions(StringBuilder md, Report report) {
        if (report.gate() == null) {
            return;
        }
        Report.Gate gate = report.gate();
        md.append(Format.f("%n## Release gate: %s%n%nBaseline `%s`: a metric is flagged when it got worse by more "
                + "than %s and, for a metric of the downloads, %s.%n%n", gate.passed() ? "passed" : "FAILED",
                gate.baseline(), Format.percent(gate.threshold()), BaselineCheck.NOISE_RULE));
        for (Regression r : gate.regressions()) {
            md.append("- ").append(cell(r.description())).append('\n');
        }
        if (gate.passed()) {
            md.append("No metric got worse beyond the threshold and beyond noise.\n");
        }
        if (!gate.withinNoise().isEmpty()) {
            md.append("\nWorse beyond the threshold, but within noise (not failing):\n\n");
            for (Regression r : gate.withinNoise()) {
                md.append("- ").append(cell(r.description())).append('\n');
            }
        }
    }

    public static String score(Double score) {
        return score == null ? "–" : Format.f("%.1f", score);
    }

    /** Pipes and newlines would break a table row. */
    static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
