package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.testing.ScriptedMirror;
import io.outagedrill.client.transfer.http.ContentRange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * The 1-byte probes a mirror judged stalled is sent before it gets chunks again ({@code ByteProbes}): each test
 * freezes one mirror after its first chunk while a healthy one keeps the download running, so that a probe goes out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ByteProbesTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(24 * CHUNK, 21);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    /** Holds the frozen mirror's requests (and, where a test says so, its listener calls) until the test ends. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() {
        release.countDown();
    }

    /**
     * A download cancelled (its thread interrupted) while a mirror's 1-byte probe is telling the listener that the
     * mirror answered: {@code download()} returns only once that probe has ended, so an application that closes its
     * listener's resources when the call returns gets no event afterwards, from a download it considers over.
     */
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
        Downloader downloader = probing(listener);
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

    /**
     * A mirror's 1-byte probe answered with framing that never ends (a chunk-size line with no end) is cut by the
     * framing budget like any request, and judged as a chunk's request is: the mirror sent more than it may
     * ({@link FailureKind#TOO_MUCH_DATA}), not a connection that broke ({@link FailureKind#TRUNCATED}), which left it
     * to be probed again, a MiB of framing each time.
     */
    @Test
    void aProbeAnsweredWithFramingThatNeverEndsIsTooMuchDataFromItsMirror() throws Exception {
        CountDownLatch frozenHolds = new CountDownLatch(1);
        byte[] zeros = new byte[64 * 1024];
        Arrays.fill(zeros, (byte) '0');
        // Serves its first chunk, then holds every chunk request (cut as stalled relative to its peer, so a 1-byte
        // probe must answer first); the probe gets a chunk-size line of endless digits, at most 96 MiB of them.
        AtomicInteger frozenChunks = new AtomicInteger();
        ScriptedMirror frozen = new ScriptedMirror((first, last, n, out) -> {
            if (last != 0 && frozenChunks.incrementAndGet() == 1) {
                ScriptedMirror.partial(CONTENT, "").answer(first, last, n, out);
                return;
            }
            if (last != 0) {
                frozenHolds.countDown();
                waitFor(release);
                return;
            }
            out.write(("HTTP/1.1 206 Partial Content\r\nContent-Range: %s\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .formatted(ContentRange.header(first, last, CONTENT.length))).getBytes(StandardCharsets.US_ASCII));
            for (int sent = 0; sent < 96 * 16; sent++) { // ends when the client hangs up, or at the cap
                out.write(zeros);
            }
        });
        try (frozen) {
            CompletableFuture<DownloadEvent.MirrorFailed> probeFailed = new CompletableFuture<>();
            RangeMirror healthy = servers.open("healthy", CONTENT);
            AtomicInteger healthyChunks = new AtomicInteger();
            // Answers once the frozen mirror holds a request, four chunks at once (enough to judge it stalled), then
            // 1 KiB each 10 ms until the frozen mirror's probe has been judged: bytes keep coming (the evidence the
            // frozen one is stalled), and the download is still running when the probe ends.
            healthy.fault((request, normal) -> {
                waitFor(frozenHolds);
                return healthyChunks.incrementAndGet() <= 4 || probeFailed.isDone() ? normal
                        : new MockResponse.Builder(normal).throttleBody(1024, 10, TimeUnit.MILLISECONDS).build();
            });
            Mirror frozenMirror = new Mirror("frozen", URI.create(frozen.url("/files/video.bin")), 1, "", "frozen");
            DownloadListener listener = event -> {
                events.on(event);
                if (event instanceof DownloadEvent.MirrorFailed f && f.mirror().equals(frozenMirror.label())
                        && f.reason().startsWith("1-byte probe")) {
                    probeFailed.complete(f);
                }
            };
            var target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(frozenMirror, healthy.mirror()));
            Downloader downloader = probing(listener);

            downloader.download(TestFiles.verified(target, 1), DownloadRequest.into(dir));

            assertThat(probeFailed.getNow(null)).as("the frozen mirror's failed probe; events:%n%s",
                    events.transcript()).isNotNull();
            assertThat(probeFailed.get()).as("the probe's failure; events:%n%s", events.transcript()).satisfies(f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.TOO_MUCH_DATA);
                assertThat(f.reason()).contains("bytes of framing without a byte of the body");
            });
            assertThat(frozen.written()).as("bytes the probe's answer got onto the wire before it was cut")
                    .isLessThan(32L << 20);
        }
    }

    /**
     * Two connections, one per mirror, cut as stalled after 300 ms of silence beside a peer that delivers (so the
     * frozen mirror is probed before it gets a chunk again), and nothing else that would end a wait sooner.
     */
    private static Downloader probing(DownloadListener listener) {
        return Downloader.builder().listener(listener).config(TransferConfig.builder().seed(5)
                .policy("parallel").connections(2).connectionsPerMirror(1).backoffBase(Duration.ofMillis(20))
                .backoffJitter(0).stallTimeout(Duration.ofSeconds(20)).firstByteTimeout(Duration.ofSeconds(20))
                .relativeStall(Duration.ofMillis(300)).minSpeed(0).hedging(false).build()).build();
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
