package io.outagedrill.harness.run;

import static io.outagedrill.harness.run.Downloads.download;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Slo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An SLO's name carries its numbers exactly: reports read the completion SLO's share and time back from it, so a
 * 12.5 s limit written as "12 s" counted downloads between 12 and 12.5 s as late where the verdict passed them.
 */
class SloNamesTest {
    @Test
    void aLimitOfTenSecondsOrMoreKeepsItsFraction() {
        Slo slo = new Slo.CompleteWithin(1.0, Duration.ofMillis(12_500), Slo.Window.WHOLE_RUN);

        SloVerdict verdict = new SloEvaluator(List.of(download("c-001", 0, 12.3, 1)), List.of()).judge(slo);

        assertThat(verdict.slo()).isEqualTo("completeWithin 100% in 12.5 s");
        assertThat(verdict.passed()).as("12.3 s within 12.5 s").isTrue();
    }

    @Test
    void wholeSecondsAndShortLimitsReadAsBefore() {
        assertThat(SloEvaluator.secs(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(SloEvaluator.secs(Duration.ofMillis(5_000))).isEqualTo("5.00 s");
        assertThat(SloEvaluator.secs(Duration.ofMillis(2_345))).isEqualTo("2.35 s");
        assertThat(SloEvaluator.pct(0.955)).isEqualTo("95.5%");
    }

    @Test
    void aTargetWithTwoDecimalsKeepsThemAndAShareShortOfAllNeverReadsAsAll() {
        // 99.99% as the scenario loader reads "99.99%": 0.9998999999999999.
        Slo slo = new Slo.CompleteWithin(Double.parseDouble("99.99") / 100, Duration.ofSeconds(30),
                Slo.Window.WHOLE_RUN);
        List<DownloadRecord> downloads = new java.util.ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            DownloadRecord d = download("c-%05d".formatted(i), 0, 4, 1);
            downloads.add(i == 1 ? ended(d, 1, false, false) : d);
        }

        SloVerdict verdict = new SloEvaluator(downloads, List.of()).judge(slo);

        assertThat(verdict.slo()).as("the name reports read the target back from")
                .isEqualTo("completeWithin 99.99% in 30 s");
        assertThat(verdict.expected()).isEqualTo("at least 99.99%");
        assertThat(verdict.measured()).as("9,999 of 10,000 is not all of them")
                .isEqualTo("99.99% (9999 of 10000)");
        assertThat(verdict.passed()).isTrue();
    }

    @Test
    void limitsReadAsWrittenAndMeasuredSharesKeepOneDecimal() {
        assertThat(SloEvaluator.pct(Double.parseDouble("99.95") / 100)).isEqualTo("99.95%");
        assertThat(SloEvaluator.pct(Double.parseDouble("33.33") / 100)).isEqualTo("33.33%");
        assertThat(SloEvaluator.pct(1.0)).isEqualTo("100%");
        assertThat(SloEvaluator.pct(0.0)).isEqualTo("0%");
        assertThat(SloEvaluator.trim(0.25)).as("a maxWastedPercent of 0.25").isEqualTo("0.25");
        assertThat(SloEvaluator.measuredPct(1 / 3.0)).isEqualTo("33.3%");
        assertThat(SloEvaluator.measuredPct(99_999 / 100_000.0)).isEqualTo("99.999%");
        assertThat(SloEvaluator.measuredPct(1 / 100_000.0)).isEqualTo("0.001%");
        // Judged against a target: a share that misses it never reads as it, one that meets it exactly reads as it.
        assertThat(SloEvaluator.measuredPct(8_996 / 10_000.0, 0.90)).as("89.96%% against at least 90%%")
                .isEqualTo("89.96%");
        assertThat(SloEvaluator.measuredPct(9_004 / 10_000.0, 0.90)).as("90.04%% against at least 90%%")
                .isEqualTo("90.04%");
        assertThat(SloEvaluator.measuredPct(199 / 200.0, 0.995)).as("exactly the target").isEqualTo("99.5%");
        assertThat(SloEvaluator.measuredPct(2 / 3.0, 0.90)).as("far from the target").isEqualTo("66.7%");
        // A wasted share beside its limit, the same way.
        assertThat(SloEvaluator.besideLimit(10.04, 10)).as("10.04%% beside at most 10%%").isEqualTo("10.04%");
        assertThat(SloEvaluator.besideLimit(9.96, 10)).isEqualTo("9.96%");
        assertThat(SloEvaluator.besideLimit(10, 10)).as("exactly the limit").isEqualTo("10.0%");
        assertThat(SloEvaluator.besideLimit(0, 10)).isEqualTo("0.0%");
        assertThat(SloEvaluator.besideLimit(3.25, 10)).isEqualTo("3.3%");
    }

    @Test
    void aDownloadThatDidNotSucceedIsSaidAsItEnded() {
        DownloadRecord d = download("c-001", 0, 4, 1);

        assertThat(SloEvaluator.failure(ended(d, -1, true, false))).isEqualTo("was stopped at its timeout");
        assertThat(SloEvaluator.failure(ended(d, 0, false, true))).isEqualTo("exited 0 with a wrong file");
        assertThat(SloEvaluator.failure(ended(d, 0, false, false))).as("no file where the harness looks")
                .isEqualTo("exited 0 but left no file at its destination ({output})");
        assertThat(SloEvaluator.failure(ended(d, 3, false, false))).isEqualTo("failed (exit 3)");
        assertThat(SloEvaluator.failure(ended(d, 137, false, false))).as("128 + 9")
                .isEqualTo("failed (exit 137, as a process killed by SIGKILL ends)");
        assertThat(SloEvaluator.failure(ended(d, 143, false, false))).as("128 + 15")
                .isEqualTo("failed (exit 143, as a process killed by SIGTERM ends)");
    }

    /**
     * A wrapper script whose curl is missing failed every download as "failed (exit 127)", and only the run record
     * said why: the last line it printed goes with the exit code (not a JSON event line, whose figures are in the
     * record), cut at 120 characters.
     */
    @Test
    void aFailedDownloadIsSaidWithTheLastLineItsDownloaderPrinted() {
        DownloadRecord d = download("c-001", 0, 4, 1);

        assertThat(SloEvaluator.failure(ended(d, 127, false, false,
                "fetching https://127.0.0.2/video.mp4\n./bin/my-dl: 3: curl: not found\n\n")))
                .isEqualTo("failed (exit 127, said: ./bin/my-dl: 3: curl: not found)");
        assertThat(SloEvaluator.failure(ended(d, 1, false, false,
                "movie.bin failed: no mirror can serve it\n{\"event\":\"failed\"}\n")))
                .as("a JSON event line passed over").isEqualTo("failed (exit 1, said: movie.bin failed: no mirror can serve it)");
        assertThat(SloEvaluator.failure(ended(d, 1, false, false, "x".repeat(200))))
                .isEqualTo("failed (exit 1, said: " + "x".repeat(119) + "…)");
    }

    private static DownloadRecord ended(DownloadRecord d, int exit, boolean timedOut, boolean corrupt) {
        return ended(d, exit, timedOut, corrupt, d.output());
    }

    private static DownloadRecord ended(DownloadRecord d, int exit, boolean timedOut, boolean corrupt, String output) {
        return new DownloadRecord(d.id(), d.group(), d.client(), d.policy(), d.file(), d.size(), d.started(), d.ended(),
                d.elapsed(), exit, false, corrupt, timedOut, d.bytesWasted(), d.attempts(), d.failovers(),
                d.timeToFirstByte(), d.switches(), d.chunksRejectedBy(), d.rejection(), d.progress(), d.chunks(),
                output, d.transfers(), d.rejectedChunks(), d.reports(), d.firstRequestTo(), d.firstRequestAt());
    }

    /**
     * A scenario with a warm and a cold group holds each to its own objective: an SLO naming a group judges its
     * downloads alone, and its name says which, as a window's does.
     */
    @Test
    void anSloOfOneClientGroupJudgesThatGroupAloneAndSaysSo() {
        DownloadRecord warm = inGroup(download("warm-001", 0, 2, 1), "warm");
        DownloadRecord cold = inGroup(download("cold-001", 0, 9, 1), "cold");
        SloEvaluator evaluator = new SloEvaluator(List.of(warm, cold), List.of(Downloads.window("b", 1, 3.0)));

        SloVerdict warmOnly = evaluator.judge(new Slo.CompleteWithin(1.0, Duration.ofSeconds(3),
                Slo.Window.WHOLE_RUN.of("warm")));
        assertThat(warmOnly.slo()).isEqualTo("completeWithin 100% in 3.00 s (clients warm)");
        assertThat(warmOnly.passed()).as("verdict %s: the cold group's 9 s download is not warm's", warmOnly)
                .isTrue();
        assertThat(warmOnly.measured()).isEqualTo("100% (1 of 1)");

        SloVerdict coldDuring = evaluator.judge(new Slo.CompleteWithin(1.0, Duration.ofSeconds(3),
                new Slo.Window(Slo.Phase.DURING, "b", "cold")));
        assertThat(coldDuring.slo()).isEqualTo("completeWithin 100% in 3.00 s (during b, clients cold)");
        assertThat(coldDuring.passed()).isFalse();
        assertThat(coldDuring.detail()).isEqualTo("cold-001 took 9.00 s");

        SloVerdict recovered = evaluator.judge(new Slo.TimeToRecover("b", Slo.Edge.START, Duration.ofSeconds(1),
                "warm"));
        assertThat(recovered.slo()).isEqualTo("timeToRecover 1.00 s after b start (clients warm)");
        assertThat(recovered.judged()).as("verdict %s: the warm group's one download", recovered).isEqualTo(1);
    }

    private static DownloadRecord inGroup(DownloadRecord d, String group) {
        return new DownloadRecord(d.id(), group, d.client(), d.policy(), d.file(), d.size(), d.started(), d.ended(),
                d.elapsed(), d.exitCode(), d.succeeded(), d.acceptedCorrupt(), d.timedOut(), d.bytesWasted(),
                d.attempts(), d.failovers(), d.timeToFirstByte(), d.switches(), d.chunksRejectedBy(), d.rejection(),
                d.progress(), d.chunks(), d.output(), d.transfers(), d.rejectedChunks(), d.reports(),
                d.firstRequestTo(), d.firstRequestAt());
    }

    /** The worst offenders are the worst: in download order the three named were the first late ones. */
    @Test
    void theWorstOffendersNamedAreTheSlowestNotTheFirst() {
        List<DownloadRecord> downloads = List.of(download("c-1", 0, 5, 1), download("c-2", 0, 9, 1),
                download("c-3", 0, 6, 1), download("c-4", 0, 7, 1), download("c-5", 0, 2, 1));

        SloVerdict verdict = new SloEvaluator(downloads, List.of()).judge(new Slo.CompleteWithin(1.0,
                Duration.ofSeconds(4), Slo.Window.WHOLE_RUN));

        assertThat(verdict.detail()).isEqualTo("c-2 took 9.00 s; c-4 took 7.00 s; c-3 took 6.00 s");
    }
}
