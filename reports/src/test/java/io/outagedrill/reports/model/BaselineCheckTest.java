package io.outagedrill.reports.model;

import static io.outagedrill.reports.model.Records.simple;
import static io.outagedrill.reports.model.Records.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineCheckTest {

    static Report report(double seconds, int failovers, boolean sloHeld) {
        List<DownloadRecord> ds = List.of(simple("d1", seconds, true, failovers), simple("d2", seconds, true, 0));
        RunResult run = Records.run("s", "reference", "adaptive", 1, ds,
                List.of(verdict("completeWithin 100% in 30 s", sloHeld)), List.of());
        return ReportBuilder.build(List.of(run), Records.T0);
    }

    @Test
    void flagsOnlyWhatGotWorseBeyondTheThreshold() {
        Report before = report(10, 0, true);
        // 10 s → 10.5 s is 5%: below a 10% threshold; → 12 s is 20%: flagged
        assertThat(BaselineCheck.compare(before, report(10.5, 0, true), 0.10)).isEmpty();
        List<Regression> r = BaselineCheck.compare(before, report(12, 0, true), 0.10);
        assertThat(r).extracting(Regression::metric).containsExactlyInAnyOrder("p50", "p90", "p99", "p99.9");
        assertThat(r.getFirst().change()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.getFirst().description()).contains("got worse by 20%").contains("10.0 s → 12.0 s");
    }

    @Test
    void betterIsNeverARegressionAndZeroToSomethingAlwaysIs() {
        Report before = report(10, 0, true);
        assertThat(BaselineCheck.compare(before, report(5, 0, true), 0.0)).isEmpty();
        List<Regression> r = BaselineCheck.compare(before, report(10, 2, true), 10.0);
        assertThat(r).extracting(Regression::metric).containsExactlyInAnyOrder("failoversMean", "failoversMax");
        assertThat(r).allSatisfy(x -> assertThat(x.change()).isNull());
    }

    @Test
    void anSloThatHeldAndNowFailsIsFlagged() {
        List<Regression> r = BaselineCheck.compare(report(10, 0, true), report(10, 0, false), 0.5);
        assertThat(r).extracting(Regression::metric).contains("slo", "score");
        assertThat(r).filteredOn(x -> x.metric().equals("slo")).singleElement()
                .extracting(Regression::label).isEqualTo("completeWithin 100% in 30 s");
    }

    @Test
    void comparisonMarksTheBestPerMetricForTheSameSeed() {
        RunResult fast = Records.run("s", "reference", "parallel", 7, List.of(simple("a", 5, true, 0)), List.of(),
                List.of());
        RunResult slow = Records.run("s", "curl", "seed-loop", 7, List.of(simple("b", 9, true, 2)), List.of(),
                List.of());
        RunResult otherSeed = Records.run("s", "aria2c", "default", 8, List.of(simple("c", 1, true, 0)), List.of(),
                List.of());
        ScenarioReport s = ReportBuilder.build(List.of(fast, slow, otherSeed), Records.T0).scenarios().getFirst();
        assertThat(s.groups()).hasSize(3);
        Comparison p50 = s.comparisons().stream().filter(c -> c.metric().equals("p50")).findFirst().orElseThrow();
        assertThat(p50.seed()).isEqualTo(7);
        assertThat(p50.rows()).extracting(Comparison.Row::label, Comparison.Row::best)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("curl / seed-loop", false),
                        org.assertj.core.groups.Tuple.tuple("reference / parallel", true));
    }
}
