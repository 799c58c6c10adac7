package io.outagedrill.reports.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RecoveryRule;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloEvaluator;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.scenario.Slo;
import io.outagedrill.reports.render.HtmlPage;
import io.outagedrill.reports.render.Markdown;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's recovery figures and the timeToRecover verdict on the same page come from one rule over the same
 * downloads, so they cannot contradict each other.
 */
class RecoveryAgreesWithVerdictTest {
    private static final FaultWindow CUT = new FaultWindow("cut", "toxic.timeout", "cloudflare", null,
            Records.at(3), Records.at(6));
    private static final Slo START = new Slo.TimeToRecover("cut", Slo.Edge.START, Duration.ofSeconds(2));

    /** A download that began while the fault was on and never verified a chunk: it failed. */
    private static DownloadRecord startedIntoTheOutageAndStuck() {
        DownloadRecord base = Records.download("stuck", 4, 12, false, 0, List.of("cloudflare.test"), 1);
        return new DownloadRecord(base.id(), base.group(), base.client(), base.policy(), base.file(), base.size(),
                base.started(), base.ended(), base.elapsed(), 1, false, false, false, null, 1, 0, null, List.of(),
                Map.of(), null, List.of(), List.of(), "no mirror answered");
    }

    private static RunResult judged(List<DownloadRecord> downloads) {
        List<SloVerdict> verdicts = new SloEvaluator(downloads, List.of(CUT)).judge(List.of(START));
        return Records.run("cut-scenario", "reference", "adaptive", 1, downloads, verdicts, List.of(CUT));
    }

    private static Recovery atStart(GroupReport g) {
        return g.recoveries().stream().filter(r -> r.faultId().equals("cut") && r.edge().equals("start"))
                .findFirst().orElseThrow();
    }

    @Test
    void whenSomeDownloadsNeverRecoverTheReportSaysSoWhereTheSloFails() {
        // Chunks at 2, 4, 6, 8 s: back 1 s after the cut started. The other one never gets going.
        DownloadRecord recovers = Records.download("recovers", 0, 8, true, 0, List.of("fastly.test"), 4);
        RunResult run = judged(List.of(recovers, startedIntoTheOutageAndStuck()));
        SloVerdict verdict = run.verdicts().getFirst();

        Report report = ReportBuilder.build(List.of(run), Instant.EPOCH);
        GroupReport g = report.scenarios().getFirst().groups().getFirst();

        assertThat(verdict.passed()).as("the SLO fails for the stuck download").isFalse();
        assertThat(verdict.measured()).isEqualTo(RecoveryRule.SOME_NEVER);
        assertThat(atStart(g).judged()).as("the report judges the downloads the SLO judged")
                .isEqualTo(verdict.judged()).isEqualTo(2);
        assertThat(atStart(g).neverRecovered()).isEqualTo(1);
        assertThat(RecoveryTally.worstInWords(g.recoveries()))
                .as("the group's recovery figure, in the verdict's words").isEqualTo(verdict.measured());
        assertThat(g.metrics()).as("no worst time that leaves out the stuck download")
                .doesNotContainKey(Metric.WORST_RECOVERY.key);
        assertThat(Markdown.render(report)).as("the summary row's worst recovery")
                .contains("| " + RecoveryRule.SOME_NEVER + " |");
        assertThat(HtmlPage.render(report, List.of(run))).as("the page's summary cell")
                .contains("<td class=\"num\">" + RecoveryRule.SOME_NEVER + "</td>");
    }

    @Test
    void aComparisonSaysAPolicyNeverRecoveredRatherThanShowingNoFigure() {
        // Same scenario and seed, two policies: adaptive's stuck download never recovers, sequential's does.
        RunResult stuck = judged(List.of(Records.download("recovers", 0, 8, true, 0, List.of("fastly.test"), 4),
                startedIntoTheOutageAndStuck()));
        DownloadRecord back = Records.download("back", 0, 8, true, 0, List.of("fastly.test"), 4);
        RunResult recovered = Records.run("cut-scenario", "reference", "sequential", 1, List.of(back),
                new SloEvaluator(List.of(back), List.of(CUT)).judge(List.of(START)), List.of(CUT));

        Report report = ReportBuilder.build(List.of(stuck, recovered), Instant.EPOCH);
        Comparison worst = report.scenarios().getFirst().comparisons().stream()
                .filter(c -> c.metric().equals(Metric.WORST_RECOVERY.key)).findFirst().orElseThrow();

        assertThat(worst.rows()).extracting(Comparison.Row::label, Comparison.Row::display)
                .as("the comparison's worst recovery per policy: adaptive in its verdict's words, as its summary row, "
                        + "not \"–\" (what a client that reports nothing gets)")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reference / adaptive", RecoveryRule.SOME_NEVER),
                        org.assertj.core.groups.Tuple.tuple("reference / sequential", "1.00 s"));
        assertThat(worst.rows().getFirst().value()).as("still no number to rank or gate on").isNull();
        assertThat(Markdown.render(report)).as("the Markdown comparison row")
                .contains("| Worst time to recover | " + RecoveryRule.SOME_NEVER + " | 1.00 s ★ |");
        assertThat(HtmlPage.render(report, List.of(stuck, recovered))).as("the page's comparison table and bar chart")
                .contains("Worst time to recover <small class=\"note\">(lower is better)</small></td><td class=\"num\">"
                        + RecoveryRule.SOME_NEVER + "</td>")
                .contains(">" + RecoveryRule.SOME_NEVER + "</text>");
    }

    @Test
    void whenEveryDownloadRecoversTheReportsWorstIsTheVerdictsWorst() {
        // Chunks at 2, 4, 6, 8 s and at 3.5, 7 s: back after 1 s and 0.5 s.
        DownloadRecord a = Records.download("a", 0, 8, true, 0, List.of("fastly.test"), 4);
        DownloadRecord b = Records.download("b", 0, 7, true, 0, List.of("fastly.test"), 2);
        RunResult run = judged(List.of(a, b));
        SloVerdict verdict = run.verdicts().getFirst();

        GroupReport g = ReportBuilder.build(List.of(run), Instant.EPOCH).scenarios().getFirst().groups().getFirst();

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.measured()).isEqualTo("worst 1.00 s");
        assertThat(atStart(g).judged()).isEqualTo(verdict.judged());
        assertThat(atStart(g).worstMs()).isEqualTo(1000.0);
        assertThat(RecoveryTally.worstInWords(g.recoveries())).isEqualTo("1.00 s");
    }
}
