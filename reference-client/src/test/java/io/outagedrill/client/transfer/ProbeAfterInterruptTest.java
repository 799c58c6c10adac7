package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download cancelled (its thread interrupted) while a mirror's 1-byte probe is telling the listener that the
 * mirror answered: {@code download()} returns only once that probe has ended, so an application that closes its
 * listener's resources when the call returns gets no event afterwards, from a download it considers over.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProbeAfterInterruptTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(24 * CHUNK, 21);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    /** Holds the frozen mirror's answer and the probe's listener call until the test lets them go. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() {
        release.countDown();
    }

    @Test
    void downloadReturnsOnlyAfterAProbeTellingItsListenerHasEnded() throws Exception {
        RangeMirror frozen = servers.open("frozen", CONTENT);
        RangeMirror healthy = servers.open("healthy", CONTENT);
        AtomicInteger frozenChunks = new AtomicInteger();
        CountDownLatch frozenHolds = new CountDownLatch(1);
        // Serves one chunk, then holds its next chunk request (cut as stalled relative to its peer); its 1-byte
        // probe answers.
        frozen.fault((request, normal) -> {
            boolean probe = "bytes=0-0".equals(request.getHeaders().get("Range"));
            if (!probe && frozenChunks.incrementAndGet() == 2) {
                frozenHolds.countDown();
                awaitRelease();
            }
            return normal;
        });
        AtomicInteger healthyChunks = new AtomicInteger();
        // Answers only once the frozen mirror holds a request (so that a busy machine cannot spend its fast chunks
        // before there is a wait to judge), then four chunks at once (enough to judge the frozen one stalled), then
        // 1 KiB a minute: the download is still running when it is cancelled.
        healthy.fault((request, normal) -> {
            waitFor(frozenHolds);
            return healthyChunks.incrementAndGet() <= 4 ? normal
                    : new MockResponse.Builder(normal).throttleBody(1024, 1, TimeUnit.MINUTES).build();
        });
        CountDownLatch probeTelling = new CountDownLatch(1);
        CompletableFuture<Long> probeToldEndedAt = new CompletableFuture<>();
        DownloadListener listener = event -> {
            events.on(event);
            if (event instanceof DownloadEvent.CircuitChanged c && c.mirror().equals("frozen")
                    && c.reason().startsWith("a 1-byte request answered")) {
                probeTelling.countDown();
                awaitRelease();
                probeToldEndedAt.complete(System.nanoTime());
            }
        };
        Downloader downloader = Downloader.builder().listener(listener).config(TransferConfig.builder().seed(5)
                .policy("parallel").connections(2).connectionsPerMirror(1).backoffBase(Duration.ofMillis(20))
                .backoffJitter(0).stallTimeout(Duration.ofSeconds(20)).firstByteTimeout(Duration.ofSeconds(20))
                .relativeStall(Duration.ofMillis(300)).minSpeed(0).hedging(false).build()).build();
        var target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(frozen.mirror(), healthy.mirror()));
        CompletableFuture<Long> returnedAt = new CompletableFuture<>();
        Thread download = Thread.ofPlatform().name("cancelled-download").start(() -> {
            try {
                downloader.download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
            } catch (Exception expected) {
                // cancelled: how it fails is InterruptedDownloadTest's
            } finally {
                returnedAt.complete(System.nanoTime());
            }
        });
        assertThat(probeTelling.await(30, TimeUnit.SECONDS)).as("the frozen mirror's probe answered within 30 s; "
                + "events:%n%s", events.transcript()).isTrue();

        download.interrupt();
        await().atMost(Duration.ofSeconds(20)).until(() -> returnedAt.isDone() || Arrays.stream(
                download.getStackTrace()).anyMatch(f -> f.getClassName().endsWith(".ByteProbes")));

        assertThat(returnedAt).as("download() returned while the probe was still telling its listener (its call "
                + "%s); events:%n%s", probeToldEndedAt.isDone() ? "had ended after all" : "had not ended",
                events.transcript()).isNotDone();
        release.countDown();
        assertThat(returnedAt.get(20, TimeUnit.SECONDS)).as("when download() returned, against when the probe's "
                + "listener call ended").isGreaterThan(probeToldEndedAt.getNow(Long.MAX_VALUE));
    }

    private void awaitRelease() {
        waitFor(release);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
