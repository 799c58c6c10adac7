package io.outagedrill.harness.run;

import static io.outagedrill.harness.run.Downloads.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Slo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code expectRejection} passes when every download was refused as the scenario says; when it fails on a reason no
 * reference client gives, the verdict says that the scenario's reason is likely mistyped, since a refusal for
 * BAD_SIGNATURE against an expected BAD_SIGNATUR otherwise reads as the client refusing for the wrong reason.
 */
class ExpectRejectionTest {
    private static final List<DownloadRecord> BAD_SIGNATURE = List.of(rejected("c-001", 3, "BAD_SIGNATURE"),
            rejected("c-002", 3, "BAD_SIGNATURE"));

    @Test
    void everyDownloadRefusedForTheExpectedReasonPasses() {
        SloVerdict verdict = judge(BAD_SIGNATURE, 3, "BAD_SIGNATURE");

        assertThat(verdict.passed()).as("verdict %s", verdict).isTrue();
        assertThat(verdict.measured()).isEqualTo("2 of 2 refused as expected");
    }

    @Test
    void aMistypedReasonFailsAndIsSaidToBeTheScenarios() {
        SloVerdict verdict = judge(BAD_SIGNATURE, 3, "BAD_SIGNATUR");

        assertThat(verdict.passed()).as("verdict %s", verdict).isFalse();
        assertThat(verdict.detail()).isEqualTo("c-001: exit 3, reason BAD_SIGNATURE; c-002: exit 3, reason "
                + "BAD_SIGNATURE; the expected reason BAD_SIGNATUR is none the reference client gives (did you mean "
                + "BAD_SIGNATURE?)");
    }

    @Test
    void aReasonOfTheUsersOwnDownloaderIsMatchedAndOnlyNamedWhenItFails() {
        assertThat(judge(List.of(rejected("c-001", 3, "KEY_PINNING")), 3, "KEY_PINNING").passed())
                .as("a reason a user's downloader reports in its events").isTrue();

        SloVerdict verdict = judge(BAD_SIGNATURE, null, "CERT_PINNING");
        assertThat(verdict.detail()).endsWith("; the expected reason CERT_PINNING is none the reference client gives "
                + "(MALFORMED, DUPLICATE_KEY, BAD_SIGNATURE, ALG_NONE, ALG_NOT_ALLOWED, UNKNOWN_CRIT, FORBIDDEN_HEADER, "
                + "UNKNOWN_KEY, EXPIRED, ROLLBACK, BAD_FILE_NAME, WRONG_FILE, INSECURE_MIRROR, INCONSISTENT, "
                + "UNREACHABLE)");
    }

    @Test
    void aKnownReasonThatWasNotGivenFailsWithoutAHint() {
        SloVerdict verdict = judge(BAD_SIGNATURE, 3, "EXPIRED");

        assertThat(verdict.passed()).as("verdict %s", verdict).isFalse();
        assertThat(verdict.detail()).doesNotContain("none the reference client gives");
    }

    /**
     * One replica frozen, another good: a download that refused the frozen copy and got the file from the good one
     * passes; one that took the frozen copy (it reports no refusal) fails, though its file is right.
     */
    @Test
    void thenDownloadPassesARefusalFollowedByTheFileAndFailsAClientThatTookTheBadCopy() {
        DownloadRecord refusedThenDownloaded = refusedThenDownloaded("c-001", "EXPIRED");
        DownloadRecord tookIt = Downloads.download("c-002", 0, 2, 1);

        SloVerdict good = new SloEvaluator(List.of(refusedThenDownloaded), List.of())
                .judge(new Slo.ExpectRejection(null, "EXPIRED", true, Slo.Window.WHOLE_RUN));
        assertThat(good.passed()).as("verdict %s", good).isTrue();
        assertThat(good.measured()).isEqualTo("1 of 1 refused it and downloaded");

        SloVerdict lax = new SloEvaluator(List.of(refusedThenDownloaded, tookIt), List.of())
                .judge(new Slo.ExpectRejection(null, "EXPIRED", true, Slo.Window.WHOLE_RUN));
        assertThat(lax.passed()).as("verdict %s", lax).isFalse();
        assertThat(lax.expected()).isEqualTo("a copy refused, reason EXPIRED, then the file from a good one");
        assertThat(lax.detail()).isEqualTo("c-002: reported no refusal, downloaded");

        SloVerdict refusedOutright = new SloEvaluator(List.of(rejected("c-003", 3, "EXPIRED")), List.of())
                .judge(new Slo.ExpectRejection(null, "EXPIRED", true, Slo.Window.WHOLE_RUN));
        assertThat(refusedOutright.passed()).as("a client that refused every copy, the good one too").isFalse();
        assertThat(refusedOutright.detail()).isEqualTo("c-003: refused for EXPIRED, no file (exit 3)");
    }

    /**
     * Three replicas: the frozen one refused as EXPIRED, the next unreachable, the third good. The refusal the SLO asks
     * for was reported, though not last; a client that met only the unreachable one did not refuse the attack.
     */
    @Test
    void thenDownloadLooksAtEveryRefusalNotTheLastAlone() {
        Slo.ExpectRejection expired = new Slo.ExpectRejection(null, "EXPIRED", true, Slo.Window.WHOLE_RUN);
        DownloadRecord expiredThenUnreachable = refusedThenDownloaded("c-001", new DownloadRecord.Rejection(
                "UNREACHABLE", "connection refused", List.of("EXPIRED", "UNREACHABLE")));
        DownloadRecord unreachableOnly = refusedThenDownloaded("c-002", "UNREACHABLE");

        SloVerdict verdict = new SloEvaluator(List.of(expiredThenUnreachable, unreachableOnly), List.of())
                .judge(expired);

        assertThat(verdict.measured()).isEqualTo("1 of 2 refused it and downloaded");
        assertThat(verdict.detail()).isEqualTo("c-002: refused for UNREACHABLE, downloaded");
        assertThat(new SloEvaluator(List.of(refusedThenDownloaded("c-003", new DownloadRecord.Rejection("EXPIRED",
                "expired", List.of("UNREACHABLE", "EXPIRED", "UNREACHABLE")))), List.of()).judge(expired).passed())
                .as("EXPIRED between two other refusals").isTrue();
    }

    /** Without thenDownload too: a download refused for the reason on one copy, for another on the last. */
    @Test
    void aRefusalForTheReasonOnAnyCopyCounts() {
        DownloadRecord d = rejected("c-001", 3, "UNREACHABLE");
        DownloadRecord rollbackThenUnreachable = new DownloadRecord(d.id(), d.group(), d.client(), d.policy(),
                d.file(), d.size(), d.started(), d.ended(), d.elapsed(), 3, false, false, false, 0L, 0, 0, null,
                List.of(), java.util.Map.of(), new DownloadRecord.Rejection("UNREACHABLE", "refused",
                        List.of("ROLLBACK", "UNREACHABLE")), List.of(), List.of(), null);

        assertThat(judge(List.of(rollbackThenUnreachable), 3, "ROLLBACK").passed()).isTrue();
        SloVerdict wrongReason = judge(List.of(rollbackThenUnreachable), 3, "EXPIRED");
        assertThat(wrongReason.passed()).isFalse();
        assertThat(wrongReason.detail()).isEqualTo("c-001: exit 3, reason ROLLBACK, then UNREACHABLE");
    }

    private static DownloadRecord refusedThenDownloaded(String id, String code) {
        return refusedThenDownloaded(id, new DownloadRecord.Rejection(code, "refused"));
    }

    private static DownloadRecord refusedThenDownloaded(String id, DownloadRecord.Rejection rejection) {
        DownloadRecord d = Downloads.download(id, 0, 2, 1);
        return new DownloadRecord(d.id(), d.group(), d.client(), d.policy(), d.file(), d.size(), d.started(),
                d.ended(), d.elapsed(), 0, true, false, false, d.bytesWasted(), d.attempts(), d.failovers(),
                d.timeToFirstByte(), d.switches(), d.chunksRejectedBy(), rejection, d.progress(), d.chunks(),
                d.output());
    }

    private static SloVerdict judge(List<DownloadRecord> downloads, Integer exitCode, String reason) {
        return new SloEvaluator(downloads, List.of()).judge(new Slo.ExpectRejection(exitCode, reason,
                Slo.Window.WHOLE_RUN));
    }
}
