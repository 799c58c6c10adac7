package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.testing.DrippingServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-phase limits: a mirror that sends its headers one byte at a time, or its body below the minimum speed
 * from the very first byte, passes every per-read timeout and must still be cut off and failed over.
 */
class PhaseLimitsTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(3 * CHUNK + 99, 11);

    @TempDir
    Path dir;

    private final RecordingListener events = new RecordingListener();

    /** Read timeouts of 1 s are passed by every 200 ms drip; only the whole-phase limit can cut it off. */
    private static TransferConfig.Builder config() {
        return TransferConfig.builder().seed(3).backoffBase(Duration.ofMillis(20)).backoffJitter(0)
                .firstByteTimeout(Duration.ofSeconds(1)).stallTimeout(Duration.ofSeconds(1)).minSpeed(0)
                .hedging(false).statusFeeds(false).progressInterval(Duration.ofMillis(50));
    }

    private DownloadResult download(TransferConfig config, Mirror... mirrors) {
        Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(mirrors));
        return Downloader.builder().config(config).listener(events).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
    }

    /** A mirror of the file on {@code server}, named {@code provider} (its own failure domain). */
    private static Mirror mirror(DrippingServer server, String provider) {
        return new Mirror(provider, URI.create(server.url("/files/video.bin")), 1, "", provider);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void sequentialLeavesAMirrorDrippingItsHeadersForTheHonestOneAfterTheHeaderLimit() throws IOException {
        try (DrippingServer dripping = DrippingServer.drippingHeaders();
             RangeMirror honest = new RangeMirror("honest", CONTENT)) {
            DownloadResult result = download(config().policy("sequential").build(), mirror(dripping, "dripping"),
                    honest.mirror());

            assertThat(Sha256.ofFile(result.path())).as("SHA-256 of the delivered file; events:%n%s",
                    events.transcript()).isEqualTo(Sha256.of(CONTENT));
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                    // Events name a mirror by its host when the hosts differ: 127.0.0.1 drips, localhost is honest.
                    .filteredOn(f -> f.mirror().equals(mirror(dripping, "dripping").host())).isNotEmpty().allSatisfy(f -> {
                        assertThat(f.kind()).isEqualTo(FailureKind.FIRST_BYTE_TIMEOUT);
                        assertThat(f.reason()).contains("no response headers within 1 s");
                    });
            assertThat(honest.requests()).as("requests the honest mirror served").isPositive();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void whenEveryMirrorDripsItsHeadersTheDownloadFailsSayingWhichLimitCutThemOff() throws IOException {
        try (DrippingServer first = DrippingServer.drippingHeaders();
             DrippingServer second = DrippingServer.drippingHeaders()) {
            assertThatThrownBy(() -> download(config().maxRetriesPerMirror(1).build(), mirror(first, "first"),
                    mirror(second, "second")))
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DownloadFailedException.Reason.ALL_MIRRORS_FAILED);
                        assertThat(e.getMessage()).contains("no response headers within 1 s");
                    });
            assertThat(first.requests() + second.requests()).as("requests the dripping mirrors received")
                    .isPositive();
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void aBodyTricklingBelowTheMinimumSpeedFromItsFirstByteIsCutWithinTheSpeedWindow() throws IOException {
        Duration window = Duration.ofMillis(500);
        try (RangeMirror trickling = new RangeMirror("trickling", CONTENT);
             RangeMirror honest = new RangeMirror("honest", CONTENT)) {
            // 20 bytes a second from the first byte on: every read succeeds well inside the stall timeout.
            trickling.fault((request, normal) -> new MockResponse.Builder(normal)
                    .throttleBody(1, 50, TimeUnit.MILLISECONDS).build());
            DownloadResult result = download(config().policy("sequential").minSpeed(10_000).speedWindow(window)
                    .build(), trickling.mirror(), honest.mirror());

            assertThat(Sha256.ofFile(result.path())).as(events.transcript()).isEqualTo(Sha256.of(CONTENT));
            DownloadEvent.FirstByte headers = events.of(DownloadEvent.FirstByte.class).stream()
                    .filter(f -> f.mirror().equals("trickling")).findFirst()
                    .orElseThrow(() -> new AssertionError("expected the trickling mirror to answer; saw:\n"
                            + events.transcript()));
            DownloadEvent.MirrorFailed cut = events.of(DownloadEvent.MirrorFailed.class).stream()
                    .filter(f -> f.mirror().equals("trickling")).findFirst()
                    .orElseThrow(() -> new AssertionError("expected the trickling mirror to be cut off; saw:\n"
                            + events.transcript()));
            assertThat(cut.kind()).isEqualTo(FailureKind.TOO_SLOW);
            assertThat(Duration.between(headers.at(), cut.at()))
                    .as("time from the trickle's headers to its cut-off (speed window %s)", window)
                    .isLessThan(window.plusSeconds(1));
        }
    }
}
