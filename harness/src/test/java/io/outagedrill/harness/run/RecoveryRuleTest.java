package io.outagedrill.harness.run;

import static io.outagedrill.harness.run.Downloads.download;
import static io.outagedrill.harness.run.Downloads.firstAsked;
import static io.outagedrill.harness.run.Downloads.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Slo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryRuleTest {

    @Test
    void afterAStartTheDownloadsInFlightAndThoseStartedDuringTheFaultAreJudged() {
        DownloadRecord inFlight = download("in-flight", 0, 10, 1, 4.5, 9);
        DownloadRecord startedDuring = download("started-during", 4, 10, 5.5);
        DownloadRecord before = download("before", 0, 2, 1);
        DownloadRecord after = download("after", 7, 9, 8);

        List<RecoveryRule.Wait> waits = RecoveryRule.waits(List.of(window("cut", 3, 6.0)), Slo.Edge.START,
                List.of(inFlight, startedDuring, before, after));

        assertThat(waits).containsExactly(
                new RecoveryRule.Wait(inFlight, Downloads.at(3), Optional.of(Duration.ofMillis(1500))),
                new RecoveryRule.Wait(startedDuring, Downloads.at(4), Optional.of(Duration.ofMillis(1500))));
    }

    @Test
    void afterAClearOnlyTheDownloadsInFlightAreJudgedAndAFailedOneWithoutProgressNeverRecovers() {
        DownloadRecord stuck = download("stuck", 5, 10);
        stuck = new DownloadRecord(stuck.id(), stuck.group(), stuck.client(), stuck.policy(), stuck.file(),
                stuck.size(), stuck.started(), stuck.ended(), stuck.elapsed(), 1, false, false, false, 0L, 1, 0,
                null, List.of(), java.util.Map.of(), null, List.of(), List.of(), null);
        DownloadRecord startedDuring = download("started-during", 4, 10, 5.5, 7);

        List<RecoveryRule.Wait> waits = RecoveryRule.waits(List.of(window("cut", 3, 6.0)), Slo.Edge.CLEAR,
                List.of(stuck, startedDuring));

        assertThat(waits).extracting(w -> w.download().id(), RecoveryRule.Wait::recovered)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stuck", false),
                        org.assertj.core.groups.Tuple.tuple("started-during", true));
    }

    @Test
    void aStartUpIsExcusedUpToTheRunsUsualStartUp() {
        // Two downloads started and asked a mirror after the fault: this run's start-up takes 3 s without it.
        DownloadRecord usual1 = firstAsked(download("usual-1", 11, 20, 15), "akamai.test", 14);
        DownloadRecord usual2 = firstAsked(download("usual-2", 12, 20, 16), "akamai.test", 15);
        // Started into the outage, asked a mirror 3 s later as usual, first chunk at 8: 1 s of recovery.
        DownloadRecord startedDuring = firstAsked(download("started-during", 4, 12, 8, 9), "akamai.test", 7);
        // In flight at the start but still starting up until 4: its wait begins when it asks.
        DownloadRecord startingUp = firstAsked(download("starting-up", 2, 12, 6.5), "akamai.test", 4);
        // Asked before the fault: timed from the fault's start.
        DownloadRecord running = firstAsked(download("running", 0, 12, 1, 5), "akamai.test", 0.5);
        // Its start-up took 5 s, 2 s more than usual: the extra is the fault's, so it counts.
        DownloadRecord slowed = firstAsked(download("slowed", 4, 12, 9.5), "akamai.test", 9);

        List<RecoveryRule.Wait> waits = RecoveryRule.waits(List.of(window("servfail", 3, 10.0)), Slo.Edge.START,
                List.of(usual1, usual2, startedDuring, startingUp, running, slowed));

        assertThat(waits).as("each download's wait begins at the latest of the fault's start, its own start and "
                        + "the end of its start-up, excused up to the usual 3 s").containsExactly(
                new RecoveryRule.Wait(startedDuring, Downloads.at(7), Optional.of(Duration.ofSeconds(1))),
                new RecoveryRule.Wait(startingUp, Downloads.at(4), Optional.of(Duration.ofMillis(2500))),
                new RecoveryRule.Wait(running, Downloads.at(3), Optional.of(Duration.ofSeconds(2))),
                new RecoveryRule.Wait(slowed, Downloads.at(7), Optional.of(Duration.ofMillis(2500))));
    }

    @Test
    void withNoStartUpMeasuredOutsideTheFaultNothingIsExcused() {
        // Every download started under the fault: there is no usual start-up to compare with.
        DownloadRecord startedDuring = firstAsked(download("started-during", 4, 12, 8, 9), "akamai.test", 7);

        assertThat(RecoveryRule.waits(List.of(window("servfail", 3, 10.0)), Slo.Edge.START, List.of(startedDuring)))
                .as("timed from its own start").singleElement().isEqualTo(
                        new RecoveryRule.Wait(startedDuring, Downloads.at(4), Optional.of(Duration.ofSeconds(4))));
    }

    /**
     * A start-up that met a rejected manifest copy met the outage itself: its wait is timed from its start, not from
     * its first request and not excused by the usual start-up, though the record keeps when it first asked.
     */
    @Test
    void aStartUpThatMetARejectedManifestIsTimedFromItsStart() {
        DownloadRecord usual1 = firstAsked(download("usual-1", 11, 20, 15), "akamai.test", 14);
        DownloadRecord usual2 = firstAsked(download("usual-2", 12, 20, 16), "akamai.test", 15);
        DownloadRecord rejected = Downloads.startUpMetAFailure(
                firstAsked(download("manifest-rejected", 4, 12, 8, 9), "akamai.test", 7));

        assertThat(RecoveryRule.waits(List.of(window("servfail", 3, 10.0)), Slo.Edge.START,
                List.of(usual1, usual2, rejected)))
                .as("timed from its own start at 4 s, its first request at 7 s notwithstanding").singleElement()
                .isEqualTo(new RecoveryRule.Wait(rejected, Downloads.at(4), Optional.of(Duration.ofSeconds(4))));
    }

    @Test
    void aDownloadWhoseUsualStartUpLastedPastTheClearIsNotJudged() {
        // This run's start-up takes 6 s without the fault.
        DownloadRecord usual = firstAsked(download("usual", 11, 20, 18), "akamai.test", 17);
        // Started during the fault, first request after the clear, as long as usual: it never met the fault.
        DownloadRecord late = firstAsked(download("late", 5, 14, 13), "akamai.test", 11);
        DownloadRecord met = firstAsked(download("met", 5, 14, 9), "akamai.test", 6);

        assertThat(RecoveryRule.waits(List.of(window("servfail", 3, 10.0)), Slo.Edge.START,
                List.of(usual, late, met)))
                .as("only the download that asked a mirror while the fault was on is judged")
                .extracting(w -> w.download().id()).containsExactly("met");
        assertThat(RecoveryRule.waits(List.of(window("servfail", 3, 10.0)), Slo.Edge.CLEAR,
                List.of(usual, late, met)))
                .as("at the clear too").extracting(w -> w.download().id()).containsExactly("met");
    }

    @Test
    void aDownloadThatReportsNoChunksRecoversWhenItSucceeds() {
        DownloadRecord quiet = download("quiet", 0, 8);

        assertThat(RecoveryRule.waits(List.of(window("cut", 3, 6.0)), Slo.Edge.START, List.of(quiet)))
                .singleElement().extracting(RecoveryRule.Wait::took).isEqualTo(Optional.of(Duration.ofSeconds(5)));
    }
}
