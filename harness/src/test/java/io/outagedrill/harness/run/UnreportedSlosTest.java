package io.outagedrill.harness.run;

import static io.outagedrill.harness.run.Downloads.download;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Slo;
import io.outagedrill.harness.sut.Capability;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An SLO on a figure the client never reports fails as not judged, as one with no download does: aria2c reports
 * neither switches nor wasted bytes, and its silence used to read as "at most 0" and pass.
 */
class UnreportedSlosTest {
    private static final Slo FAILOVERS = new Slo.MaxFailoversPerDownload(2, Slo.Window.WHOLE_RUN);
    private static final Slo WASTED = new Slo.MaxWastedPercent(5, Slo.Window.WHOLE_RUN);

    @Test
    void aClientThatReportsNoSwitchesIsNotJudgedOnFailovers() {
        SloVerdict verdict = new SloEvaluator(List.of(as(download("c-001", 0, 4, 2), "aria2c", Set.of(), null)),
                List.of()).judge(FAILOVERS);

        assertThat(verdict.passed()).as("verdict %s", verdict).isFalse();
        assertThat(verdict.judged()).isZero();
        assertThat(verdict.measured()).isEqualTo("not judged: not reported by aria2c");
        assertThat(verdict.detail()).contains("mirror switches or failed mirrors");
    }

    @Test
    void aClientThatReportsNoWasteIsNotJudgedOnWaste() {
        SloVerdict verdict = new SloEvaluator(List.of(as(download("c-001", 0, 4, 2), "aria2c", Set.of(), null)),
                List.of()).judge(WASTED);

        assertThat(verdict.passed()).as("verdict %s", verdict).isFalse();
        assertThat(verdict.measured()).isEqualTo("not judged: not reported by aria2c");
    }

    @Test
    void aClientThatReportsFailedMirrorsIsJudgedOnThemAndTheSilentOnesAreLeftOut() {
        DownloadRecord curl = as(download("c-001", 0, 4, 2), "curl", Set.of(Capability.MIRROR_FAILURES), null);
        DownloadRecord silent = as(download("c-002", 0, 4, 2), "aria2c", Set.of(), null);

        SloVerdict verdict = new SloEvaluator(List.of(curl, silent), List.of()).judge(FAILOVERS);

        assertThat(verdict.passed()).as("verdict %s", verdict).isTrue();
        assertThat(verdict.judged()).as("downloads judged: the one that reports").isEqualTo(1);
        assertThat(verdict.measured()).isEqualTo("at most 0");
    }

    @Test
    void theReferenceClientsZeroWasteIsAMeasurementAndPasses() {
        DownloadRecord reference = as(download("c-001", 0, 4, 2), "reference", Capability.referenceEvents(), 0L);

        SloVerdict verdict = new SloEvaluator(List.of(reference), List.of()).judge(WASTED);

        assertThat(verdict.passed()).as("verdict %s", verdict).isTrue();
        assertThat(verdict.measured()).isEqualTo("at most 0.0%");
    }

    /**
     * The reference client reports its waste with a completed download; when none completed (every download hit
     * its deadline) the verdict said "not reported by reference", as of a client that never reports it.
     */
    @Test
    void wasteIsNotJudgedWhenNoDownloadCompletedAndTheVerdictSaysSoNotThatTheClientReportsNone() {
        DownloadRecord stopped = as(download("c-001", 0, 4, 2), "reference", Capability.referenceEvents(), null,
                false);

        SloVerdict verdict = new SloEvaluator(List.of(stopped), List.of()).judge(WASTED);

        assertThat(verdict.passed()).as("verdict %s", verdict).isFalse();
        assertThat(verdict.measured()).isEqualTo("not judged: none of the 1 download(s) completed");
        assertThat(verdict.detail()).contains("completed download");
    }

    private static DownloadRecord as(DownloadRecord d, String client, Set<Capability> reports, Long wasted) {
        return as(d, client, reports, wasted, d.succeeded());
    }

    private static DownloadRecord as(DownloadRecord d, String client, Set<Capability> reports, Long wasted,
                                     boolean succeeded) {
        return new DownloadRecord(d.id(), d.group(), client, d.policy(), d.file(), d.size(), d.started(), d.ended(),
                d.elapsed(), d.exitCode(), succeeded, d.acceptedCorrupt(), d.timedOut(), wasted, d.attempts(),
                d.failovers(), d.timeToFirstByte(), d.switches(), d.chunksRejectedBy(), d.rejection(), d.progress(),
                d.chunks(), d.output(), d.transfers(), d.rejectedChunks(), reports, d.firstRequestTo(),
                d.firstRequestAt());
    }
}
