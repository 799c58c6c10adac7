package io.outagedrill.reports.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.sut.Capability;
import io.outagedrill.reports.render.HtmlPage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A client's silence is named from what it declares it reports, never guessed from its name. */
class NotReportedTest {

    private static DownloadRecord quiet(String id, Set<Capability> reports) {
        return new DownloadRecord(id, "g", "my-tool", "default", "f.bin", 10, Records.T0,
                Records.T0.plusSeconds(2), Duration.ofSeconds(2), 0, true, false, false, null, 1, 0, null, List.of(),
                Map.of(), null, List.of(), List.of(), "", List.of(), List.of(), reports);
    }

    @Test
    void whatNoDownloadOfTheGroupReportsIsNamedOnThePage() {
        RunResult run = Records.run("s", "my-tool", "default", 1, List.of(quiet("a", Set.of()),
                quiet("b", Set.of(Capability.MIRROR_FAILURES))), List.of(), List.of());

        Report report = ReportBuilder.build(List.of(run), Instant.EPOCH);

        GroupReport g = report.scenarios().getFirst().groups().getFirst();
        assertThat(g.notReported()).containsExactly("per-chunk progress", "verified bytes over time",
                "time to first byte", "mirror switches", "wasted bytes", "manifest refusals");
        assertThat(HtmlPage.render(report, List.of(run)))
                .contains("my-tool reports no per-chunk progress, no verified bytes over time");
    }

    @Test
    void failoversOfAClientThatReportsNoneAreEmptyAndNeverTheBest() {
        RunResult silent = Records.run("s", "aria2c", "default", 1, List.of(quiet("a", Set.of()),
                quiet("b", Set.of())), List.of(), List.of());
        RunResult reference = Records.run("s", "reference", "adaptive", 1, List.of(
                Records.simple("c", 2, true, 2), Records.simple("d", 2, true, 1)), List.of(), List.of());

        ScenarioReport s = ReportBuilder.build(List.of(silent, reference), Instant.EPOCH).scenarios().getFirst();

        GroupReport aria2c = s.groups().stream().filter(g -> g.client().equals("aria2c")).findFirst().orElseThrow();
        assertThat(aria2c.failoversMean()).as("aria2c's failovers, which it never reports").isNull();
        assertThat(aria2c.failoversMax()).as("aria2c's most failovers, which it never reports").isNull();
        Comparison mean = s.comparisons().stream().filter(c -> c.metric().equals(Metric.FAILOVERS_MEAN.key))
                .findFirst().orElseThrow();
        assertThat(mean.rows()).as("failovers per download compared")
                .extracting(Comparison.Row::label, Comparison.Row::display, Comparison.Row::best)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aria2c / default", "–", false),
                        org.assertj.core.groups.Tuple.tuple("reference / adaptive", "1.50", true));
    }

    @Test
    void aClientThatReportsEverythingHasNoNote() {
        RunResult run = Records.run("s", "reference", "adaptive", 1,
                List.of(quiet("a", Capability.referenceEvents())), List.of(), List.of());

        GroupReport g = ReportBuilder.build(List.of(run), Instant.EPOCH).scenarios().getFirst().groups().getFirst();

        assertThat(g.notReported()).isEmpty();
    }
}
