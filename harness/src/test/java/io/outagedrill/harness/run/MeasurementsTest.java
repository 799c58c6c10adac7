package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.sut.Capability;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeasurementsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    private static final DownloadJob JOB = new DownloadJob("c-1", List.of(), Path.of("k"), Path.of("ca"), Map.of(),
            List.of(), List.of(), Path.of("out"), "f.bin", 200, "00", "adaptive", Map.of(), Duration.ofSeconds(5),
            null, false);

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static DownloadRecord measure(Set<Capability> reports, Observation... observations) {
        DownloadOutcome outcome = new DownloadOutcome("c-1", "x", 0, Optional.empty(), true, T0,
                Duration.ofSeconds(1), false, List.of(observations), "");
        return Measurements.record("g", "x", reports, "adaptive", JOB, outcome);
    }

    @Test
    void eachVerifiedChunkIsPairedWithItsRequestAndFirstByteOnTheSameMirror() {
        DownloadRecord record = measure(Capability.referenceEvents(),
                new Observation.AttemptStarted(at(0), "a.test", 0, 100),
                new Observation.AttemptStarted(at(0), "b.test", 1, 100),
                new Observation.FirstByte(at(40), "a.test", 0, Duration.ofMillis(40)),
                new Observation.FirstByte(at(90), "b.test", 1, Duration.ofMillis(90)),
                // b.test failed chunk 1
                new Observation.MirrorSwitched(at(500), "b.test", "a.test", 1, "no data for 400 ms"),
                new Observation.AttemptStarted(at(510), "a.test", 1, 100),
                new Observation.ChunkVerified(at(600), "a.test", 0, 100),
                new Observation.FirstByte(at(700), "a.test", 1, Duration.ofMillis(20)),
                new Observation.ChunkVerified(at(900), "a.test", 1, 100));

        assertThat(record.transfers()).containsExactly(
                new DownloadRecord.ChunkTransfer(0, "a.test", T0, 40L, T0.plusMillis(600), 100),
                new DownloadRecord.ChunkTransfer(1, "a.test", T0.plusMillis(510), 20L, T0.plusMillis(900), 100));
        assertThat(record.failovers()).isEqualTo(1);
        assertThat(record.attempts()).isEqualTo(3);
        assertThat(record.switches()).containsExactly(
                new DownloadRecord.MirrorSwitch(at(500), "b.test", "a.test", 1, "no data for 400 ms"));
    }

    @Test
    void aChunkThatCameOnTheResponseOfTheOneBeforeIsTimedFromWhenTheResponseReachedIt() {
        DownloadRecord record = measure(Capability.referenceEvents(),
                new Observation.AttemptStarted(at(0), "a.test", 0, 100),
                new Observation.FirstByte(at(50), "a.test", 0, Duration.ofMillis(50)),
                new Observation.ChunkVerified(at(150), "a.test", 0, 100),
                // the same response reaches chunk 1: no request, no headers of its own
                new Observation.AttemptStarted(at(150), "a.test", 1, 100),
                new Observation.ChunkVerified(at(250), "a.test", 1, 100));

        assertThat(record.transfers()).as("chunk 1 from when the response reached it, with no time to first byte"
                + " of its own").containsExactly(
                new DownloadRecord.ChunkTransfer(0, "a.test", T0, 50L, at(150), 100),
                new DownloadRecord.ChunkTransfer(1, "a.test", at(150), null, at(250), 100));
        assertThat(record.attempts()).as("chunks asked, shared response or not").isEqualTo(2);
    }

    @Test
    void aChunkFinishedForAnotherMirrorCountsOnlyTheBytesItBrought() {
        DownloadRecord record = measure(Capability.referenceEvents(),
                new Observation.AttemptStarted(at(0), "a.test", 0, 100),
                new Observation.MirrorSwitched(at(300), "a.test", "b.test", 0, "no data for 250 ms"),
                // a.test sent 60 bytes before it went silent; b.test is asked for the other 40
                new Observation.AttemptStarted(at(310), "b.test", 0, 40),
                new Observation.FirstByte(at(320), "b.test", 0, Duration.ofMillis(10)),
                new Observation.ChunkVerified(at(330), "b.test", 0, 100));

        assertThat(record.transfers()).as("b.test's transfer of chunk 0: the 40 bytes it was asked for")
                .containsExactly(new DownloadRecord.ChunkTransfer(0, "b.test", at(310), 10L, at(330), 40));
    }

    @Test
    void theFirstRequestIsKeptWithItsMirrorAndTimeAndIsAbsentWhenNoRequestIsReported() {
        DownloadRecord asked = measure(Capability.referenceEvents(),
                new Observation.AttemptStarted(at(300), "a.test", 0, 100),
                new Observation.AttemptStarted(at(310), "b.test", 1, 100),
                new Observation.ChunkVerified(at(600), "b.test", 1, 100));
        DownloadRecord quiet = measure(Set.of(), new Observation.Completed(at(900), 0));

        assertThat(asked.firstRequestTo()).isEqualTo("a.test");
        assertThat(asked.firstRequestAt()).as("the end of the download's start-up").isEqualTo(at(300));
        assertThat(quiet.firstRequestAt()).as("a downloader that reports no requests").isNull();
    }

    @Test
    void aStartUpThatMetAFailingManifestCopyIsTimedFromItsStartYetKeepsWhenItFirstAsked() {
        DownloadRecord troubled = measure(Capability.referenceEvents(),
                new Observation.ManifestRejected(at(2000), "https://manifests.akamai.test/video.jws",
                        new Observation.Reason("UNREACHABLE", "SERVFAIL for manifests.akamai.test")),
                new Observation.AttemptStarted(at(2300), "b.test", 0, 100),
                new Observation.ChunkVerified(at(2600), "b.test", 0, 100));

        assertThat(troubled.firstRequestTo()).isEqualTo("b.test");
        assertThat(troubled.startUpMetAFailure()).as("a manifest copy unreachable before the first request").isTrue();
        assertThat(troubled.startedUpAt()).as("where its recovery is timed from: its start-up met the outage and is "
                + "part of its recovery, so not its first request").isNull();
        assertThat(troubled.firstRequestAt()).as("when it first asked a mirror, which firstRequestsTo needs to leave "
                + "out a first request sent after the fault ended").isEqualTo(at(2300));
    }

    @Test
    void rejectedChunksKeepTheirCodeAndAreCountedAsWasteWhenNoTotalIsReported() {
        DownloadRecord record = measure(Capability.referenceEvents(),
                new Observation.ChunkRejected(at(10), "a.test", 2, 64,
                        new Observation.Reason("CORRUPT", "chunk 2 failed its SHA-256")),
                new Observation.ManifestRejected(at(20), "https://m.test/f.json",
                        new Observation.Reason("ROLLBACK", "version 3 is older than 4")));

        assertThat(record.rejectedChunks()).containsExactly(new DownloadRecord.ChunkRejection(at(10), "a.test", 2,
                64, "CORRUPT", "chunk 2 failed its SHA-256"));
        assertThat(record.chunksRejectedBy()).containsExactly(Map.entry("a.test", 1));
        assertThat(record.bytesWasted()).isEqualTo(64L);
        assertThat(record.rejection()).isEqualTo(new DownloadRecord.Rejection("ROLLBACK",
                "version 3 is older than 4"));
    }

    /**
     * A frozen replica refused as EXPIRED, then the next one unreachable: the record keeps both codes, so an
     * {@code expectRejection} on EXPIRED still sees the attack refused.
     */
    @Test
    void everyManifestRefusalIsKeptInOrderAndTheLastIsTheRecordsRejection() {
        DownloadRecord record = measure(Capability.referenceEvents(),
                new Observation.ManifestRejected(at(10), "https://m1.test/f.jws",
                        new Observation.Reason("EXPIRED", "expired 3 h ago")),
                new Observation.ManifestRejected(at(20), "https://m2.test/f.jws",
                        new Observation.Reason("UNREACHABLE", "connection refused")));

        assertThat(record.rejection().code()).isEqualTo("UNREACHABLE");
        assertThat(record.rejection().words()).isEqualTo("connection refused");
        assertThat(record.rejection().codes()).containsExactly("EXPIRED", "UNREACHABLE");
        assertThat(record.rejection().anyFor("expired")).as("reason codes compare ignoring case").isTrue();
        assertThat(record.rejection().anyFor("ROLLBACK")).isFalse();
    }

    @Test
    void aMirrorLoopThatReportsFailuresButNoSwitchesFailsOverOnEachFailure() {
        Observation[] seen = {
                new Observation.AttemptStarted(at(0), "a.test", -1, 200),
                new Observation.MirrorFailed(at(100), "a.test", new Observation.Reason("CURL_EXIT", "curl exit 22")),
                new Observation.AttemptStarted(at(100), "b.test", -1, 200)};

        assertThat(measure(Set.of(Capability.MIRROR_FAILURES), seen).failovers())
                .as("a client that only reports failed mirrors moves on after each").isEqualTo(1);
        assertThat(measure(Capability.referenceEvents(), seen).failovers())
                .as("a client that reports its switches fails over only when it says so").isZero();
    }

    @Test
    void theRecordSaysWhatTheClientReportsDeclaredOrSeen() {
        DownloadRecord silent = measure(Set.of());
        DownloadRecord chunky = measure(Set.of(), new Observation.ChunkVerified(at(5), "a.test", 0, 200));

        assertThat(silent.reports()).isEmpty();
        assertThat(silent.bytesWasted()).as("not reported, not zero").isNull();
        assertThat(chunky.reports()).contains(Capability.CHUNKS, Capability.PROGRESS);
    }
}
