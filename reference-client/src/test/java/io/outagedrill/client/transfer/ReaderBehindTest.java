package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection whose thread stops reading for a while (on a machine whose cores are busy with other work it goes
 * unscheduled; here a listener holds it) while its mirror has sent its bytes: the silence is the reader's, so the
 * mirror is not cut as stalled relative to its peers, which it was, its circuit opened and its run of chunks fetched
 * again elsewhere.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReaderBehindTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(64 * CHUNK, 41);
    /** Chunks the peer delivers while the reader is held: at 64 KiB per 100 ms, at least 600 ms, twice the floor. */
    private static final int HELD_FOR_PEER_CHUNKS = 6;

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();

    @Test
    void aMirrorWhoseBytesWaitUnreadIsNotCutForTheReadersSilence() throws IOException {
        RangeMirror behind = servers.open("behind", CONTENT);
        RangeMirror healthy = servers.open("healthy", CONTENT);
        healthy.fault((request, normal) -> new MockResponse.Builder(normal)
                .throttleBody(CHUNK, 100, TimeUnit.MILLISECONDS).build());
        AtomicInteger healthyVerified = new AtomicInteger();
        AtomicReference<CountDownLatch> release = new AtomicReference<>();
        AtomicInteger heldAt = new AtomicInteger(-1);
        DownloadListener holding = event -> {
            events.on(event);
            if (event instanceof DownloadEvent.ChunkVerified verified && verified.mirror().equals("healthy")) {
                int count = healthyVerified.incrementAndGet();
                CountDownLatch held = release.get();
                if (held != null && count >= heldAt.get() + HELD_FOR_PEER_CHUNKS) {
                    held.countDown();
                }
            } else if (event instanceof DownloadEvent.AttemptStarted started && started.mirror().equals("behind")
                    && started.sharedResponse() && release.compareAndSet(null, new CountDownLatch(1))) {
                // The second chunk of the "behind" mirror's run has begun on the response the first opened: its
                // thread holds here, in flight and judged, while the mirror's bytes for it wait in the socket.
                heldAt.set(healthyVerified.get());
                try {
                    release.get().await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        TransferConfig config = TransferConfig.builder().seed(5).policy("parallel").connections(2)
                .connectionsPerMirror(1).relativeStall(Duration.ofMillis(300)).stallTimeout(Duration.ofSeconds(20))
                .firstByteTimeout(Duration.ofSeconds(5)).minSpeed(0).hedging(false).statusFeeds(false).build();
        var target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(behind.mirror(), healthy.mirror()));

        DownloadResult result = Downloader.builder().config(config).listener(holding).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));

        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        assertThat(release.get()).as("the reader was held; events:%n%s", events.transcript()).isNotNull();
        assertThat(release.get().getCount()).as("released by the peer's chunks, not by the hold's time limit")
                .isZero();
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as("failures; events:%n%s", events.transcript())
                .filteredOn(f -> f.mirror().equals("behind")).isEmpty();
    }
}
