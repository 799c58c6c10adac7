package io.outagedrill.harness.run;

import io.outagedrill.harness.scenario.Slo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.outagedrill.harness.run.Downloads.at;
import static io.outagedrill.harness.run.Downloads.window;
import static org.assertj.core.api.Assertions.assertThat;

/** The SLOs that judge a scenario's routing controller, on hand-made records. */
class RoutingSlosTest {
    private static final Map<String, String> HOSTS = Map.of("cloudflare", "cloudflare.test", "fastly", "fastly.test");
    private static final List<FaultWindow> CF_DOWN = List.of(window("cf-down", 2, 10.0));

    /** A download that started at {@code from} and asked {@code firstMirror} for its first chunk. */
    private static DownloadRecord startingAt(String id, double from, String firstMirror) {
        return Downloads.firstAsked(Downloads.download(id, from, from + 3, from + 1), firstMirror, from);
    }

    @Test
    void resignedWithinMeasuresFromTheFaultsStartToTheFirstPublicationAfterIt() {
        SloEvaluator evaluator = new SloEvaluator(List.of(), CF_DOWN,
                new RoutingLog(List.of(at(1), at(4.5)), HOSTS));

        SloVerdict slow = evaluator.judge(new Slo.ResignedWithin("cf-down", Duration.ofSeconds(2)));
        SloVerdict enough = evaluator.judge(new Slo.ResignedWithin("cf-down", Duration.ofSeconds(3)));

        assertThat(slow.passed()).isFalse();
        assertThat(slow.measured()).as("the publication at 1 s came before the fault").isEqualTo("2.50 s");
        assertThat(enough.passed()).isTrue();
    }

    @Test
    void resignedWithinFailsWhenTheControllerNeverActed() {
        SloVerdict verdict = new SloEvaluator(List.of(), CF_DOWN, new RoutingLog(List.of(at(1)), HOSTS))
                .judge(new Slo.ResignedWithin("cf-down", Duration.ofSeconds(5)));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.measured()).isEqualTo("no re-signed manifest after it");
    }

    @Test
    void firstRequestsToCountsOnlyDownloadsThatStartedAfterTheRepublication() {
        List<DownloadRecord> downloads = List.of(
                startingAt("before-resign", 3, "cloudflare.test"),
                startingAt("after-1", 5, "fastly.test"),
                startingAt("after-2", 6, "cloudflare.test"),
                startingAt("after-3", 7, "fastly.test"));
        SloEvaluator evaluator = new SloEvaluator(downloads, CF_DOWN, new RoutingLog(List.of(at(4)), HOSTS));
        Slo.Window during = new Slo.Window(Slo.Phase.DURING, "cf-down");

        SloVerdict strict = evaluator.judge(new Slo.FirstRequestsTo("cloudflare", 0, during));
        SloVerdict lenient = evaluator.judge(new Slo.FirstRequestsTo("cloudflare", 0.4, during));

        assertThat(strict.passed()).isFalse();
        assertThat(strict.measured()).isEqualTo("33.3% (1 of 3)");
        assertThat(strict.detail()).isEqualTo("after-2 started at cloudflare.test");
        assertThat(lenient.passed()).isTrue();
    }

    /**
     * A client started late in the fault (a process still starting when it cleared) that sent its first request
     * after the fault ended went where the recovery's manifest sent it: not a request "during" the fault.
     */
    @Test
    void firstRequestsToLeavesOutDownloadsWhoseFirstRequestCameAfterTheFaultEnded() {
        List<DownloadRecord> downloads = List.of(
                startingAt("asked-during", 5, "fastly.test"),
                Downloads.firstAsked(Downloads.download("started-during-asked-after", 9, 14, 11), "cloudflare.test",
                        11));
        SloEvaluator evaluator = new SloEvaluator(downloads, CF_DOWN, new RoutingLog(List.of(at(4)), HOSTS));

        SloVerdict verdict = evaluator.judge(new Slo.FirstRequestsTo("cloudflare", 0,
                new Slo.Window(Slo.Phase.DURING, "cf-down")));

        assertThat(verdict.passed()).as(verdict.toString()).isTrue();
        assertThat(verdict.measured())
                .isEqualTo("0% (0 of 1; 1 more sent their first request after the fault ended, not judged)");
    }

    /**
     * The same for a download whose start-up met a rejected manifest copy: its recovery is timed from its start, but
     * its first request still came after the fault ended, and was left out too. It used to keep no first request time
     * at all, and was judged as if it had asked during the fault.
     */
    @Test
    void firstRequestsToLeavesOutALateFirstRequestAfterAStartUpThatMetARejectedManifest() {
        DownloadRecord troubled = Downloads.startUpMetAFailure(Downloads.firstAsked(
                Downloads.download("rejected-then-asked-after", 9, 14, 11), "cloudflare.test", 11));
        List<DownloadRecord> downloads = List.of(startingAt("asked-during", 5, "fastly.test"), troubled);
        SloEvaluator evaluator = new SloEvaluator(downloads, CF_DOWN, new RoutingLog(List.of(at(4)), HOSTS));

        SloVerdict verdict = evaluator.judge(new Slo.FirstRequestsTo("cloudflare", 0,
                new Slo.Window(Slo.Phase.DURING, "cf-down")));

        assertThat(verdict.passed()).as(verdict.toString()).isTrue();
        assertThat(verdict.measured())
                .isEqualTo("0% (0 of 1; 1 more sent their first request after the fault ended, not judged)");
    }

    @Test
    void firstRequestsToIsNotJudgedWhenEveryFirstRequestCameAfterTheFault() {
        List<DownloadRecord> downloads = List.of(
                Downloads.firstAsked(Downloads.download("late", 9, 14, 11), "cloudflare.test", 11));
        SloVerdict verdict = new SloEvaluator(downloads, CF_DOWN, new RoutingLog(List.of(at(4)), HOSTS))
                .judge(new Slo.FirstRequestsTo("cloudflare", 0, new Slo.Window(Slo.Phase.DURING, "cf-down")));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.measured()).isEqualTo("not judged: every download started after the re-signed manifest "
                + "sent its first request after the fault had ended");
        assertThat(verdict.detail()).as("what to change: the clients asked too late, not too early")
                .isEqualTo("start the clients sooner after the controller acts, or make the fault last longer, so "
                        + "that some ask a mirror while it is on");
    }

    @Test
    void firstRequestsToIsNotJudgedWithoutARepublication() {
        SloVerdict verdict = new SloEvaluator(List.of(startingAt("d", 5, "fastly.test")), CF_DOWN, RoutingLog.NONE)
                .judge(new Slo.FirstRequestsTo("cloudflare", 0, new Slo.Window(Slo.Phase.DURING, "cf-down")));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.measured()).isEqualTo("not judged: no re-signed manifest");
    }

    /** A run in which no download finished (its client could not start) passes no SLO about downloads. */
    @Test
    void withNoDownloadAtAllADownloadSloFailsAsNotJudgedWhileRoutingOnesAreStillJudged() {
        SloEvaluator evaluator = new SloEvaluator(List.of(), CF_DOWN, new RoutingLog(List.of(at(1)), HOSTS));
        Slo.Window wholeRun = new Slo.Window(Slo.Phase.WHOLE_RUN, null);

        SloVerdict complete = evaluator.judge(new Slo.CompleteWithin(1.0, Duration.ofSeconds(60), wholeRun));
        SloVerdict corrupt = evaluator.judge(new Slo.CorruptFilesAccepted(0, wholeRun));
        SloVerdict republications = evaluator.judge(new Slo.MaxRepublications(3));

        assertThat(complete.passed()).as("completeWithin over no download: %s", complete.measured()).isFalse();
        assertThat(complete.measured()).isEqualTo("not judged: no download finished");
        assertThat(corrupt.passed()).as("corruptFilesAccepted over no download").isFalse();
        assertThat(republications.passed()).as("maxRepublications judges the controller, not downloads").isTrue();
    }
}
