package io.outagedrill.reports.render;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.reports.model.BaselineCheck;
import io.outagedrill.reports.model.Comparison;
import io.outagedrill.reports.model.Format;
import io.outagedrill.reports.model.GroupReport;
import io.outagedrill.reports.model.Metric;
import io.outagedrill.reports.model.MirrorStats;
import io.outagedrill.reports.model.Recovery;
import io.outagedrill.reports.model.RecoveryTally;
import io.outagedrill.reports.model.Regression;
import io.outagedrill.reports.model.Report;
import io.outagedrill.reports.model.ScenarioReport;
import io.outagedrill.reports.svg.BarChart;
import io.outagedrill.reports.svg.CdfChart;
import io.outagedrill.reports.svg.ChunkTimeline;
import io.outagedrill.reports.svg.ThroughputChart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a report (and the runs behind it, for the time charts) into the plain maps and lists the logic-less
 * Mustache template shows. Every number is formatted here so the template only places text and SVG.
 */
final class HtmlView {
    private HtmlView() {
    }

    static Map<String, Object> of(Report report, List<RunResult> runs, String allDrillsHref) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (allDrillsHref != null) {
            v.put("allDrillsHref", allDrillsHref);
        }
        v.put("generatedAt", report.generatedAt().toString());
        v.put("score", Markdown.score(report.overallScore()));
        v.put("scoreClass", scoreClass(report.overallScore()));
        v.put("sloPassed", report.sloPassed());
        v.put("sources", report.sources().size());
        long benchmarks = report.jmhUnmatched().size() + report.scenarios().stream().flatMap(s -> s.groups().stream())
                .filter(g -> g.jmh() != null).count();
        v.put("hasJmhBenchmarks", benchmarks > 0);
        v.put("jmhBenchmarks", benchmarks);
        v.put("definitions", report.definitions().entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "text", e.getValue())).toList());
        v.put("scoreDefinition", report.definitions().get("score"));
        if (report.gate() != null) {
            Report.Gate gate = report.gate();
            v.put("gate", Map.of("baseline", gate.baseline(), "threshold", Format.percent(gate.threshold()),
                    "noiseRule", BaselineCheck.NOISE_RULE,
                    "passed", gate.passed(), "hasRegressions", !gate.regressions().isEmpty(),
                    "regressions", texts(gate.regressions()), "hasWithinNoise", !gate.withinNoise().isEmpty(),
                    "withinNoise", texts(gate.withinNoise())));
        }
        v.put("scenarios", report.scenarios().stream().map(s -> scenario(s, runs)).toList());
        v.put("hasJmhUnmatched", !report.jmhUnmatched().isEmpty());
        v.put("jmhUnmatched", report.jmhUnmatched().stream()
                .map(t -> jmhRow(JmhRows.jmh(t.scenario() + " · " + t.client() + " / " + t.policy(), t))).toList());
        return v;
    }

    static String scoreClass(Double score) {
        return score == null ? "none" : score >= 99.999 ? "good" : score >= 75 ? "warn" : "bad";
    }

    private static List<Map<String, String>> texts(List<Regression> regressions) {
        return regressions.stream().map(r -> Map.of("text", r.description())).toList();
    }

    private static Map<String, Object> scenario(ScenarioReport s, List<RunResult> runs) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", s.name());
        v.put("anchor", "s-" + s.name().replaceAll("[^A-Za-z0-9-]", "-"));
        v.put("description", s.description());
        v.put("score", Markdown.score(s.score()));
        v.put("scoreClass", scoreClass(s.score()));
        v.put("summary", s.groups().stream().map(HtmlView::summaryRow).toList());
        v.put("hasJmh", JmhRows.any(s));
        v.put("jmhRows", JmhRows.of(s).stream().map(HtmlView::jmhRow).toList());
        List<RunResult> ofScenario = runs.stream().filter(r -> r.scenario().equals(s.name())).toList();
        v.put("groups", s.groups().stream().map(g -> group(g, ofScenario)).toList());
        Map<String, List<DownloadRecord>> cdf = new LinkedHashMap<>();
        for (GroupReport g : s.groups()) {
            cdf.put(g.label(), ofScenario.stream().filter(r -> same(r, g)).flatMap(r -> r.downloads().stream())
                    .toList());
        }
        Double slo = s.groups().stream().map(GroupReport::sloWithinMs).filter(Objects::nonNull).findFirst()
                .orElse(null);
        v.put("cdfSvg", CdfChart.draw(s.name(), cdf, slo));
        String bars = recoveryBars(s);
        v.put("recoverySvg", bars);
        v.put("hasRecoverySvg", !bars.isEmpty());
        v.put("comparisons", comparisons(s));
        return v;
    }

    private static Map<String, Object> jmhRow(JmhRows.Row r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("label", r.label());
        v.put("source", r.source());
        v.put("jmh", r.source().equals("JMH"));
        v.put("samples", r.samples());
        v.put("p50", r.p50());
        v.put("p90", r.p90());
        v.put("p99", r.p99());
        v.put("p999", r.p999());
        v.put("run", r.scenarioRun());
        return v;
    }

    private static Map<String, Object> summaryRow(GroupReport g) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", g.label());
        r.put("passed", g.passed());
        r.put("met", g.verdicts().stream().filter(SloVerdict::passed).count() + "/" + g.verdicts().size());
        r.put("score", Markdown.score(g.score()));
        r.put("downloads", g.succeeded() + "/" + g.downloads());
        r.put("p50", Format.millis(g.completion().p50Ms()));
        r.put("p90", Format.millis(g.completion().p90Ms()));
        r.put("p99", Format.millis(g.completion().p99Ms()));
        r.put("p999", Format.millis(g.completion().p999Ms()));
        r.put("within", g.sloWithinMs() == null ? "no completion SLO"
                : Metric.SHARE_WITHIN_SLO.format(g.shareWithinSlo()) + " in " + Format.millis(g.sloWithinMs()));
        r.put("budget", g.errorBudget() == null ? "–" : g.errorBudget().describe());
        r.put("budgetBad", g.errorBudget() != null && g.errorBudget().exhausted());
        r.put("failovers", Format.number(g.failoversMean()) + " / "
                + (g.failoversMax() == null ? "–" : g.failoversMax()));
        r.put("ttfb", Format.millis(g.ttfbP50Ms()));
        r.put("recovery", RecoveryTally.worstInWords(g.recoveries()));
        // A downloader tells its waste with its report of a completed download: with none completed, "not
        // reported" read as a client that never reports it (as the SLO's verdict says: none completed).
        r.put("wasted", g.bytesWasted() == null ? (g.succeeded() == 0 && g.downloads() > 0 ? "none completed"
                : "not reported") : Format.bytes(g.bytesWasted().doubleValue())
                + Format.f(" (%.1f%% of a file, mean)", g.wastedPercentMean()));
        r.put("corrupt", Markdown.corrupt(g));
        return r;
    }

    private static Map<String, Object> group(GroupReport g, List<RunResult> runs) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("label", g.label());
        v.put("seeds", g.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        v.put("runs", g.runs());
        v.put("verdicts", g.verdicts().stream().map(x -> Map.of("slo", x.slo(), "expected", x.expected(),
                "measured", x.measured(), "passed", x.passed(), "judged", x.judged(),
                "detail", x.detail() == null ? "" : x.detail())).toList());
        v.put("notReported", g.notReported().isEmpty() ? "" : g.client() + " reports no "
                + String.join(", no ", g.notReported())
                + ": the figures and charts built on them are empty, not zero.");
        v.put("hasNotes", !g.notes().isEmpty());
        v.put("notes", g.notes());
        v.put("mirrors", g.mirrors().stream().map(HtmlView::mirror).toList());
        v.put("hasMirrors", !g.mirrors().isEmpty());
        v.put("hasRecoveries", !g.recoveries().isEmpty());
        v.put("recoveries", g.recoveries().stream().map(HtmlView::recovery).toList());
        // Of the runs the group's figures pool: a newest round whose client could not run has nothing to chart.
        List<RunResult> ofGroup = runs.stream().filter(r -> same(r, g)).toList();
        RunResult newest = ofGroup.isEmpty() ? null : RunResult.roundsThatRan(ofGroup).stream()
                .max(Comparator.comparing(RunResult::started)).orElse(null);
        if (newest != null) {
            v.put("chartsFrom", g.runs() > 1 ? "Charts show the newest run (seed " + newest.seed() + ", "
                    + newest.started() + ")." : "");
            v.put("throughputSvg", ThroughputChart.draw(newest));
            // Colours by the scenario's mirrors: a mirror blue in one group's chart was orange in the next.
            v.put("timelineSvg", ChunkTimeline.draw(newest, ChunkTimeline.mirrors(runs.stream()
                    .filter(r -> r.scenario().equals(g.scenario())).flatMap(r -> r.downloads().stream()).toList())));
        }
        return v;
    }

    private static Map<String, Object> mirror(MirrorStats m) {
        return Map.of("mirror", m.mirror(), "served", m.chunksServed(),
                "bytes", Format.bytes((double) m.bytesServed()), "rejected", m.chunksRejected(),
                "switchedAway", m.switchedAway(),
                "success", m.successRate() == null ? "–" : Format.percent(m.successRate()),
                "rate", Format.rate(m.deliveredRate()), "ttfb", Format.millis(m.ttfbP50Ms()),
                "throughput", Format.rate(m.throughput()));
    }

    private static Map<String, Object> recovery(Recovery r) {
        return Map.of("fault", r.faultId(), "edge", r.edge(), "judged", r.judged(),
                "never", r.neverRecovered(), "mean", Format.millis(r.meanMs()), "worst", Format.millis(r.worstMs()));
    }

    private static boolean same(RunResult r, GroupReport g) {
        return r.client().equals(g.client()) && r.policy().equals(g.policy());
    }

    private static String recoveryBars(ScenarioReport s) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (GroupReport g : s.groups()) {
            for (Recovery r : g.recoveries()) {
                String label = g.label() + " · " + r.faultId() + " " + r.edge();
                String display = r.judged() == 0 ? "no download in flight"
                        : r.worstMs() == null ? "never recovered" : "worst " + Format.millis(r.worstMs())
                        + (r.neverRecovered() > 0 ? ", " + r.neverRecovered() + " never" : "");
                bars.add(new BarChart.Bar(label, r.worstMs(), display, false, label));
            }
        }
        if (bars.isEmpty()) {
            return "";
        }
        return BarChart.draw("recovery", "Worst time to recover after each fault edge, " + s.name(),
                "worst wait for the next verified chunk", bars);
    }

    private static List<Map<String, Object>> comparisons(ScenarioReport s) {
        Map<Long, List<Comparison>> bySeed = s.comparisons().stream().collect(Collectors.groupingBy(Comparison::seed,
                TreeMap::new, Collectors.toList()));
        List<Map<String, Object>> out = new ArrayList<>();
        bySeed.forEach((seed, cs) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("seed", seed);
            v.put("headers", cs.getFirst().rows().stream().map(Comparison.Row::label).toList());
            v.put("rows", cs.stream().map(c -> Map.of("metric", c.label(), "direction",
                    c.higherIsBetter() ? "higher is better" : "lower is better",
                    "cells", c.rows().stream().map(r -> Map.of("display", r.display(), "best", r.best())).toList()))
                    .toList());
            v.put("charts", cs.stream().map(c -> Map.of("metric", c.label(), "svg", BarChart.draw(
                    "compare-" + c.metric(), c.label() + " by client and policy, seed " + seed,
                    c.label() + (c.higherIsBetter() ? " (higher is better)" : " (lower is better)"),
                    c.rows().stream().map(r -> new BarChart.Bar(r.label(), r.value(), r.display(), r.best(),
                            r.label())).toList()))).toList());
            out.add(v);
        });
        return out;
    }
}
