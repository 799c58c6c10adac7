package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adaptive policy on one connection, against mirrors that were fast and then stopped answering, beside an
 * honest mirror measured slower than half their old speed (fault storm seed -387743164118339383, simplified). A
 * failure leaves a mirror's measured speed as it was, so a broken mirror kept setting the bar that left the honest
 * one out of the draw and was asked again each time its short backoff was over, each request lasting until its
 * first-byte timeout; two of them covered each other's backoffs and the honest mirror was never asked again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdaptiveLivenessTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(6 * CHUNK, 11);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private RangeMirror cloudflare;
    private RangeMirror fastly;
    private RangeMirror bunny;

    /** Serves its first request at loopback speed, then sends no headers to anyone (a blackhole). */
    private RangeMirror fastThenSilent(String provider) throws IOException {
        RangeMirror mirror = servers.open(provider, CONTENT);
        return mirror.fault((request, normal) -> mirror.requests() == 1 ? normal
                : new MockResponse.Builder(normal).headersDelay(5, TimeUnit.SECONDS).build());
    }

    /** Honest at about 160 KB/s: far below half of a fast mirror's first chunk. */
    private RangeMirror honestButSlow(String provider) throws IOException {
        RangeMirror mirror = servers.open(provider, CONTENT);
        return mirror.fault((request, normal) -> new MockResponse.Builder(normal)
                .throttleBody(16 * 1024, 100, TimeUnit.MILLISECONDS).build());
    }

    /** One connection; backoffs shorter than the first-byte limit, as in the storm (20 ms, times 1.5 each). */
    private static TransferConfig.Builder oneConnection() {
        return TransferConfig.builder().policy(AdaptivePolicy.NAME).connections(1).seed(3).hedging(false)
                .minSpeed(0).firstByteTimeout(Duration.ofMillis(300)).stallTimeout(Duration.ofSeconds(2))
                .backoffBase(Duration.ofMillis(20)).backoffMultiplier(1.5).backoffJitter(0).maxRetriesPerMirror(8)
                .progressInterval(Duration.ofSeconds(10));
    }

    private DownloadResult download(TransferConfig config, RangeMirror... mirrors) {
        try {
            return Downloader.builder().config(config).listener(events).build()
                    .download(TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK,
                            Stream.of(mirrors).map(RangeMirror::mirror).toList()), 1), DownloadRequest.into(dir));
        } catch (DownloadFailedException e) {
            throw new AssertionError("expected the download to finish from the honest mirror, but: %s; events:%n%s"
                    .formatted(e.getMessage(), events.transcript()), e);
        }
    }

    @Test
    void aMirrorThatStoppedAnsweringIsAskedOnceMoreWhileTheHonestOneServesTheRest() throws IOException {
        cloudflare = fastThenSilent("cloudflare");
        fastly = honestButSlow("fastly");

        DownloadResult result = download(oneConnection().build(), cloudflare, fastly);

        assertThat(Sha256.ofFile(result.path())).isEqualTo(Sha256.of(CONTENT));
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).as(events.transcript())
                .anySatisfy(v -> assertThat(v.mirror()).isEqualTo("cloudflare"));
        assertThat(cloudflare.requests())
                .as("requests to cloudflare: one served, then one that timed out; after it, only while fastly "
                        + "could not take the request (never, on one connection). Events:\n%s", events.transcript())
                .isEqualTo(2);
        assertThat(events.of(DownloadEvent.MirrorAbandoned.class)).as("mirrors given up").isEmpty();
    }

    @Test
    void twoSilentMirrorsDoNotKeepTheChunkFromTheHonestOneUntilTheDeadline() throws IOException {
        cloudflare = fastThenSilent("cloudflare");
        fastly = honestButSlow("fastly");
        bunny = fastThenSilent("bunny");

        // Six chunks from fastly alone take about 2.5 s; the two silent mirrors' 18 timeouts would take 5.4 s.
        DownloadResult result = download(oneConnection().deadline(Duration.ofSeconds(4)).build(),
                cloudflare, fastly, bunny);

        assertThat(Sha256.ofFile(result.path())).isEqualTo(Sha256.of(CONTENT));
        assertThat(List.of(cloudflare.requests(), bunny.requests()))
                .as("requests to cloudflare and bunny: at most one served and one timed out each; events:\n%s",
                        events.transcript())
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
    }
}
