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

    /** No terminal (a CI log): no bar, but a line at each tenth verified, so a long download is not silent. */
    @Test
    void withoutATerminalEachTenthVerifiedIsALine() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ConsoleReporter plain = new ConsoleReporter(new PrintStream(log, true, StandardCharsets.UTF_8), false);
        for (long verified = 0; verified <= 60_000_000; verified += 2_000_000) {
            plain.on(new DownloadEvent.Progress(AT, verified, verified, 60_000_000, 30e6, List.of("fastly.test")));
        }
        plain.on(new DownloadEvent.Completed(AT, "video.mp4", Path.of("video.mp4"), 60_000_000, "ab",
                Duration.ofSeconds(2), 60_000_000, 0, 0));

        String written = log.toString(StandardCharsets.UTF_8);
        assertThat(written).as("no bar's carriage returns in a log").doesNotContain("\r");
        List<String> lines = written.lines().toList();
        assertThat(lines).as("the log").hasSize(10);
        assertThat(lines.getFirst()).isEqualTo("10% verified: 6.0 of 60.0 MB, 30.0 MB/s via fastly.test");
        assertThat(lines.get(8)).startsWith("90% verified: 54.0 of 60.0 MB");
        assertThat(lines.getLast()).startsWith("video.mp4 complete");
    }

    /** The copies could not be fetched, but the kept manifest is in use: said, or the rejections read as fatal. */
    @Test
    void aKeptManifestInUseIsSaid() {
        reporter.on(new DownloadEvent.ManifestRejected(AT, "https://cdn.test/v.jws", "UNREACHABLE", "unreachable"));
        reporter.on(new DownloadEvent.ManifestFromCache(AT, "video.mp4", 4, AT.plusSeconds(3600),
                Path.of("/cache/v.jws")));
        reporter.on(new DownloadEvent.ManifestRevalidated(AT, "video.mp4", 4, false, "could not fetch a newer one: "
                + "UNREACHABLE"));

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).as(shown).contains("using the manifest of video.mp4 kept from an earlier run (version 4");
        assertThat(new DownloadEvent.ManifestRevalidated(AT, "video.mp4", 4, false, "could not fetch a newer one: "
                + "UNREACHABLE").describe()).as("no claim that it is current")
                .isEqualTo("could not check for a newer manifest of video.mp4 (could not fetch a newer one: "
                        + "UNREACHABLE); the kept version 4 stays in use");
    }
}
