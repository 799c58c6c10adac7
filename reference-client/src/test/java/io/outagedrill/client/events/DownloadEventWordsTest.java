package io.outagedrill.client.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain words the console prints for the events that end a target. */
class DownloadEventWordsTest {
    private static final Instant AT = Instant.parse("2026-12-05T21:00:00Z");

    @Test
    void aFailureWhoseMessageNamesItsFileNamesItOnce() {
        DownloadEvent.Failed failed = new DownloadEvent.Failed(AT, "movie.bin",
                "movie.bin: needs 40.0 MiB more on the disk", List.of("720p"));

        assertThat(failed.describe()).isEqualTo("movie.bin failed: needs 40.0 MiB more on the disk; alternates "
                + "available: 720p (a retry may ask for one of them, or fall back through them)");
        assertThat(new DownloadEvent.AlternateChosen(AT, "movie.bin", "720p", failed.reason()).describe())
                .isEqualTo("falling back to alternate '720p' of movie.bin: needs 40.0 MiB more on the disk");
    }

    @Test
    void aFailureWhoseMessageDoesNotStartWithItsFileKeepsItsWords() {
        assertThat(new DownloadEvent.Failed(AT, "movie.bin", "movie.bin.part is locked: no", List.of()).describe())
                .isEqualTo("movie.bin failed: movie.bin.part is locked: no");
    }

    /** A switch's reason begins with the mirror it left (the failure's own words): said once, not twice. */
    @Test
    void aSwitchNamesTheMirrorItLeftOnce() {
        assertThat(new DownloadEvent.MirrorSwitched(AT, "fastly.test", "cloudflare.test", 0,
                "fastly.test: chunk 0 failed its SHA-256").describe())
                .isEqualTo("fastly.test: chunk 0 failed its SHA-256; chunk 0 moves to cloudflare.test");
        assertThat(new DownloadEvent.MirrorSwitched(AT, "fastly.test", "cloudflare.test", 3, "slower than its peers")
                .describe()).isEqualTo("fastly.test: slower than its peers; chunk 3 moves to cloudflare.test");
    }

    /** A routing controller's order is kept, signed or not, and the console says so beside the manifest's line. */
    @Test
    void anAcceptedManifestSaysWhenItsOrderIsARoutingControllers() {
        assertThat(new DownloadEvent.ManifestAccepted(AT, "movie.bin", 1, 8, "k1", true, "https://m.test/m.jws", true)
                .describe()).isEqualTo("manifest for movie.bin v8 accepted from https://m.test/m.jws (signed by key "
                + "k1); its mirror order is a routing controller's, kept as it is");
        assertThat(new DownloadEvent.ManifestAccepted(AT, "movie.bin", 1, 0, "", false, "m.json", true).describe())
                .endsWith("only as trustworthy as that file; its mirror order is a routing controller's, kept as it is");
        assertThat(new DownloadEvent.ManifestAccepted(AT, "movie.bin", 1, 8, "k1", true, "https://m.test/m.jws")
                .describe()).as("a publisher's order").endsWith("(signed by key k1)");
    }

    @Test
    void anAttemptSaysItsNumberCountsTheDownloadsAttemptsNotTheChunks() {
        assertThat(new DownloadEvent.AttemptStarted(AT, "fastly", 1, 65536, 65536, 2).describe())
                .isEqualTo("fastly: fetching chunk 1 (bytes 65536-131071), the download's attempt 2");
    }
}
