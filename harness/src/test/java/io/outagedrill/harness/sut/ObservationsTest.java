package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.events.JsonLines;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process events and the child's {@code --json} lines must give the same typed observations. */
class ObservationsTest {
    private static final Instant AT = Instant.parse("2026-11-26T08:00:00Z");

    private static final List<DownloadEvent> EVENTS = List.of(
            new DownloadEvent.AttemptStarted(AT, "a.test", 3, 1024, 4096, 1),
            new DownloadEvent.AttemptStarted(AT, "a.test", 4, 5120, 4096, 2, true),
            new DownloadEvent.FirstByte(AT, "a.test", 3, Duration.ofMillis(42)),
            new DownloadEvent.ChunkVerified(AT, "a.test", 3, 4096),
            new DownloadEvent.ChunkRejected(AT, "a.test", 4, FailureKind.CORRUPT, "chunk 4 failed its SHA-256", 4096),
            new DownloadEvent.MirrorFailed(AT, "a.test", FailureKind.STALL, "no data for 2000 ms", 2),
            new DownloadEvent.MirrorSwitched(AT, "a.test", "b.test", 4, "no data for 2000 ms"),
            new DownloadEvent.MirrorAbandoned(AT, "a.test", "three failures"),
            new DownloadEvent.HedgeStarted(AT, 5, "a.test", "b.test"),
            new DownloadEvent.BackoffStarted(AT, "a.test", Duration.ofMillis(750), "HTTP 503"),
            new DownloadEvent.Completed(AT, "f.bin", null, 8192, "00", Duration.ofSeconds(2), 12288, 4096, 1),
            new DownloadEvent.Failed(AT, "f.bin", "every mirror failed", List.of()));

    @Test
    void eachEventMapsToItsTypedObservationWithTheFailureKindAsCode() {
        assertThat(EVENTS.stream().map(e -> Observations.of(e, AT).orElseThrow()).toList()).containsExactly(
                new Observation.AttemptStarted(AT, "a.test", 3, 4096),
                new Observation.AttemptStarted(AT, "a.test", 4, 4096),
                new Observation.FirstByte(AT, "a.test", 3, Duration.ofMillis(42)),
                new Observation.ChunkVerified(AT, "a.test", 3, 4096),
                new Observation.ChunkRejected(AT, "a.test", 4, 4096,
                        new Observation.Reason("CORRUPT", "chunk 4 failed its SHA-256")),
                new Observation.MirrorFailed(AT, "a.test", new Observation.Reason("STALL", "no data for 2000 ms")),
                new Observation.MirrorSwitched(AT, "a.test", "b.test", 4, "no data for 2000 ms"),
                new Observation.MirrorAbandoned(AT, "a.test", "three failures"),
                new Observation.HedgeStarted(AT, "a.test", "b.test", 5),
                new Observation.Backoff(AT, "a.test", Duration.ofMillis(750), "HTTP 503"),
                new Observation.Completed(AT, 4096),
                new Observation.Failed(AT, "every mirror failed"));
    }

    @Test
    void aJsonLineGivesTheSameObservationAsTheEventItWasWrittenFrom() {
        for (DownloadEvent event : EVENTS) {
            assertThat(Observations.ofJsonLine(JsonLines.format(event), AT))
                    .as("the --json line of %s", event.type())
                    .isEqualTo(Observations.of(event, AT));
        }
    }

    @Test
    void aManifestRefusalKeepsItsReasonCode() {
        DownloadEvent refused = new DownloadEvent.ManifestRejected(AT, "https://m.test/f.json", "ROLLBACK",
                "version 3 is older than 4");

        Observation mapped = Observations.ofJsonLine(JsonLines.format(refused), AT).orElseThrow();

        assertThat(mapped).isInstanceOfSatisfying(Observation.ManifestRejected.class, r -> {
            assertThat(r.source()).isEqualTo("https://m.test/f.json");
            assertThat(r.reason().code()).isEqualTo("ROLLBACK");
            assertThat(r.reason().words()).contains("version 3 is older than 4");
        });
    }

    @Test
    void linesThatAreNotEventsAreIgnored() {
        assertThat(Observations.ofJsonLine("downloading...", AT)).isEmpty();
        assertThat(Observations.ofJsonLine("{\"event\":\"progress\",\"bytesVerified\":1}", AT)).isEmpty();
        assertThat(Observations.ofJsonLine("{\"event\": broken", AT)).isEmpty();
    }
}
