package io.outagedrill.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.events.DownloadEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines a person reads while a download falls back to an alternate. */
class ConsoleReporterTest {
    private static final Instant AT = Instant.parse("2026-12-05T21:00:00Z");

    @Test
    void aFallbackRightAfterItsFailureDoesNotRepeatTheReason() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ConsoleReporter console = new ConsoleReporter(new PrintStream(printed, true, StandardCharsets.UTF_8), false);
        String why = "movie.bin: needs 40.0 MiB more on the disk that holds /mnt/tiny, which has 16.0 MiB free";

        console.on(new DownloadEvent.Failed(AT, "movie.bin", why, List.of()));
        console.on(new DownloadEvent.AlternateChosen(AT, "movie.bin", "720p", why));
        console.on(new DownloadEvent.Failed(AT, "movie-720p.bin", "every mirror failed", List.of()));
        console.on(new DownloadEvent.AlternateChosen(AT, "movie.bin", "audio", "every mirror failed"));
        console.on(new DownloadEvent.AlternateChosen(AT, "movie.bin", "stereo", "a reason not said before"));

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "movie.bin failed: needs 40.0 MiB more on the disk that holds /mnt/tiny, which has 16.0 MiB free",
                "falling back to alternate '720p' of movie.bin",
                "movie-720p.bin failed: every mirror failed",
                "falling back to alternate 'audio' of movie.bin",
                "falling back to alternate 'stereo' of movie.bin: a reason not said before");
    }
}
