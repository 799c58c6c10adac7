package io.outagedrill.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.Reports;
import io.outagedrill.reports.SampleRuns;
import io.outagedrill.reports.model.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class OutputsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);
    final List<RunResult> runs = SampleRuns.twoPolicies();

    @Test
    void writesEveryFormatAndTheJsonReadsBack(@TempDir Path out) throws Exception {
        Reports.Written w = Reports.write(runs, out, null, CLOCK);
        assertThat(w.html()).isEqualTo(out.resolve("index.html")).isNotEmptyFile();
        Report back = ReportJson.read(w.json());
        assertThat(back).isEqualTo(w.report());
        assertThat(Files.readString(w.markdown())).contains("| blackhole | reference / sequential | ❌ 2/3 |")
                .contains("## Failed SLOs").contains("## Comparison: blackhole, seed 42").contains(" ★");
    }

    @Test
    void junitHasOneCasePerSloAndFailuresSayExpectedAndMeasured(@TempDir Path out) throws Exception {
        Reports.Written w = Reports.write(runs, out, null, CLOCK);
        Document doc = Xml.parse(Files.readString(w.junit()));
        List<Element> suites = Xml.all(doc, "testsuite");
        assertThat(suites).extracting(s -> s.getAttribute("name")).containsExactly(
                "blackhole · reference · parallel", "blackhole · reference · sequential");
        assertThat(Xml.all(doc, "testcase")).hasSize(6);
        List<Element> failures = Xml.all(doc, "failure");
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.getAttribute("message")).isEqualTo("expected at least 80%, measured x");
            assertThat(f.getTextContent()).contains("worst: c-3 took 20.8 s");
            assertThat(((Element) f.getParentNode()).getAttribute("name")).isEqualTo("completeWithin 80% in 15 s");
        });
        assertThat(suites.get(1).getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void aBaselineAddsTheReleaseGateEverywhere(@TempDir Path out) throws Exception {
        Reports.Written first = Reports.write(runs.subList(0, 1), out.resolve("before"), null, CLOCK);
        // The same group now sees the sequential numbers: slower and an SLO broken.
        RunResult worse = SampleRuns.twoPolicies().get(1);
        RunResult renamed = new RunResult(worse.scenario(), worse.description(), worse.client(), "parallel",
                worse.seed(), worse.compress(), worse.started(), worse.elapsed(), worse.faults(), worse.notes(),
                worse.downloads(), worse.verdicts(), null);
        Reports.Written w = Reports.write(List.of(renamed), out.resolve("after"),
                Reports.Baseline.read(first.json(), 0.10), CLOCK);
        assertThat(w.report().gate().passed()).isFalse();
        assertThat(w.report().gate().regressions()).extracting(r -> r.metric()).contains("p50", "slo", "score");
        assertThat(Files.readString(w.markdown())).contains("## Release gate: FAILED");
        assertThat(Files.readString(w.html())).contains("Release gate: <span class=\"fail\">FAILED</span>");
        Document junit = Xml.parse(Files.readString(w.junit()));
        assertThat(Xml.all(junit, "testsuite").getLast().getAttribute("name")).startsWith("release gate");
    }

    /** One download of eight crossing the median moves p50 beyond 10%, not beyond noise: shown, not failing. */
    @Test
    void aChangeWithinNoiseIsShownEverywhereAndPassesTheGate(@TempDir Path out) throws Exception {
        Reports.Written before = Reports.write(List.of(group(10, 10, 10, 10, 12, 12, 12, 12)), out.resolve("before"),
                null, CLOCK);

        Reports.Written w = Reports.write(List.of(group(10, 10, 10, 12, 12, 12, 12, 12)), out.resolve("after"),
                Reports.Baseline.read(before.json(), 0.10), CLOCK);

        assertThat(w.report().gate().passed()).as("gate passed; within noise: %s", w.report().gate().withinNoise())
                .isTrue();
        String p50 = "Completion time p50 got worse by 20% (10.0 s → 12.0 s), within noise";
        assertThat(Files.readString(w.markdown())).contains("## Release gate: passed")
                .contains("Worse beyond the threshold, but within noise (not failing):").contains(p50);
        assertThat(Files.readString(w.html())).contains("<ul class=\"within-noise\">").contains(p50);
        assertThat(ReportJson.read(w.json()).gate().withinNoise()).hasSize(1);
        Document junit = Xml.parse(Files.readString(w.junit()));
        assertThat(Xml.all(junit, "failure")).as("JUnit failures").isEmpty();
    }

    /**
     * Every SLO held but the gate failed (twice as slow as the baseline, beyond noise): the HTML's headline says both,
     * as the Markdown's does, so a reader of the first line does not take "all held" for a pass.
     */
    @Test
    void aFailedGateIsInTheHeadlineBesideSlosThatAllHeld(@TempDir Path out) throws Exception {
        Reports.Written before = Reports.write(List.of(group(10, 10, 10, 10, 10, 10, 10, 10)), out.resolve("before"),
                null, CLOCK);

        Reports.Written w = Reports.write(List.of(group(20, 20, 20, 20, 20, 20, 20, 20)), out.resolve("after"),
                Reports.Baseline.read(before.json(), 0.10), CLOCK);

        assertThat(w.report().sloPassed()).as("every SLO held").isTrue();
        assertThat(w.report().gate().passed()).as("the gate; regressions: %s", w.report().gate().regressions())
                .isFalse();
        String headline = Files.readString(w.html()).lines().dropWhile(l -> !l.contains("id=\"overall-score\""))
                .limit(4).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(headline).as("the HTML report's headline").contains("<span class=\"pass\">all held</span>")
                .contains("<a href=\"#gate\">release gate</a>: <span class=\"fail\">FAILED</span>");
        assertThat(Files.readString(w.markdown()).lines().filter(l -> l.startsWith("**Resilience score")))
                .as("the Markdown report's headline").singleElement().asString()
                .contains("SLOs: all held · release gate: FAILED");
    }

    /** One group's downloads, taking the given seconds. */
    private static RunResult group(double... seconds) {
        List<io.outagedrill.harness.run.DownloadRecord> ds = new java.util.ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            ds.add(io.outagedrill.reports.model.Records.simple("d" + i, seconds[i], true, 0));
        }
        return io.outagedrill.reports.model.Records.run("s", "reference", "adaptive", 1, ds, List.of(), List.of());
    }

    /** Eight downloads of one group, 10.0 to 10.6 s, and one more taking {@code lastSeconds}. */
    private static RunResult eight(double lastSeconds) {
        List<io.outagedrill.harness.run.DownloadRecord> ds = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ds.add(io.outagedrill.reports.model.Records.simple("d" + i, 10 + i / 10.0, true, 0));
        }
        ds.add(io.outagedrill.reports.model.Records.simple("d7", lastSeconds, true, 0));
        return io.outagedrill.reports.model.Records.run("s", "reference", "adaptive", 1, ds, List.of(), List.of());
    }

    /** A step a world could not act out passes no SLO by itself: every output says it was not played. */
    @Test
    void whatTheRunsNotedIsInEveryOutput(@TempDir Path out) throws Exception {
        RunResult plain = eight(10.7);
        String note = "not applied: fastly-gzips (http.gzip): real servers take HTTP faults through a Varnish edge";
        RunResult noted = new RunResult(plain.scenario(), plain.description(), plain.client(), plain.policy(),
                plain.seed(), plain.compress(), plain.started(), plain.elapsed(), plain.faults(), List.of(note),
                plain.downloads(), plain.verdicts(), null);

        Reports.Written w = Reports.write(List.of(noted), out, null, CLOCK);

        assertThat(Files.readString(w.markdown())).contains("## Notes from the runs")
                .contains("- **s · reference · adaptive**: " + note);
        assertThat(Files.readString(w.html())).contains("<ul class=\"run-notes\"><li>" + note + "</li></ul>");
        assertThat(Files.readString(w.junit())).contains("<system-out>notes from the runs:\n" + note + "</system-out>");
        assertThat(ReportJson.read(w.json()).scenarios().getFirst().groups().getFirst().notes()).containsExactly(note);
    }

    /** A note carrying a terminal's colour codes (ESC) still gives JUnit XML that a CI server can parse. */
    @Test
    void controlCharactersInANoteLeaveTheJunitXmlWellFormed(@TempDir Path out) throws Exception {
        RunResult plain = eight(10.7);
        String note = "a client could not run: \u001b[31mcurl: (7) refused\u001b[0m";
        RunResult noted = new RunResult(plain.scenario(), plain.description(), plain.client(), plain.policy(),
                plain.seed(), plain.compress(), plain.started(), plain.elapsed(), plain.faults(), List.of(note),
                plain.downloads(), plain.verdicts(), null);

        Reports.Written w = Reports.write(List.of(noted), out, null, CLOCK);

        Document junit = Xml.parse(Files.readString(w.junit()));
        assertThat(Xml.all(junit, "system-out")).singleElement().extracting(Element::getTextContent)
                .isEqualTo("notes from the runs:\na client could not run: [31mcurl: (7) refused[0m");
    }
}
