package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror that served, then takes a request and never answers its headers (a frozen server) while another
 * delivers: the waiting request is cut as stalled relative to its peer long before the first-byte limit (20 s
 * here), and the mirror gets no chunk again until a 1-byte request has answered, so a frozen mirror costs one chunk
 * move, not one per backoff. A slow first byte is left alone while the peer is slow too, and a mirror's very first
 * answer (a cold edge) is left to the first-byte limit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeaderWaitStallTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(24 * CHUNK, 12);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    /** Holds the frozen mirror's answers until the test ends. */
    private final CountDownLatch thaw = new CountDownLatch(1);
    private RangeMirror frozen;
    private RangeMirror healthy;

    @AfterEach
    void thaw() {
        // Before the mirrors close (RangeMirrors, after this): a held answer would keep its server from stopping.
        thaw.countDown();
    }

    private static TransferConfig.Builder config() {
        return TransferConfig.builder().seed(5).policy("parallel").connections(2).connectionsPerMirror(1)
                .backoffBase(Duration.ofMillis(20)).backoffJitter(0).stallTimeout(Duration.ofSeconds(20))
                .firstByteTimeout(Duration.ofSeconds(20)).relativeStall(Duration.ofMillis(300)).minSpeed(0)
                .hedging(false);
    }

    /**
     * The frozen mirror holds the answers {@code freezes} picks (given the request and, for a chunk request, its
     * number from 1; 0 for a 1-byte probe) until the test ends; the healthy one sends 16 KiB per 20 ms (a chunk in
     * about 80 ms, the whole file in about 2 s) and answers only once the frozen mirror holds a request, so a busy
     * machine cannot finish the file before there is a wait to judge.
     */
    private DownloadResult download(BiPredicate<RecordedRequest, Integer> freezes) throws IOException {
        frozen = servers.open("frozen", CONTENT);
        healthy = servers.open("healthy", CONTENT);
        CountDownLatch frozenHolds = new CountDownLatch(1);
        AtomicInteger chunksAsked = new AtomicInteger();
        frozen.fault((request, normal) -> {
            int n = probe(request) ? 0 : chunksAsked.incrementAndGet();
            if (freezes.test(request, n)) {
                frozenHolds.countDown();
                await(thaw, 60);
            }
            return normal;
        });
        healthy.fault((request, normal) -> {
            await(frozenHolds, 10);
            return new MockResponse.Builder(normal).throttleBody(16 * 1024, 20, TimeUnit.MILLISECONDS).build();
        });
        var target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(frozen.mirror(), healthy.mirror()));
        return Downloader.builder().config(config().build()).listener(events).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
    }

    private static void await(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean probe(RecordedRequest request) {
        return "bytes=0-0".equals(request.getHeaders().get("Range"));
    }

    private static List<long[]> chunkRequests(RangeMirror mirror) {
        return mirror.ranges().stream().filter(r -> r[1] > r[0]).toList();
    }

    @Test
    void aRequestWhoseHeadersNeverComeIsCutRelativeToItsPeerAndTheFrozenMirrorGetsNoFurtherChunk()
            throws IOException {
        // Serves its first chunk (so its own time to first byte is known), then freezes for good, probes included.
        DownloadResult result = download((request, n) -> n != 1);

        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        var cut = events.of(DownloadEvent.MirrorFailed.class).stream().filter(f -> f.mirror().equals("frozen"))
                .findFirst().orElseThrow(() -> new AssertionError("the frozen mirror was never cut; events:%n%s"
                        .formatted(events.transcript())));
        assertThat(cut.kind()).as(events.transcript()).isEqualTo(FailureKind.STALL);
        assertThat(cut.reason()).as(events.transcript())
                .startsWith("no response headers for ").contains("stalled relative to its peers");
        var asked = events.of(DownloadEvent.AttemptStarted.class).stream().filter(a -> a.mirror().equals("frozen"))
                .skip(1).findFirst().orElseThrow();
        assertThat(Duration.between(asked.at(), cut.at())).as("cut by the relative rule (floor 0.3 s), not the "
                + "20 s first-byte limit; events:%n%s", events.transcript()).isLessThan(Duration.ofSeconds(10));
        assertThat(chunkRequests(frozen)).as("chunk requests the frozen mirror got: one served, one frozen, then "
                + "only 1-byte probes, though its 20 ms backoff ended long before the download; events:%n%s",
                events.transcript()).hasSize(2);
        assertThat(frozen.ranges()).as("the frozen mirror was probed with a 1-byte request; events:%n%s",
                events.transcript()).anyMatch(r -> r[0] == 0 && r[1] == 0);
        assertThat(result.mirrorSwitches()).as("one chunk moved off the frozen mirror, once; events:%n%s",
                events.transcript()).isEqualTo(1);
        assertThat(events.of(DownloadEvent.CircuitChanged.class)).as(events.transcript())
                .anyMatch(c -> c.mirror().equals("frozen") && c.state().equals("open")
                        && c.reason().contains("then a 1-byte request must answer before it gets chunks again"));
    }

    @Test
    void aMirrorThatAnswersItsProbeGetsChunksAgain() throws IOException {
        DownloadResult result = download((request, n) -> n == 2);

        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        List<long[]> ranges = frozen.ranges();
        int probeAt = -1;
        for (int i = 0; i < ranges.size() && probeAt < 0; i++) {
            probeAt = ranges.get(i)[0] == 0 && ranges.get(i)[1] == 0 ? i : -1;
        }
        assertThat(probeAt).as("the 1-byte probe among the frozen mirror's requests; events:%n%s",
                events.transcript()).isPositive();
        assertThat(ranges.subList(probeAt + 1, ranges.size())).as("chunk requests after its probe answered; "
                + "events:%n%s", events.transcript()).anyMatch(r -> r[1] > r[0]);
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).as(events.transcript())
                .anyMatch(v -> v.mirror().equals("frozen"));
        assertThat(events.of(DownloadEvent.CircuitChanged.class)).as(events.transcript())
                .anyMatch(c -> c.mirror().equals("frozen") && c.reason().startsWith("a 1-byte request answered in"));
    }

    /**
     * Downloads 8 chunks from "slow", whose chunk request number {@code slowOne} takes 1 s to its headers, and
     * "peer", whose answers {@code peerAnswer} shapes; the relative floor is 100 ms.
     */
    private DownloadResult slowFirstByte(int slowOne, UnaryOperator<MockResponse> peerAnswer) throws IOException {
        byte[] content = TestFiles.bytes(8 * CHUNK, 13);
        RangeMirror slow = servers.open("slow", content);
        RangeMirror peer = servers.open("peer", content);
        frozen = slow;
        healthy = peer;
        AtomicInteger asked = new AtomicInteger();
        slow.fault((request, normal) -> asked.incrementAndGet() == slowOne
                ? new MockResponse.Builder(normal).headersDelay(1, TimeUnit.SECONDS).build() : normal);
        peer.fault((request, normal) -> peerAnswer.apply(normal));
        var target = TestFiles.target("video.bin", content, CHUNK, List.of(slow.mirror(), peer.mirror()));
        DownloadResult result = Downloader.builder().config(config().relativeStall(Duration.ofMillis(100)).build())
                .listener(events).build().download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(content));
        assertThat(events.of(DownloadEvent.FirstByte.class)).as("the slow answer arrived; events:%n%s",
                events.transcript()).anyMatch(f -> f.mirror().equals("slow")
                        && f.timeToFirstByte().compareTo(Duration.ofMillis(900)) >= 0);
        return result;
    }

    @Test
    void aSlowFirstByteIsNotCutWhileItsPeerDeliversLessThanTwoChunksMeanwhile() throws IOException {
        // "slow" serves a chunk at once, then its next answer takes 1 s, while the peer sends 8 KiB per 100 ms:
        // 80 KiB in that second, under the two chunks (128 KiB) the rule asks of the peers.
        slowFirstByte(2, normal -> new MockResponse.Builder(normal)
                .throttleBody(8 * 1024, 100, TimeUnit.MILLISECONDS).build());

        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as("no failure of the slow mirror; events:%n%s",
                events.transcript()).noneMatch(f -> f.mirror().equals("slow"));
    }

    @Test
    void aMirrorsFirstAnswerIsLeftToTheFirstByteLimitWhilePeersDeliver() throws IOException {
        // A cold edge: its very first answer takes 1 s while the peer delivers everything else at once.
        DownloadResult result = slowFirstByte(1, UnaryOperator.identity());

        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as("no failure of the cold mirror; events:%n%s",
                events.transcript()).noneMatch(f -> f.mirror().equals("slow"));
        assertThat(result.mirrorSwitches()).as(events.transcript()).isZero();
    }
}
