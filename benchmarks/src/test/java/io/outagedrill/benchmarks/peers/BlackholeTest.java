package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the blackhole's delay starts counting: the signs of a download under way. */
class BlackholeTest {
    @Test
    void theClientsFirstByteEventStartsTheCountNotItsEarlierEvents(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        BooleanSupplier started = Blackhole.firstByteEvent(events);
        Instant t = Instant.parse("2026-12-03T12:00:00Z");

        assertThat(started.getAsBoolean()).as("no events file yet").isFalse();
        Files.writeString(events, JsonLines.format(new DownloadEvent.AttemptStarted(t, "127.0.0.2", 0, 0, 4, 1))
                + "\n");
        assertThat(started.getAsBoolean()).as("after attempt-started only").isFalse();
        Files.writeString(events, JsonLines.format(new DownloadEvent.FirstByte(t, "127.0.0.2", 0,
                Duration.ofMillis(2))) + "\n", StandardOpenOption.APPEND);
        assertThat(started.getAsBoolean()).as("after first-byte").isTrue();
    }

    @Test
    void aFolderStartsWithItsFirstNonEmptyFileOtherThanTheRunsCaptures(@TempDir Path dir) throws Exception {
        BooleanSupplier started = Blackhole.bytesIn(dir);
        Files.writeString(dir.resolve("usage-1.txt"), "1.0 2.0 3.0 4");
        Files.writeString(dir.resolve("output-1.txt"), "printed");
        Files.createFile(dir.resolve("file.part"));

        assertThat(started.getAsBoolean()).as("only captures and an empty file").isFalse();
        Files.writeString(dir.resolve("file.part"), "x");
        assertThat(started.getAsBoolean()).as("with a non-empty download file").isTrue();
    }
}
