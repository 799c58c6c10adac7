package io.outagedrill.harness.run;

import static io.outagedrill.harness.run.Downloads.download;
import static io.outagedrill.harness.run.Downloads.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Slo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeToRecoverTest {
    private static final Slo START = new Slo.TimeToRecover("cut", Slo.Edge.START, Duration.ofSeconds(2));
    private static final Slo CLEAR = new Slo.TimeToRecover("cut", Slo.Edge.CLEAR, Duration.ofSeconds(2));

    @Test
    void aDownloadThatProgressesSoonAfterTheStartPasses() {
        SloVerdict verdict = new SloEvaluator(List.of(download("c-001", 0, 10, 1, 4.5, 9)),
                List.of(window("cut", 3, 6.0))).judge(START);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.judged()).isEqualTo(1);
        assertThat(verdict.measured()).isEqualTo("worst 1.50 s");
    }

    @Test
    void noDownloadInFlightAtTheStartIsNotJudgedAndFails() {
        // The only download ended before the fault began: the SLO measured nothing, which must not read as a pass.
        SloVerdict verdict = new SloEvaluator(List.of(download("c-001", 0, 2, 1)),
                List.of(window("cut", 3, 6.0))).judge(START);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.judged()).isZero();
        assertThat(verdict.measured()).isEqualTo("not judged: no download was in flight at cut start");
        assertThat(verdict.detail()).contains("stagger");
    }

    /** The downloader gave up before the fault: its doing, not a scenario that left the fault without a download. */
    @Test
    void noDownloadInFlightBecauseTheyHadFailedSaysSoNotThatTheScenarioIsBroken() {
        DownloadRecord failed = Downloads.failed(download("c-001", 0, 2, 1), 4);

        SloVerdict verdict = new SloEvaluator(List.of(failed), List.of(window("cut", 3, 6.0))).judge(START);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.measured()).isEqualTo("not judged: no download was in flight at cut start");
        assertThat(verdict.detail()).isEqualTo("1 download(s) had already failed by then: see why each failed");
    }

    @Test
    void noDownloadInFlightAtTheClearIsNotJudgedAndFails() {
        SloVerdict verdict = new SloEvaluator(List.of(download("c-001", 0, 5, 1, 4)),
                List.of(window("cut", 3, 6.0))).judge(CLEAR);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.measured()).isEqualTo("not judged: no download was in flight at cut clear");
    }

    @Test
    void aFaultStillOnWhenTheRunEndedHasNoClearToJudge() {
        SloVerdict verdict = new SloEvaluator(List.of(download("c-001", 0, 10, 1, 9)),
                List.of(window("cut", 3, null))).judge(CLEAR);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.measured()).isEqualTo("not judged: cut was never cleared");
    }

    @Test
    void anySloWithNoDownloadInItsWindowIsNotJudgedAndFails() {
        Slo during = new Slo.MaxFailoversPerDownload(2, new Slo.Window(Slo.Phase.DURING, "cut"));
        SloVerdict verdict = new SloEvaluator(List.of(download("c-001", 0, 2, 1)),
                List.of(window("cut", 3, 6.0))).judge(during);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.slo()).as("named with its limit, as when judged")
                .isEqualTo("maxFailoversPerDownload 2 (during cut)");
        assertThat(verdict.measured()).isEqualTo("not judged: no download during cut");
    }

    @Test
    void aDownloadThatNeverProgressesAgainFails() {
        DownloadRecord stuck = Downloads.failed(download("c-001", 0, 10, 1), 1);

        SloVerdict verdict = new SloEvaluator(List.of(stuck), List.of(window("cut", 3, 6.0))).judge(START);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.measured()).isEqualTo("some never recovered");
        assertThat(verdict.detail()).isEqualTo("c-001 never progressed again");
    }
}
