package io.outagedrill.reports.model;

import static io.outagedrill.reports.model.Records.simple;
import static io.outagedrill.reports.model.Records.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloEvaluator;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.scenario.Slo;
import io.outagedrill.reports.SampleRuns;
import io.outagedrill.reports.render.Markdown;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void nearestRankPercentilesOfTenValues() {
        // 1..10 s: p50 rank ceil(5)=5 → 5; p90 rank 9 → 9; p99 rank ceil(9.9)=10 → 10; p99.9 rank 10 → 10
        Percentiles p = Percentiles.of(IntStream.rangeClosed(1, 10).mapToObj(i -> i * 1000.0).toList().reversed());
        assertThat(p.count()).isEqualTo(10);
        assertThat(p.p50Ms()).isEqualTo(5000.0);
        assertThat(p.p90Ms()).isEqualTo(9000.0);
        assertThat(p.p99Ms()).isEqualTo(10000.0);
        assertThat(p.p999Ms()).isEqualTo(10000.0);
    }

    @Test
    void nearestRankOnAThousandAndOnOne() {
        List<Double> thousand = IntStream.rangeClosed(1, 1000).mapToObj(i -> (double) i).toList();
        assertThat(Percentiles.nearestRank(thousand, 99.9)).isEqualTo(999.0);
        assertThat(Percentiles.nearestRank(thousand, 99)).isEqualTo(990.0);
        assertThat(Percentiles.nearestRank(thousand, 50)).isEqualTo(500.0);
        assertThat(Percentiles.nearestRank(List.of(7.0), 50)).isEqualTo(7.0);
        assertThat(Percentiles.nearestRank(List.of(), 50)).isNull();
        // 4 values, p50: rank ceil(2) = 2 → the 2nd, not an interpolated 2.5
        assertThat(Percentiles.nearestRank(List.of(1.0, 2.0, 3.0, 4.0), 50)).isEqualTo(2.0);
    }

    @Test
    void errorBudgetIsFailedShareOverAllowedShare() {
        ErrorBudget b = ErrorBudget.of(0.9, 20, 1);   // 5% failed of 10% allowed
        assertThat(b.failedShare()).isCloseTo(0.05, within(1e-12));
        assertThat(b.used()).isCloseTo(0.5, within(1e-12));
        assertThat(b.exhausted()).isFalse();
        assertThat(b.describe()).isEqualTo("50% used (1 of 20 failed; 10% allowed)");

        assertThat(ErrorBudget.of(0.95, 10, 1).used()).isCloseTo(2.0, within(1e-9));
        assertThat(ErrorBudget.of(0.95, 10, 1).exhausted()).isTrue();
        assertThat(ErrorBudget.of(1.0, 5, 0).used()).isEqualTo(0.0);
        ErrorBudget none = ErrorBudget.of(1.0, 5, 1);
        assertThat(none.used()).isNull();
        assertThat(none.exhausted()).isTrue();
        assertThat(none.describe()).startsWith("exhausted");
    }

    @Test
    void scoreWeighsSafetyThreeAvailabilityTwoEfficiencyOne() {
        // met: corruptFilesAccepted (3) + maxWastedPercent (1); failed: completeWithin (2) → 4/6
        Double score = ResilienceScore.of(List.of(verdict("corruptFilesAccepted 0", true),
                verdict("completeWithin 100% in 30 s", false), verdict("maxWastedPercent 25%", true)));
        assertThat(score).isCloseTo(100.0 * 4 / 6, within(1e-9));
        assertThat(ResilienceScore.weight("timeToRecover 5.00 s after cf start")).isEqualTo(2);
        assertThat(ResilienceScore.weight("expectRejection (during x)")).isEqualTo(3);
        assertThat(ResilienceScore.weight("somethingNew")).isEqualTo(1);
        assertThat(ResilienceScore.of(List.of())).isNull();
        assertThat(ResilienceScore.mean(java.util.Arrays.asList(50.0, null, 100.0))).isEqualTo(75.0);
    }

    @Test
    void completionSloIsReadBackFromItsVerdictName() {
        assertThat(CompletionSlo.parse("completeWithin 95% in 30 s")).contains(
                new CompletionSlo(0.95, Duration.ofSeconds(30), true));
        assertThat(CompletionSlo.parse("completeWithin 99.5% in 2.50 s (during cf-500)")).contains(
                new CompletionSlo(0.995, Duration.ofMillis(2500), false));
        assertThat(CompletionSlo.parse("maxWastedPercent 25%")).isEmpty();
        assertThat(CompletionSlo.of(List.of(verdict("completeWithin 50% in 9 s (after x)", true),
                verdict("completeWithin 90% in 20 s", true))).orElseThrow().within()).hasSeconds(20);
    }

    @Test
    void theErrorBudgetOfATargetWithTwoDecimalsIsTheTargetJudged() {
        // 99.95% as the scenario loader reads "99.95%"; 4 of 10,000 failed: 0.04% of the 0.05% allowed.
        Slo slo = new Slo.CompleteWithin(Double.parseDouble("99.95") / 100, Duration.ofSeconds(30),
                Slo.Window.WHOLE_RUN);
        List<DownloadRecord> ds = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            ds.add(simple("d" + i, 2, i > 4, 0));
        }
        List<SloVerdict> verdicts = new SloEvaluator(ds, List.of()).judge(List.of(slo));
        GroupReport g = GroupCalculator.of(List.of(Records.run("s", "reference", "adaptive", 1, ds, verdicts,
                List.of())));

        assertThat(verdicts.getFirst().passed()).as("the harness's verdict").isTrue();
        assertThat(g.errorBudget().targetShare()).as("the target the report read from %s", verdicts.getFirst().slo())
                .isCloseTo(0.9995, within(1e-12));
        assertThat(g.errorBudget().used()).as("budget used").isCloseTo(0.8, within(1e-9));
        assertThat(g.errorBudget().exhausted()).as("exhausted, beside a verdict that passed").isFalse();
    }

    @Test
    void aWindowedCompletionSloAloneGivesNoErrorBudget() {
        // 1 of 10 failed; the only completion SLO is about the downloads during a fault, not about every download.
        List<DownloadRecord> ds = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ds.add(simple("d" + i, 2, i > 1, 0));
        }
        GroupReport windowed = GroupCalculator.of(List.of(Records.run("s", "reference", "adaptive", 1, ds,
                List.of(verdict("completeWithin 99% in 30 s (during cf-500)", true)), List.of())));
        GroupReport whole = GroupCalculator.of(List.of(Records.run("s", "reference", "adaptive", 1, ds,
                List.of(verdict("completeWithin 99% in 30 s (during cf-500)", true),
                        verdict("completeWithin 80% in 30 s", true)), List.of())));

        assertThat(windowed.errorBudget()).as("no budget read against a window's target over every download")
                .isNull();
        assertThat(windowed.shareWithinSlo()).as("the share within its time is still shown").isCloseTo(0.9,
                within(1e-12));
        assertThat(whole.errorBudget()).as("the whole-run SLO's budget").isNotNull();
        assertThat(whole.errorBudget().targetShare()).isCloseTo(0.8, within(1e-12));
        assertThat(whole.errorBudget().used()).as("10% failed of the 20% allowed").isCloseTo(0.5, within(1e-9));
    }

    @Test
    void groupNumbersByHand() {
        // 10 downloads: 8 succeed in 1..8 s, one succeeds late at 40 s, one fails. SLO: 90% in 30 s.
        List<DownloadRecord> ds = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            ds.add(simple("d" + i, i, true, i % 2));   // failovers 1,0,1,0,... → 4 in total
        }
        ds.add(simple("late", 40, true, 3));
        ds.add(simple("failed", 12, false, 2));
        RunResult run = Records.run("s", "reference", "adaptive", 1, ds,
                List.of(verdict("completeWithin 90% in 30 s", false), verdict("corruptFilesAccepted 0", true)),
                List.of());
        GroupReport g = GroupCalculator.of(List.of(run));
        assertThat(g.downloads()).isEqualTo(10);
        assertThat(g.succeeded()).isEqualTo(9);
        // successful times 1..8, 40 (9 values): p50 rank 5 → 5 s; p90 rank ceil(8.1)=9 → 40 s
        assertThat(g.completion().p50Ms()).isEqualTo(5000.0);
        assertThat(g.completion().p90Ms()).isEqualTo(40000.0);
        assertThat(g.shareWithinSlo()).isCloseTo(0.8, within(1e-12));
        // 2 bad of 10 = 20% failed, 10% allowed → 200% used
        assertThat(g.errorBudget().used()).isCloseTo(2.0, within(1e-9));
        assertThat(g.failoversMean()).isCloseTo((4 + 3 + 2) / 10.0, within(1e-12));
        assertThat(g.failoversMax()).isEqualTo(3);
        // failed completeWithin (2) and met corruptFilesAccepted (3): 3/5
        assertThat(g.score()).isCloseTo(60.0, within(1e-9));
        assertThat(g.metrics()).containsEntry("p50", 5000.0).containsEntry("failoversMax", 3.0);
    }

    @Test
    void failoversOfAClientThatReportsNoneAreNotReportedNotZero() {
        // aria2c, or a cmd: downloader that prints no event lines: its record says failovers 0, measuring nothing.
        RunResult silent = SampleRuns.silentClient();
        assertThat(silent.downloads()).as("the sample's downloads report neither switches nor failed mirrors")
                .noneMatch(DownloadRecord::reportsFailovers);
        Report report = ReportBuilder.build(List.of(silent), Instant.EPOCH);
        GroupReport g = report.scenarios().getFirst().groups().getFirst();
        assertThat(g.failoversMean()).as("mean failovers of a silent client").isNull();
        assertThat(g.failoversMax()).as("max failovers of a silent client").isNull();
        assertThat(g.metrics()).as("no failover figure for the release gate to compare")
                .doesNotContainKeys(Metric.FAILOVERS_MEAN.key, Metric.FAILOVERS_MAX.key);
        assertThat(Markdown.render(report)).as("the summary row's failovers mean/max").contains("| – / – |")
                .doesNotContain("| 0 / 0 |");

        // Beside downloads that do report them, the silent ones are left out, as the maxFailoversPerDownload SLO
        // leaves them out: 2 switches and 0 over two reporting downloads is a mean of 1, not 2/5.
        List<DownloadRecord> mixed = new ArrayList<>(silent.downloads());
        mixed.add(simple("r1", 3, true, 2));
        mixed.add(simple("r2", 3, true, 0));
        GroupReport both = GroupCalculator.of(List.of(Records.run("s", "aria2c", "default", 1, mixed, List.of(),
                List.of())));
        assertThat(both.failoversMean()).as("mean over the downloads that report failovers").isEqualTo(1.0);
        assertThat(both.failoversMax()).isEqualTo(2);
    }

    @Test
    void recoveryIsTheWaitForTheNextVerifiedChunk() {
        // chunks verified at 2, 4, 6, 8 s; a fault 3..7 s: start → next chunk at 4 (1 s), clear → at 8 (1 s)
        DownloadRecord d = Records.download("d", 0, 8, true, 0, List.of("a.test"), 4);
        // a second download in flight at 3 s with chunks at 5 and 10: 2 s after start, 3 s after clear
        DownloadRecord e = Records.download("e", 0, 10, true, 0, List.of("b.test"), 2);
        FaultWindow w = new FaultWindow("cut", "toxic.timeout", "a", null, Records.at(3), Records.at(7));
        List<Recovery> r = RecoveryTally.of(List.of(Records.run("s", "c", "p", 1, List.of(d, e), List.of(),
                List.of(w))));
        assertThat(r).containsExactly(new Recovery("cut", "start", 2, 0, 1500.0, 2000.0),
                new Recovery("cut", "clear", 2, 0, 2000.0, 3000.0));
    }

    @Test
    void mirrorsFromChunksRejectionsAndSwitches() {
        DownloadRecord base = Records.download("d", 0, 4, true, 1, List.of("a.test", "b.test"), 4);
        DownloadRecord d = new DownloadRecord(base.id(), base.group(), base.client(), base.policy(), base.file(),
                base.size(), base.started(), base.ended(), base.elapsed(), 0, true, false, false, 0L, 4, 1, null,
                List.of(new DownloadRecord.MirrorSwitch(base.chunks().get(2).at(), "a.test", "b.test", 2,
                        "a.test: chunk 2 failed its SHA-256")), java.util.Map.of("a.test", 1),
                null, base.progress(), base.chunks(), "");
        List<MirrorStats> m = MirrorTally.of(List.of(d));
        // a: 2 served, 1 rejected, 1 switch away → 2/4; 2 MiB over the 4 s download → 0.5 MiB/s
        assertThat(m.get(0)).isEqualTo(new MirrorStats("a.test", 2, 2 * Records.MIB, 1, 1, 0.5,
                Records.MIB / 2.0));
        assertThat(m.get(1).successRate()).isEqualTo(1.0);
    }

    @Test
    void perMirrorTimeToFirstByteAndThroughputComeFromChunkTransfers() {
        DownloadRecord base = Records.download("d", 0, 4, true, 0, List.of("a.test", "a.test", "b.test"), 3);
        java.time.Instant t0 = base.started();
        List<DownloadRecord.ChunkTransfer> transfers = List.of(
                // a.test: 1 MiB in 1 s and 1 MiB in 3 s -> 2 MiB / 4 s; first bytes 100 ms and 300 ms -> p50 100 ms
                new DownloadRecord.ChunkTransfer(0, "a.test", t0, 100L, t0.plusSeconds(1), Records.MIB),
                new DownloadRecord.ChunkTransfer(1, "a.test", t0, 300L, t0.plusSeconds(3), Records.MIB),
                // b.test: 1 MiB in 0.5 s, no first byte reported
                new DownloadRecord.ChunkTransfer(2, "b.test", t0, null, t0.plusMillis(500), Records.MIB));
        DownloadRecord d = new DownloadRecord(base.id(), base.group(), base.client(), base.policy(), base.file(),
                base.size(), base.started(), base.ended(), base.elapsed(), 0, true, false, false, 0L, 3, 0, null,
                List.of(), java.util.Map.of(), null, base.progress(), base.chunks(), "", transfers);
        List<MirrorStats> m = MirrorTally.of(List.of(d));
        assertThat(m.get(0).mirror()).isEqualTo("a.test");
        assertThat(m.get(0).ttfbP50Ms()).isEqualTo(100.0);
        assertThat(m.get(0).throughput()).isEqualTo(2.0 * Records.MIB / 4.0);
        assertThat(m.get(1).ttfbP50Ms()).isNull();
        assertThat(m.get(1).throughput()).isEqualTo(Records.MIB / 0.5);
    }

    @Test
    void perMirrorTimeToFirstByteIsTheMedianNotTheFastest() {
        DownloadRecord base = Records.download("d", 0, 4, true, 0, List.of("a.test", "a.test", "a.test"), 3);
        java.time.Instant t0 = base.started();
        List<DownloadRecord.ChunkTransfer> transfers = List.of(
                new DownloadRecord.ChunkTransfer(0, "a.test", t0, 300L, t0.plusSeconds(1), Records.MIB),
                new DownloadRecord.ChunkTransfer(1, "a.test", t0, 100L, t0.plusSeconds(2), Records.MIB),
                new DownloadRecord.ChunkTransfer(2, "a.test", t0, 200L, t0.plusSeconds(3), Records.MIB));
        DownloadRecord d = new DownloadRecord(base.id(), base.group(), base.client(), base.policy(), base.file(),
                base.size(), base.started(), base.ended(), base.elapsed(), 0, true, false, false, 0L, 3, 0, null,
                List.of(), java.util.Map.of(), null, base.progress(), base.chunks(), "", transfers);

        assertThat(MirrorTally.of(List.of(d)).getFirst().ttfbP50Ms()).as("p50 of 100, 200 and 300 ms").isEqualTo(200.0);
    }
}
