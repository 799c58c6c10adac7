package io.outagedrill.reports.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.JmhResults;
import io.outagedrill.reports.render.HtmlPage;
import io.outagedrill.reports.render.Markdown;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JMH timings sit beside the run records' percentiles of the same scenario × client × policy. */
class JmhInReportTest {

    static List<RunResult> runs() {
        RunResult parallel = Records.run("slow-primary", "reference", "parallel", 7, List.of(
                Records.simple("a", 1.0, true, 0), Records.simple("b", 2.0, true, 0), Records.simple("c", 3.0, true, 1),
                Records.simple("d", 4.0, false, 2)), List.of(Records.verdict("completeWithin", true)), List.of());
        RunResult aria = Records.run("slow-primary", "aria2c", "adaptive", 7, List.of(Records.simple("a", 5.0, true, 0)),
                List.of(Records.verdict("completeWithin", true)), List.of());
        RunResult other = Records.run("range-ignored", "reference", "parallel", 7, List.of(Records.simple("a", 1, true, 0)),
                List.of(), List.of());
        return List.of(parallel, aria, other);
    }

    static List<JmhTiming> timings() throws IOException {
        return JmhResults.read(Path.of("src/test/resources/jmh/scenario-bench.json"));
    }

    @Test
    void matchesByKeyAndADefaultPolicyToTheClientsOnlyGroup() throws IOException {
        Report report = ReportBuilder.build(runs(), timings(), Records.T0);
        ScenarioReport slow = report.scenarios().stream().filter(s -> s.name().equals("slow-primary")).findFirst()
                .orElseThrow();
        GroupReport parallel = slow.groups().stream().filter(g -> g.client().equals("reference")).findFirst()
                .orElseThrow();
        // Run records: nearest rank over 1, 2, 3 s (the failed download is not a completion time).
        assertThat(parallel.completion().p50Ms()).isEqualTo(2000.0);
        assertThat(parallel.completion().p99Ms()).isEqualTo(3000.0);
        // JMH: its own numbers, from its JSON, untouched.
        assertThat(parallel.jmh().completion().p50Ms()).isEqualTo(1450.0);
        assertThat(parallel.jmh().completion().p999Ms()).isEqualTo(1999.0);
        GroupReport aria = slow.groups().stream().filter(g -> g.client().equals("aria2c")).findFirst().orElseThrow();
        assertThat(aria.jmh()).isNotNull();
        assertThat(aria.jmh().policy()).isEqualTo("default");
        assertThat(report.jmhUnmatched()).isEmpty();
        assertThat(report.hasJmh()).isTrue();
        assertThat(report.definitions()).containsKey("jmh");
        assertThat(parallel.jmh().source()).endsWith("scenario-bench.json");
        assertThat(report.sources()).noneMatch(s -> s.endsWith("scenario-bench.json")); // sources = run records
        // A scenario no benchmark ran has no JMH timing.
        assertThat(report.scenarios().stream().filter(s -> s.name().equals("range-ignored")).findFirst().orElseThrow()
                .groups().getFirst().jmh()).isNull();
    }

    /**
     * {@code drill bench --policies sequential,default}: the reference client's "default" run is labelled by the
     * policy it ran (reference · adaptive), and its benchmark goes to the one group of the client that no other
     * benchmark names, as aria2c's "default" goes to its only group.
     */
    @Test
    void aReferenceDefaultBenchmarkGoesToTheGroupNoOtherBenchmarkNames() {
        RunResult sequential = Records.run("slow-primary", "reference", "sequential", 7,
                List.of(Records.simple("a", 1.0, true, 0)), List.of(), List.of());
        RunResult adaptive = Records.run("slow-primary", "reference", "adaptive", 7,
                List.of(Records.simple("a", 2.0, true, 0)), List.of(), List.of());
        JmhTiming bySequential = new JmhTiming("slow-primary", "reference", "sequential", 1, 1.0, null, 1L, 0L, null,
                "bench.json");
        JmhTiming byDefault = new JmhTiming("slow-primary", "reference", "default", 1, 2.0, null, 1L, 0L, null,
                "bench.json");

        Report report = ReportBuilder.build(List.of(sequential, adaptive), List.of(byDefault, bySequential),
                Records.T0);

        assertThat(report.scenarios().getFirst().groups())
                .extracting(GroupReport::policy, g -> g.jmh() == null ? null : g.jmh().policy())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("sequential", "sequential"),
                        org.assertj.core.groups.Tuple.tuple("adaptive", "default"));
        assertThat(report.jmhUnmatched()).isEmpty();
    }

    /** JMH's scenario run is compared across the groups of one seed, like the run records' metrics. */
    @Test
    void theScenarioRunIsComparedAcrossTheGroupsBenchmarkedOnOneSeed() throws IOException {
        Report report = ReportBuilder.build(runs(), timings(), Records.T0);
        ScenarioReport slow = report.scenarios().stream().filter(s -> s.name().equals("slow-primary")).findFirst()
                .orElseThrow();

        Comparison run = slow.comparisons().stream().filter(c -> c.metric().equals("jmhRun")).findFirst()
                .orElseThrow(() -> new AssertionError("no jmhRun comparison among " + slow.comparisons()));
        assertThat(run.seed()).isEqualTo(7);
        assertThat(run.label()).isEqualTo("Scenario run (JMH mean)");
        assertThat(run.rows()).extracting(Comparison.Row::label, Comparison.Row::value, Comparison.Row::best)
                .as("in the groups' order: runs that started together go by client")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aria2c / adaptive", 4000.0, false),
                        org.assertj.core.groups.Tuple.tuple("reference / parallel", 2500.0, true));
        assertThat(Markdown.render(report)).contains("Scenario run (JMH mean)");
        assertThat(ReportBuilder.build(runs(), Records.T0).scenarios().stream()
                .flatMap(s -> s.comparisons().stream())).as("without JMH").noneMatch(c -> c.metric().equals("jmhRun"));
    }

    @Test
    void aBenchmarkWithoutRunRecordsIsListedApart() throws IOException {
        Report report = ReportBuilder.build(List.of(runs().get(2)), timings(), Records.T0);
        assertThat(report.jmhUnmatched()).extracting(JmhTiming::key).containsExactly(
                "slow-primary · reference · parallel", "slow-primary · aria2c · default");
        assertThat(Markdown.render(report)).contains("reference / parallel (no run records)");
        assertThat(HtmlPage.render(report, List.of(runs().get(2)))).contains("JMH results without run records");
    }

    @Test
    void withoutJmhNothingChanges() {
        Report report = ReportBuilder.build(runs(), Records.T0);
        assertThat(report.hasJmh()).isFalse();
        assertThat(report.definitions()).doesNotContainKey("jmh");
        assertThat(Markdown.render(report)).doesNotContain("JMH");
        assertThat(HtmlPage.render(report, runs())).doesNotContain("Completion time per download: run records and JMH");
    }

    @Test
    void theMarkdownAndTheHtmlShowBothSourcesSideBySide() throws IOException {
        Report report = ReportBuilder.build(runs(), timings(), Records.T0);
        String md = Markdown.render(report);
        assertThat(md).contains("## Completion time per download: run records and JMH");
        assertThat(md).contains("| slow-primary | reference / parallel | run records | 3 of 4 downloads, 1 run(s) "
                + "| 2.00 s | 3.00 s | 3.00 s | 3.00 s | – |");
        assertThat(md).contains("| slow-primary | reference / parallel | JMH | 4 of 4 downloads, 2 measured run(s) "
                + "| 1.45 s | 1.90 s | 1.99 s | 2.00 s | 2.50 s ± 250 ms |");
        assertThat(md).contains("| slow-primary | aria2c / adaptive | JMH | 0 of 3 downloads, 3 measured run(s) | – | – "
                + "| – | – | 4.00 s |");
        String html = HtmlPage.render(report, runs());
        assertThat(html).contains("Completion time per download: run records and JMH")
                .contains("<td>JMH</td>").contains("2.50 s ± 250 ms").contains("1.45 s")
                .contains("2 JMH scenario benchmark(s)");
    }
}
