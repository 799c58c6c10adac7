package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.Observation.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    private static Observation seen(long millis, Kind kind, String mirror, int chunk, long bytes) {
        return new Observation(T0.plusMillis(millis), kind, mirror, chunk, bytes, "");
    }

    @Test
    void eachVerifiedChunkIsPairedWithItsRequestAndFirstByteOnTheSameMirror() {
        List<Observation> observations = List.of(
                seen(0, Kind.ATTEMPT_STARTED, "a.test", 0, 100),
                seen(0, Kind.ATTEMPT_STARTED, "b.test", 1, 100),
                seen(40, Kind.FIRST_BYTE, "a.test", 0, 40),
                seen(90, Kind.FIRST_BYTE, "b.test", 1, 90),
                seen(500, Kind.MIRROR_SWITCHED, "b.test", 1, 0),   // b.test failed chunk 1
                seen(510, Kind.ATTEMPT_STARTED, "a.test", 1, 100),
                seen(600, Kind.CHUNK_VERIFIED, "a.test", 0, 100),
                seen(700, Kind.FIRST_BYTE, "a.test", 1, 20),
                seen(900, Kind.CHUNK_VERIFIED, "a.test", 1, 100));
        DownloadJob job = new DownloadJob("c-1", List.of(), Path.of("k"), Path.of("ca"), Map.of(), List.of(),
                List.of(), Path.of("out"), "f.bin", 200, "00", "adaptive", Map.of(), Duration.ofSeconds(5), null);
        DownloadOutcome outcome = new DownloadOutcome("c-1", "reference", 0, Optional.empty(), true, T0,
                Duration.ofSeconds(1), false, observations, "");

        DownloadRecord record = Measurements.record("g", "reference", "adaptive", job, outcome);

        assertThat(record.transfers()).containsExactly(
                new DownloadRecord.ChunkTransfer(0, "a.test", T0, 40L, T0.plusMillis(600), 100),
                new DownloadRecord.ChunkTransfer(1, "a.test", T0.plusMillis(510), 20L, T0.plusMillis(900), 100));
        assertThat(record.failovers()).isEqualTo(1);
        assertThat(record.attempts()).isEqualTo(3);
    }
}
