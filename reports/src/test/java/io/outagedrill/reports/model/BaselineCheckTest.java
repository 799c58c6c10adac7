package io.outagedrill.reports.model;

import static io.outagedrill.reports.model.Records.simple;
import static io.outagedrill.reports.model.Records.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.sut.Capability;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineCheckTest {

    static Report report(double seconds, int failovers, boolean sloHeld) {
        List<DownloadRecord> ds = List.of(simple("d1", seconds, true, failovers), simple("d2", seconds, true, 0));
        RunResult run = Records.run("s", "reference", "adaptive", 1, ds,
                List.of(verdict("completeWithin 100% in 30 s", sloHeld)), List.of());
        return ReportBuilder.build(List.of(run), Records.T0);
    }

    /** Scenario "s" played by {@code client} with {@code seed}, its SLO held, and these downloads. */
    private static Report report(String client, String policy, long seed, DownloadRecord... downloads) {
        return ReportBuilder.build(List.of(Records.run("s", client, policy, seed, List.of(downloads),
                List.of(verdict("completeWithin 100% in 30 s", true)), List.of())), Records.T0);
    }

    private static List<Regression> regressions(Report before, Report now, double threshold) {
        return BaselineCheck.compare(before, now, threshold).regressions();
    }

    /** One group of downloads taking the given seconds, each wasting the given bytes, with a 60 s SLO. */
    static Report downloads(double[] seconds, long[] wasted) {
        List<DownloadRecord> ds = new java.util.ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            DownloadRecord d = simple("d" + i, seconds[i], true, 0);
            ds.add(new DownloadRecord(d.id(), d.group(), d.client(), d.policy(), d.file(), d.size(), d.started(),
                    d.ended(), d.elapsed(), d.exitCode(), d.succeeded(), d.acceptedCorrupt(), d.timedOut(),
                    wasted[i], d.attempts(), d.failovers(), d.timeToFirstByte(), d.switches(), d.chunksRejectedBy(),
                    d.rejection(), d.progress(), d.chunks(), d.output(), d.transfers(), d.rejectedChunks(),
                    d.reports()));
        }
        RunResult run = Records.run("s", "reference", "adaptive", 1, ds,
                List.of(verdict("completeWithin 100% in 60 s", true)), List.of());
        return ReportBuilder.build(List.of(run), Records.T0);
    }

    static Report downloads(double... seconds) {
        return downloads(seconds, new long[seconds.length]);
    }

    @Test
    void oneDownloadOfEightCrossingTheMedianIsWithinNoiseAndDoesNotFailTheGate() {
        Report before = downloads(10, 10, 10, 10, 12, 12, 12, 12);
        Report now = downloads(10, 10, 10, 12, 12, 12, 12, 12);

        BaselineCheck.Findings findings = BaselineCheck.compare(before, now, 0.10);

        assertThat(findings.regressions()).as("regressions").isEmpty();
        assertThat(findings.withinNoise()).singleElement().satisfies(r -> {
            assertThat(r.metric()).isEqualTo("p50");
            assertThat(r.description()).contains("got worse by 20% (10.0 s → 12.0 s)").containsPattern(
                    "within noise: worse in \\d+(\\.\\d)?% of 2,000 resamples of the downloads \\(95% needed\\)");
        });
    }

    /**
     * The tail of a few downloads rests on the slowest of them, which no resample can exceed: a tail that really got
     * worse would read as noise, so the threshold alone judges it, and says why.
     */
    @Test
    void aTailOfFewDownloadsIsJudgedByTheThresholdAloneAndSaysWhy() {
        Report before = downloads(10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7);
        Report now = downloads(10, 10.1, 10.2, 10.3, 10.4, 10.5, 60, 60);

        BaselineCheck.Findings findings = BaselineCheck.compare(before, now, 0.10);

        assertThat(findings.withinNoise()).as("within noise").isEmpty();
        assertThat(findings.regressions()).extracting(Regression::metric)
                .containsExactlyInAnyOrder("p90", "p99", "p99.9");
        assertThat(findings.regressions()).filteredOn(r -> r.metric().equals("p90")).singleElement().asString()
                .contains("(not checked against noise: Completion time p90 rests on the slowest 1 download(s) of a "
                        + "run, which no resample can exceed)");
    }

    /** Draws in which none of the current downloads finished count against it, not as no evidence. */
    @Test
    void mostDownloadsFailingIsARegressionNotNoise() {
        Report before = outcomes(new double[] {10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7},
                new boolean[] {true, true, true, true, true, true, true, true});
        Report now = outcomes(new double[] {30, 30, 1, 1, 1, 1, 1, 1},
                new boolean[] {true, true, false, false, false, false, false, false});

        assertThat(regressions(before, now, 0.10)).extracting(Regression::metric).as("no completion SLO here")
                .contains("p50");
        assertThat(BaselineCheck.compare(before, now, 0.10).withinNoise()).extracting(Regression::metric)
                .doesNotContain("p50");
    }

    /** Real servers and in-process fakes differ in every timing: a baseline from the other world fails the gate. */
    @Test
    void aBaselineFromAnotherWorldIsNotComparedAndFailsTheGateSayingWhy() {
        RunResult embedded = Records.run("s", "reference", "adaptive", 1, List.of(simple("d1", 10, true, 0)),
                List.of(), List.of()).withWorld("embedded");
        RunResult containers = Records.run("s", "reference", "adaptive", 1, List.of(simple("d1", 10, true, 0)),
                List.of(), List.of()).withWorld("containers");
        RunResult unknown = Records.run("s", "reference", "adaptive", 1, List.of(simple("d1", 10, true, 0)),
                List.of(), List.of());

        List<Regression> across = regressions(ReportBuilder.build(List.of(containers), Records.T0),
                ReportBuilder.build(List.of(embedded), Records.T0), 0.10);

        assertThat(across).singleElement().satisfies(r -> {
            assertThat(r.metric()).isEqualTo("world");
            assertThat(r.description()).isEqualTo("s · reference · adaptive: not comparable: the baseline played on "
                    + "containers, this run on embedded; keep a baseline from the same world");
        });
        assertThat(regressions(ReportBuilder.build(List.of(unknown), Records.T0),
                ReportBuilder.build(List.of(embedded), Records.T0), 0.10))
                .as("a baseline older than the field: compared as before").isEmpty();
    }

    /** Downloads taking the given seconds, each succeeding or not, with no completion SLO. */
    static Report outcomes(double[] seconds, boolean[] ok) {
        List<DownloadRecord> ds = new java.util.ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            ds.add(simple("d" + i, seconds[i], ok[i], 0));
        }
        return ReportBuilder.build(List.of(Records.run("s", "reference", "adaptive", 1, ds, List.of(), List.of())),
                Records.T0);
    }

    @Test
    void everyDownloadSlowerIsARegressionBeyondNoise() {
        Report before = downloads(10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7);
        Report now = downloads(13, 13.1, 13.2, 13.3, 13.4, 13.5, 13.6, 13.7);

        BaselineCheck.Findings findings = BaselineCheck.compare(before, now, 0.10);

        assertThat(findings.withinNoise()).isEmpty();
        assertThat(findings.regressions()).extracting(Regression::metric)
                .containsExactlyInAnyOrder("p50", "p90", "p99", "p99.9");
        assertThat(findings.regressions()).filteredOn(r -> r.metric().equals("p50")).singleElement().asString()
                .contains("worse in 100% of 2,000 resamples of the downloads");
    }

    @Test
    void wastedBytesFromZeroInOneDownloadOfSixAreWithinNoise() {
        double[] same = {10, 10, 10, 10, 10, 10};
        Report before = downloads(same, new long[6]);
        Report one = downloads(same, new long[] {0, 0, 0, 0, 0, 4 * Records.MIB});
        Report all = downloads(same, new long[] {Records.MIB, Records.MIB, Records.MIB, Records.MIB, Records.MIB,
                Records.MIB});

        assertThat(BaselineCheck.compare(before, one, 0.10).withinNoise()).singleElement().satisfies(r -> {
            assertThat(r.metric()).isEqualTo("bytesWasted");
            assertThat(r.description()).contains("got worse from zero");
        });
        assertThat(regressions(before, one, 0.10)).isEmpty();
        assertThat(regressions(before, all, 0.10)).as("every download wasting bytes").singleElement()
                .extracting(Regression::metric).isEqualTo("bytesWasted");
    }

    @Test
    void aBaselineWithoutEachDownloadsFiguresIsJudgedByTheThresholdAloneAndSaysSo() {
        Report before = downloads(10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7);
        Report old = new Report(before.generatedAt(), before.sources(), before.definitions(), before.overallScore(),
                before.scenarios().stream().map(s -> new ScenarioReport(s.name(), s.description(), s.score(),
                        s.groups().stream().map(BaselineCheckTest::withoutSamples).toList(), s.comparisons()))
                        .toList(), null, List.of());
        Report now = downloads(10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 30);

        assertThat(regressions(old, now, 0.10)).extracting(Regression::metric)
                .containsExactlyInAnyOrder("p90", "p99", "p99.9");
        assertThat(regressions(old, now, 0.10)).allSatisfy(r -> assertThat(r.description()).contains(
                "not checked against noise: the baseline was written before reports kept each download's figures"));
    }

    @Test
    void aBaselineReadBackFromItsJsonGivesTheSameVerdictEveryTime(@org.junit.jupiter.api.io.TempDir
                                                                   java.nio.file.Path dir) throws Exception {
        Report before = downloads(10, 10, 10, 10, 12, 12, 12, 12);
        Report now = downloads(10, 10, 10, 12, 12, 12, 12, 12);
        java.nio.file.Path file = dir.resolve("report.json");
        io.outagedrill.reports.render.ReportJson.write(before, file);

        BaselineCheck.Findings fromFile = BaselineCheck.compare(io.outagedrill.reports.render.ReportJson.read(file),
                now, 0.10);

        assertThat(fromFile).as("the same reports, compared in memory and read back from report.json")
                .isEqualTo(BaselineCheck.compare(before, now, 0.10));
        assertThat(fromFile.withinNoise()).hasSize(1);
    }

    private static GroupReport withoutSamples(GroupReport g) {
        return new GroupReport(g.scenario(), g.client(), g.policy(), g.seeds(), g.runs(), g.downloads(),
                g.succeeded(), g.acceptedCorrupt(), g.verdicts(), g.completion(), g.sloWithinMs(), g.shareWithinSlo(),
                g.errorBudget(), g.failoversMean(), g.failoversMax(), g.ttfbP50Ms(), g.recoveries(), g.bytesWasted(),
                g.wastedPercentMean(), g.corruptChunksBy(), g.mirrors(), g.score(), g.metrics(), g.jmh(),
                g.notReported(), null, g.notes(), g.worlds());
    }

    @Test
    void flagsOnlyWhatGotWorseBeyondTheThreshold() {
        Report before = report(10, 0, true);
        // 10 s → 10.5 s is 5%: below a 10% threshold; → 12 s is 20%: flagged
        assertThat(regressions(before, report(10.5, 0, true), 0.10)).isEmpty();
        List<Regression> r = regressions(before, report(12, 0, true), 0.10);
        assertThat(r).extracting(Regression::metric).containsExactlyInAnyOrder("p50", "p90", "p99", "p99.9");
        assertThat(r.getFirst().change()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.getFirst().description()).contains("got worse by 20%").contains("10.0 s → 12.0 s")
                .as("two downloads a side are too few to resample: the threshold alone decides, and says so")
                .contains("not checked against noise: 2 download(s) then and 2 now, 5 needed on each side");
    }

    /** {@link #report} with JMH's timing of its one group: a mean scenario run and its 99.9% half-width. */
    private static Report benchmarked(double runSeconds, Double errorSeconds) {
        JmhTiming timing = new JmhTiming("s", "reference", "adaptive", 5, runSeconds, errorSeconds, 10L, 0L,
                Percentiles.of(List.of(1000.0)), "jmh.json");
        return ReportBuilder.build(List.of(Records.run("s", "reference", "adaptive", 1, List.of(
                simple("d1", 10, true, 0), simple("d2", 10, true, 0)),
                List.of(verdict("completeWithin 100% in 30 s", true)), List.of())), List.of(timing), Records.T0);
    }

    @Test
    void aSlowerJmhScenarioRunBeyondBothConfidenceIntervalsFailsTheGate() {
        List<Regression> r = regressions(benchmarked(10, 0.5), benchmarked(12, 0.5), 0.10);

        assertThat(r).extracting(Regression::metric).containsExactly("jmhRun");
        assertThat(r.getFirst().description()).contains("Scenario run (JMH mean) got worse by 20% (10.0 s → 12.0 s)")
                .contains("beyond JMH's 99.9% confidence intervals (10.0 s ± 500 ms then, 12.0 s ± 500 ms now)");
    }

    @Test
    void aSlowerJmhScenarioRunWhoseConfidenceIntervalsOverlapIsWithinNoise() {
        BaselineCheck.Findings f = BaselineCheck.compare(benchmarked(10, 1.5), benchmarked(12, 1.5), 0.10);

        assertThat(f.regressions()).isEmpty();
        assertThat(f.withinNoise()).extracting(Regression::metric).containsExactly("jmhRun");
        assertThat(f.withinNoise().getFirst().description())
                .contains("within noise: JMH's 99.9% confidence intervals overlap");
    }

    @Test
    void aJmhScenarioRunWithoutAConfidenceIntervalIsJudgedByTheThresholdAloneAndSaysSo() {
        List<Regression> r = regressions(benchmarked(10, null), benchmarked(12, 0.1), 0.10);

        assertThat(r).extracting(Regression::metric).containsExactly("jmhRun");
        assertThat(r.getFirst().description()).contains("not checked against noise: JMH gave no confidence "
                + "interval for the baseline");
        assertThat(regressions(benchmarked(10, 0.1), benchmarked(10.5, 0.1), 0.10)).as("5%% is under 10%%")
                .isEmpty();
    }

    /**
     * A baseline made with JMH's results and a report made without them (a gate run that did not bench): the scenario
     * run was not measured, and the gate must say that, not that no download finished.
     */
    @Test
    void aJmhScenarioRunNotBenchmarkedNowSaysNoJmhResultsWereGiven() {
        Report notBenchmarked = report(10, 0, true);

        List<Regression> r = regressions(benchmarked(10, 0.5), notBenchmarked, 0.10);

        assertThat(r).extracting(Regression::metric).as("metrics flagged").containsExactly("jmhRun");
        assertThat(r.getFirst().description()).as("the gate's words")
                .contains("Scenario run (JMH mean) was 10.0 s in the baseline and was not measured now")
                .contains("no JMH results were given for this group (drill report --jmh)")
                .doesNotContain("no download gave one");
    }

    @Test
    void betterIsNeverARegressionAndZeroToSomethingAlwaysIs() {
        Report before = report(10, 0, true);
        assertThat(regressions(before, report(5, 0, true), 0.0)).isEmpty();
        List<Regression> r = regressions(before, report(10, 2, true), 10.0);
        assertThat(r).extracting(Regression::metric).containsExactlyInAnyOrder("failoversMean", "failoversMax");
        assertThat(r).allSatisfy(x -> assertThat(x.change()).isNull());
    }

    @Test
    void failoversOfAClientThatReportsNoneAreNoRegressionAgainstABaselineThatCountedThemAsZero() {
        // A baseline report of aria2c from when its silent failovers still counted as 0.
        Report before = report("aria2c", "default", 1, simple("d1", 10, true, 0), simple("d2", 10, true, 0));
        Report now = report("aria2c", "default", 1, silent(simple("d1", 10, true, 0)),
                silent(simple("d2", 10, true, 0)));
        assertThat(before.scenarios().getFirst().groups().getFirst().metrics()).as("the baseline's figures")
                .containsEntry("failoversMean", 0.0);

        assertThat(regressions(before, now, 0.10)).as("regressions of a client that never reported failovers")
                .isEmpty();
    }

    /** {@code d} from a downloader that reports no failovers (neither mirror switches nor failed mirrors). */
    private static DownloadRecord silent(DownloadRecord d) {
        java.util.Set<Capability> reports = java.util.EnumSet.copyOf(d.reports());
        reports.removeAll(java.util.Set.of(Capability.SWITCHES, Capability.MIRROR_FAILURES));
        return new DownloadRecord(d.id(), d.group(), d.client(), d.policy(), d.file(), d.size(), d.started(),
                d.ended(), d.elapsed(), d.exitCode(), d.succeeded(), d.acceptedCorrupt(), d.timedOut(),
                d.bytesWasted(), d.attempts(), d.failovers(), d.timeToFirstByte(), d.switches(), d.chunksRejectedBy(),
                d.rejection(), d.progress(), d.chunks(), d.output(), d.transfers(), d.rejectedChunks(), reports);
    }

    @Test
    void aFigureTheBaselineHadAndThisRunLacksIsARegression() {
        // Every download failed now: no completion time at all, which must not slip through as "not compared".
        Report before = report(10, 0, true);
        Report now = report("reference", "adaptive", 1, simple("d1", 10, false, 0), simple("d2", 10, false, 0));

        List<Regression> r = regressions(before, now, 0.10);

        assertThat(r).filteredOn(x -> x.metric().equals("p50")).singleElement().satisfies(x ->
                assertThat(x.description()).isEqualTo("s · reference · adaptive: Completion time p50 was 10.0 s in "
                        + "the baseline and has no value now (no download gave one: none finished, or one never "
                        + "recovered)"));
    }

    @Test
    void aGroupPlayedWithOtherDownloadsOrSeedsIsNotComparable() {
        Report before = report(10, 0, true);
        Report more = report("reference", "adaptive", 1, simple("d1", 10, true, 0), simple("d2", 10, true, 0),
                simple("d3", 10, true, 0));
        Report otherSeed = report("reference", "adaptive", 2, simple("d1", 10, true, 0), simple("d2", 10, true, 0));

        assertThat(regressions(before, more, 0.10)).singleElement().satisfies(x -> assertThat(x.description())
                .isEqualTo("s · reference · adaptive: not comparable: the baseline had 2 download(s) with seed(s) "
                        + "[1], this run 3 with [1]; if the clients or seeds were changed on purpose, keep a baseline "
                        + "made with them, else see this run's notes for clients that gave no record"));
        assertThat(regressions(before, otherSeed, 0.10)).singleElement().satisfies(x ->
                assertThat(x.description()).contains("seed(s) [1], this run 2 with [2]"));
    }

    /** The default drill-results kept between runs: a report of the folder pools two drills of the same group. */
    @Test
    void aReportPoolingTwoDrillsOfTheGroupSaysSoAndHowToGateOne() {
        Report before = report(10, 0, true);
        List<DownloadRecord> ds = List.of(simple("d1", 10, true, 0), simple("d2", 10, true, 0));
        RunResult run = Records.run("s", "reference", "adaptive", 1, ds,
                List.of(verdict("completeWithin 100% in 30 s", true)), List.of());
        Report twoDrills = ReportBuilder.build(List.of(run, run), Records.T0);

        assertThat(regressions(before, twoDrills, 0.10)).singleElement().satisfies(x -> assertThat(x.description())
                .contains("this run 4 with [1]; this report pools 2 runs of it, the baseline 1: several drills in "
                        + "one results folder (gate one with --run ID; drill report --list names them)"));
    }

    @Test
    void aBaselineThatSharesNoGroupWithTheRunFailsInsteadOfCheckingNothing() {
        Report before = report(10, 0, true);
        Report renamed = report("cmd:./my-downloader-v2 {urls}", "default", 1, simple("d1", 30, true, 0),
                simple("d2", 30, true, 0));

        assertThat(regressions(before, renamed, 0.10)).singleElement().satisfies(x -> assertThat(x.description())
                .isEqualTo("nothing compared: the baseline shares no group (scenario · client · policy) with this "
                        + "run; the baseline has s · reference · adaptive, this run s · cmd:./my-downloader-v2 {urls} "
                        + "· default; keep a baseline of the same scenarios and clients"));
    }

    @Test
    void aBaselineThatNamedTheReferenceClientsDefaultPolicyDefaultStillGatesItsAdaptiveRuns() {
        Report before = report("reference", "default", 1, simple("d1", 10, true, 0), simple("d2", 10, true, 0));
        Report slower = report("reference", "adaptive", 1, simple("d1", 30, true, 0), simple("d2", 30, true, 0));
        Report curlBefore = report("curl", "default", 1, simple("d1", 10, true, 0), simple("d2", 10, true, 0));
        Report curlSlower = report("curl", "default", 1, simple("d1", 30, true, 0), simple("d2", 30, true, 0));

        assertThat(regressions(before, slower, 0.10)).as("a baseline labelled reference · default, before the label "
                        + "named the policy").isNotEmpty()
                .allSatisfy(x -> assertThat(x.description()).startsWith("s · reference · adaptive: ")
                        .doesNotContain("nothing compared"));
        assertThat(regressions(curlBefore, curlSlower, 0.10)).as("curl's default is its own").isNotEmpty()
                .allSatisfy(x -> assertThat(x.description()).startsWith("s · curl · default: "));
    }

    /** Labels of scenarios with several groups, written before the reference client's default was named. */
    @Test
    void oldCombinedLabelsAreReadAsThisVersionNamesThem() {
        assertThat(BaselineCheck.policyNamedNow("reference", "sequential+default")).isEqualTo("sequential+adaptive");
        assertThat(BaselineCheck.policyNamedNow("reference", "default+adaptive")).isEqualTo("adaptive");
        assertThat(BaselineCheck.policyNamedNow("reference+curl", "default")).isEqualTo("adaptive+default");
        assertThat(BaselineCheck.policyNamedNow("curl", "default")).isEqualTo("default");
        assertThat(BaselineCheck.policyNamedNow("reference+aria2c", "sequential+tuned"))
                .as("no default in it: as written").isEqualTo("sequential+tuned");
        assertThat(BaselineCheck.policyNamedNow("cmd:./dl {urls}", "fast")).isEqualTo("fast");
    }

    @Test
    void aGroupOfTheBaselineThatThisRunDidNotPlayFailsTheGateNamed() {
        Report both = ReportBuilder.build(List.of(
                Records.run("s", "reference", "adaptive", 1, List.of(simple("d1", 10, true, 0)),
                        List.of(verdict("completeWithin 100% in 30 s", true)), List.of()),
                Records.run("t", "reference", "adaptive", 1, List.of(simple("d1", 10, true, 0)),
                        List.of(verdict("completeWithin 100% in 30 s", true)), List.of())), Records.T0);
        Report onlyS = ReportBuilder.build(List.of(
                Records.run("s", "reference", "adaptive", 1, List.of(simple("d1", 10, true, 0)),
                        List.of(verdict("completeWithin 100% in 30 s", true)), List.of())), Records.T0);

        assertThat(regressions(both, onlyS, 0.10)).singleElement().satisfies(x -> assertThat(x.description())
                .isEqualTo("t · reference · adaptive: in the baseline and not played in this run; play it, or keep "
                        + "a baseline without it"));
        assertThat(regressions(onlyS, both, 0.10)).as("a scenario new in this run is no regression").isEmpty();
    }

    @Test
    void anSloThatHeldAndNowFailsIsFlagged() {
        List<Regression> r = regressions(report(10, 0, true), report(10, 0, false), 0.5);
        assertThat(r).extracting(Regression::metric).contains("slo", "score");
        assertThat(r).filteredOn(x -> x.metric().equals("slo")).singleElement()
                .extracting(Regression::label).isEqualTo("completeWithin 100% in 30 s");
        assertThat(r).filteredOn(x -> x.metric().equals("score")).singleElement()
                .extracting(Regression::description).asString().as("a figure of the whole run, by the threshold alone")
                .endsWith(" (not checked against noise: one figure of the whole run, which no resampling of its "
                        + "downloads gives)");
    }

    /** 1211 ms and 1213 ms both read "1.21 s": one star beside two equal numbers read as a mistake. */
    @Test
    void comparisonGivesTheStarToEveryValueThatReadsTheSameAsTheBest() {
        RunResult a = Records.run("s", "reference", "parallel", 7, List.of(simple("a", 1.213, true, 0)), List.of(),
                List.of());
        RunResult b = Records.run("s", "reference", "sequential", 7, List.of(simple("b", 1.211, true, 0)),
                List.of(), List.of());
        RunResult c = Records.run("s", "reference", "adaptive", 7, List.of(simple("c", 1.3, true, 0)), List.of(),
                List.of());
        ScenarioReport s = ReportBuilder.build(List.of(a, b, c), Records.T0).scenarios().getFirst();
        Comparison p50 = s.comparisons().stream().filter(x -> x.metric().equals("p50")).findFirst().orElseThrow();
        assertThat(p50.rows()).as("p50 rows: label, as shown, marked best")
                .extracting(Comparison.Row::label, Comparison.Row::display, Comparison.Row::best)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reference / adaptive", "1.30 s", false),
                        org.assertj.core.groups.Tuple.tuple("reference / parallel", "1.21 s", true),
                        org.assertj.core.groups.Tuple.tuple("reference / sequential", "1.21 s", true));
    }

    /**
     * A policy that completed nothing (sequential on a crawling mirror) switched no mirror and wasted nothing: its
     * 0 failovers are shown, but the star goes to the best among the groups that completed a download.
     */
    @Test
    void aGroupThatCompletedNoDownloadIsNeverMarkedBest() {
        RunResult stuck = Records.run("s", "reference", "sequential", 7, List.of(simple("a", 90, false, 0)),
                List.of(), List.of());
        RunResult done = Records.run("s", "reference", "adaptive", 7, List.of(simple("b", 5, true, 2)), List.of(),
                List.of());
        ScenarioReport s = ReportBuilder.build(List.of(stuck, done), Records.T0).scenarios().getFirst();
        Comparison failovers = s.comparisons().stream().filter(x -> x.metric().equals("failoversMean")).findFirst()
                .orElseThrow();
        assertThat(failovers.rows()).as("failovers rows: label, as shown, marked best")
                .extracting(Comparison.Row::label, Comparison.Row::display, Comparison.Row::best)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reference / adaptive", "2", true),
                        org.assertj.core.groups.Tuple.tuple("reference / sequential", "0", false));
    }

    /**
     * An attack scenario: curl took the forged manifest and completed fast, missing the SLO that says it must refuse;
     * the reference client refused and met it. Only the groups that met the most SLOs are marked best, so curl's
     * fast wrong answer wins no star; the score still compares every group.
     */
    @Test
    void onlyTheGroupsThatMetTheMostSlosAreMarkedBest() {
        RunResult tookIt = Records.run("s", "curl", "default", 7, List.of(simple("a", 1, true, 0)),
                List.of(verdict("expectRejection", false)), List.of());
        RunResult refused = Records.run("s", "reference", "adaptive", 7, List.of(simple("b", 3, false, 0)),
                List.of(verdict("expectRejection", true)), List.of());
        ScenarioReport s = ReportBuilder.build(List.of(tookIt, refused), Records.T0).scenarios().getFirst();

        Comparison p50 = s.comparisons().stream().filter(x -> x.metric().equals("p50")).findFirst().orElseThrow();
        assertThat(p50.rows()).as("p50 rows: label, marked best").extracting(Comparison.Row::label,
                Comparison.Row::best).containsExactly(org.assertj.core.groups.Tuple.tuple("curl / default", false),
                org.assertj.core.groups.Tuple.tuple("reference / adaptive", false));
        Comparison score = s.comparisons().stream().filter(x -> x.metric().equals("score")).findFirst()
                .orElseThrow();
        assertThat(score.rows()).filteredOn(Comparison.Row::best).extracting(Comparison.Row::label)
                .containsExactly("reference / adaptive");
    }

    /**
     * The largest completed share is taken among the groups that may be starred (those that missed the fewest SLOs):
     * one out on its SLOs that completed everything left the others short of it, and no group had a p50 star. An SLO
     * not judged (a figure the client does not report) is no miss.
     */
    @Test
    void theTimesBestIsAmongTheGroupsThatMetTheirSlosAndANotJudgedSloIsNoMiss() {
        RunResult missed = Records.run("s", "reference", "sequential", 7, completing("a", 10, 0, 0.5),
                List.of(verdict("completeWithin 100% in 30 s", false)), List.of());
        RunResult ninety = Records.run("s", "reference", "parallel", 7, completing("b", 10, 1, 2),
                List.of(verdict("completeWithin 100% in 30 s", true),
                        new io.outagedrill.harness.run.SloVerdict("maxFailoversPerDownload 3", "at most 3",
                                "not reported by this client", false, 0, "")), List.of());
        RunResult eighty = Records.run("s", "reference", "adaptive", 7, completing("c", 10, 2, 1),
                List.of(verdict("completeWithin 100% in 30 s", true)), List.of());
        ScenarioReport s = ReportBuilder.build(List.of(missed, ninety, eighty), Records.T0).scenarios().getFirst();

        Comparison p50 = s.comparisons().stream().filter(x -> x.metric().equals("p50")).findFirst().orElseThrow();
        assertThat(p50.rows()).filteredOn(Comparison.Row::best).extracting(Comparison.Row::label)
                .containsExactly("reference / parallel");
    }

    /** {@code count} downloads of {@code seconds} each, the first {@code failed} of them not verified. */
    private static List<DownloadRecord> completing(String prefix, int count, int failed, double seconds) {
        List<DownloadRecord> ds = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ds.add(simple(prefix + i, seconds, i >= failed, 0));
        }
        return ds;
    }

    /** Times are of completed downloads: a group that gave up on its slow one is not marked best for its speed. */
    @Test
    void completionTimesAreMarkedBestOnlyAmongTheGroupsThatCompletedTheMost() {
        RunResult gaveUp = Records.run("s", "reference", "sequential", 7, List.of(simple("a", 1, true, 0),
                simple("b", 90, false, 0)), List.of(), List.of());
        RunResult done = Records.run("s", "reference", "adaptive", 7, List.of(simple("c", 4, true, 0),
                simple("d", 5, true, 0)), List.of(), List.of());
        ScenarioReport s = ReportBuilder.build(List.of(gaveUp, done), Records.T0).scenarios().getFirst();
        for (String metric : List.of("p50", "p99")) {
            Comparison times = s.comparisons().stream().filter(x -> x.metric().equals(metric)).findFirst()
                    .orElseThrow();
            assertThat(times.rows()).as("%s rows: label, marked best", metric)
                    .extracting(Comparison.Row::label, Comparison.Row::best)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("reference / sequential", false),
                            org.assertj.core.groups.Tuple.tuple("reference / adaptive", true));
        }
    }

    /**
     * drill compare ran sequential, parallel, adaptive in that order, and printed them so, while the report sorted
     * them by name: its groups and comparison rows follow when each group's first run started.
     */
    @Test
    void groupsAndComparisonRowsFollowTheOrderTheRunsStartedIn() {
        List<RunResult> runs = new java.util.ArrayList<>();
        String[] given = {"sequential", "parallel", "adaptive"};
        for (int i = 0; i < given.length; i++) {
            RunResult r = Records.run("s", "reference", given[i], 7, List.of(simple("d" + i, 5 + i, true, 0)),
                    List.of(), List.of());
            runs.add(new RunResult(r.scenario(), r.description(), r.client(), r.policy(), r.seed(), r.compress(),
                    Records.at(100 * i), r.elapsed(), r.faults(), r.notes(), r.downloads(), r.verdicts(), null));
        }
        java.util.Collections.reverse(runs); // read from disk in any order

        ScenarioReport s = ReportBuilder.build(runs, Records.T0).scenarios().getFirst();

        assertThat(s.groups()).extracting(GroupReport::policy).as("groups")
                .containsExactly("sequential", "parallel", "adaptive");
        assertThat(s.comparisons().getFirst().rows()).extracting(Comparison.Row::policy).as("comparison rows")
                .containsExactly("sequential", "parallel", "adaptive");
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
