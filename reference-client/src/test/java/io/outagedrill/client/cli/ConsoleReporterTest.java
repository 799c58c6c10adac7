package io.outagedrill.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.events.DownloadEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {
    private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleReporter reporter = new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            true);

    @Test
    void theBarSeparatesTheSpeedFromTheMirrorsInUse() {
        reporter.on(new DownloadEvent.Progress(AT, 30_000_000, 30_000_000, 60_000_000, 30e6, List.of("fastly.test")));
        reporter.on(new DownloadEvent.Completed(AT, "video.mp4", Path.of("video.mp4"), 60_000_000, "ab",
                Duration.ofSeconds(2), 60_000_000, 0, 0));

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).as(shown).containsPattern("B/s via fastly\\.test").doesNotContain("B/svia");
    }

    @Test
    void theBarSeparatesTheSpeedFromWaitingToo() {
        reporter.on(new DownloadEvent.Progress(AT, 0, 0, 60_000_000, 0, List.of()));
        reporter.on(new DownloadEvent.Failed(AT, "video.mp4", "interrupted", List.of()));

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).as(shown).containsPattern("B/s waiting").doesNotContain("B/swaiting");
    }

    @Test
    void controlCharactersInAnEventNeverReachTheTerminal() {
        // Whatever path a server's text took into an event, the line printed shows ESC, BEL and a right-to-left
        // override as escapes: a mirror cannot clear the screen, set the clipboard (OSC 52) or reverse a line.
        reporter.on(new DownloadEvent.MirrorAbandoned(AT, "evil.test",
                "sent \u001b[2J\u001b]52;c;ZXZpbA==\u0007 and \u202edeliaf"));

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).as(shown).contains("evil.test: giving up on this mirror (sent \\u001B[2J\\u001B]52;c;")
                .contains("\\u0007 and \\u202Edeliaf").doesNotContain("\u001b", "\u0007", "\u202e");
    }
}
