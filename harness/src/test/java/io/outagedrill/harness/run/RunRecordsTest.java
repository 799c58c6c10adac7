package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.sut.Capability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void typedSwitchesRejectionsAndCapabilitiesSurviveTheJsonFile() throws Exception {
        DownloadRecord d = new DownloadRecord("c-1", "g", "reference", "adaptive", "f.bin", 2, T0,
                T0.plusSeconds(2), Duration.ofSeconds(2), 0, true, false, false, 1L, 3, 1, Duration.ofMillis(90),
                List.of(new DownloadRecord.MirrorSwitch(T0.plusSeconds(1), "a.test", "b.test", 1, "stalled")),
                Map.of("a.test", 1), null, List.of(new DownloadRecord.Sample(T0.plusSeconds(2), 2)),
                List.of(new DownloadRecord.ChunkServed(T0.plusSeconds(2), 1, "b.test")), "",
                List.of(new DownloadRecord.ChunkTransfer(1, "b.test", T0, 90L, T0.plusSeconds(2), 1)),
                List.of(new DownloadRecord.ChunkRejection(T0.plusSeconds(1), "a.test", 1, 1, "CORRUPT", "bad hash")),
                Set.of(Capability.CHUNKS, Capability.SWITCHES));
        DownloadRecord refused = new DownloadRecord("c-2", "g", "reference", "adaptive", "f.bin", 2, T0, T0,
                Duration.ZERO, 3, false, false, false, null, 0, 0, null, List.of(), Map.of(),
                new DownloadRecord.Rejection("ROLLBACK", "version 3 is older than 4"), List.of(), List.of(), "",
                List.of(), List.of(), Set.of(Capability.MANIFEST_REJECTIONS));
        RunResult run = new RunResult("s", "d", "reference", "adaptive", 1, 1, T0, Duration.ofSeconds(2),
                List.of(), List.of(), List.of(d, refused), List.of(), null);

        RunResult read = RunRecords.read(RunRecords.write(run, dir).resultFile());

        assertThat(read.downloads()).containsExactly(d, refused);
    }

    @Test
    void twoRunsAlikeStartedInTheSameSecondKeepTwoRecords() throws Exception {
        RunResult run = new RunResult("s", "d", "cmd:my-downloader --with a long list of flags {output} {urls}",
                "default", 1, 1, T0, Duration.ofSeconds(2), List.of(), List.of(), List.of(), List.of(), null);
        RunResult twin = new RunResult("s", "d", "cmd:my-downloader --with a long list of flags -v {output} {urls}",
                "default", 1, 1, T0, Duration.ofSeconds(3), List.of(), List.of(), List.of(), List.of(), null);

        Path first = RunRecords.write(run, dir).resultFile();
        Path second = RunRecords.write(twin, dir).resultFile();

        assertThat(second).as("the second record's file").isNotEqualTo(first);
        assertThat(second.getFileName().toString()).endsWith("-2.json");
        assertThat(RunRecords.read(first).elapsed()).as("the first record, not overwritten")
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(RunRecords.read(second).elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anOlderRecordFileIsReadIntoTheTypedFields() throws Exception {
        Path file = dir.resolve("older.json");
        try (var in = getClass().getResourceAsStream("/records/older-run.json")) {
            Files.copy(in, file);
        }

        RunResult read = RunRecords.read(file);

        assertThat(read.world()).as("the world of a record written before it was kept").isNull();
        DownloadRecord switched = read.downloads().getFirst();
        assertThat(switched.switches()).containsExactly(new DownloadRecord.MirrorSwitch(null, "cloudflare.test",
                "fastly.test", -1, "cloudflare.test: no data for 2000 ms mid-chunk"));
        assertThat(switched.reports()).as("read from what the older record holds")
                .contains(Capability.CHUNKS, Capability.PROGRESS, Capability.SWITCHES, Capability.WASTED_BYTES);
        assertThat(switched.transfers()).isEmpty();
        DownloadRecord refused = read.downloads().get(1);
        assertThat(refused.rejection()).isEqualTo(new DownloadRecord.Rejection("ROLLBACK", ""));
        assertThat(refused.reports()).containsExactly(Capability.MANIFEST_REJECTIONS);
    }
}
