package io.outagedrill.reports.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.reports.render.HtmlPage;
import io.outagedrill.reports.svg.ChunkTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report pools the rounds of a {@code drill compare --repeat} as its terminal table does: a round whose client
 * could not run (a program that would not start) is left out of the group's figures and named in its notes, so that
 * the page and the table say the same of a policy.
 */
class RoundsThatRanTest {
    private static final String WHY = ScenarioRunner.COULD_NOT_RUN + "Cannot run program \"my-tool\"";

    @Test
    void aRoundWhoseClientCouldNotRunIsLeftOutOfItsGroupAndNoted() {
        RunResult ran = Records.run("s", "my-tool", "default", 1, List.of(Records.simple("a", 2, true, 0)),
                List.of(Records.verdict("completeWithin", true)), List.of());
        RunResult couldNotRun = new RunResult("s", "desc", "my-tool", "default", 1, 1.0, Records.T0.plusSeconds(60),
                Duration.ofSeconds(1), List.of(), List.of(WHY), List.of(Records.simple("b", 0, false, 0)),
                List.of(Records.verdict("completeWithin", false),
                        new SloVerdict(ScenarioRunner.EVERY_CLIENT_RAN, "e", "m", false, 1, "")), null);

        GroupReport group = ReportBuilder.build(List.of(ran, couldNotRun), Instant.EPOCH).scenarios().getFirst()
                .groups().getFirst();

        assertThat(group.runs()).as("runs pooled").isEqualTo(1);
        assertThat(group.downloads()).as("downloads pooled").isEqualTo(1);
        assertThat(group.succeeded()).as("downloads that succeeded").isEqualTo(1);
        assertThat(group.passed()).as("the group's SLOs, met in the round that ran: %s", group.verdicts()).isTrue();
        assertThat(group.notes()).as("the group's notes").anySatisfy(note -> assertThat(note)
                .startsWith("1 of 2 runs left out of these figures, their client not having run (")
                .contains("Cannot run program \"my-tool\""));
        String page = HtmlPage.render(ReportBuilder.build(List.of(ran, couldNotRun), Instant.EPOCH),
                List.of(ran, couldNotRun));
        assertThat(page).as("the page").contains("1 of 2 runs left out of these figures");
        assertThat(ChunkTimeline.draw(ran)).as("the two runs' chunk timelines differ")
                .isNotEqualTo(ChunkTimeline.draw(couldNotRun));
        assertThat(page).as("the page's chunk timeline: the run that ran, though not the newest")
                .contains(ChunkTimeline.draw(ran)).doesNotContain(ChunkTimeline.draw(couldNotRun));
    }

    @Test
    void withNoRoundThatRanEveryRoundStaysWithItsReason() {
        RunResult couldNotRun = new RunResult("s", "desc", "my-tool", "default", 1, 1.0, Records.T0,
                Duration.ofSeconds(1), List.of(), List.of(WHY), List.of(Records.simple("b", 0, false, 0)),
                List.of(new SloVerdict(ScenarioRunner.EVERY_CLIENT_RAN, "e", "m", false, 1, "")), null);

        GroupReport group = ReportBuilder.build(List.of(couldNotRun), Instant.EPOCH).scenarios().getFirst().groups()
                .getFirst();

        assertThat(group.runs()).as("runs pooled").isEqualTo(1);
        assertThat(group.passed()).as("the group's SLOs").isFalse();
        assertThat(group.notes()).as("the group's notes").containsExactly(WHY);
    }
}
