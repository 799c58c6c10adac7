package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One ranged request may ask for several chunks while much is left ({@link ChunkAssigner#MAX_RUN_CHUNKS}): each
 * chunk is still hashed and verified on its own, a chunk that fails is blamed on its mirror alone, and the chunks
 * its response never reached go back to the board, to be fetched elsewhere.
 */
class ChunkRunsTest {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 48;
    private static final byte[] CONTENT = TestFiles.bytes(CHUNKS * CHUNK - 999, 7); // 48 chunks, the last short

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();

    private static TransferConfig.Builder config() {
        return TransferConfig.builder().seed(3).policy("sequential").connections(2).connectionsPerMirror(2)
                .backoffBase(Duration.ofMillis(20)).backoffJitter(0).stallTimeout(Duration.ofSeconds(2))
                .firstByteTimeout(Duration.ofSeconds(2)).progressInterval(Duration.ofMillis(50)).minSpeed(0)
                .hedging(false).deadline(Duration.ofSeconds(30));
    }

    private DownloadResult download(TransferConfig config, RangeMirror... mirrors) {
        Target target = TestFiles.target("video.bin", CONTENT, CHUNK,
                Stream.of(mirrors).map(RangeMirror::mirror).toList());
        return Downloader.builder().config(config).listener(events).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
    }

    private void assertDelivered() throws IOException {
        assertThat(Sha256.ofFile(dir.resolve("video.bin"))).as("SHA-256 of the delivered file; events:\n%s",
                events.transcript()).isEqualTo(Sha256.of(CONTENT));
    }

    private static long chunksIn(long[] range) {
        return range[1] / CHUNK - range[0] / CHUNK + 1;
    }

    @Test
    void whileMuchIsLeftOneRequestAsksForSeveralChunksAndTheTailForOneEach() throws IOException {
        RangeMirror only = servers.open("cloudflare", CONTENT);

        download(config().build(), only);

        assertDelivered();
        List<long[]> ranges = only.ranges().stream().sorted(Comparator.comparingLong(r -> r[0])).toList();
        assertThat(ranges).as("requests for %d chunks", CHUNKS).hasSizeLessThan(CHUNKS);
        assertThat(chunksIn(ranges.getFirst())).as("the first request, to a mirror that has served nothing yet")
                .isEqualTo(1);
        assertThat(chunksIn(ranges.get(1))).as("the second, to a mirror measured on one chunk only").isEqualTo(1);
        assertThat(chunksIn(ranges.get(2))).as("the third, 46 chunks pending over one connection")
                .isEqualTo(ChunkAssigner.MAX_RUN_CHUNKS);
        assertThat(chunksIn(ranges.getLast())).as("the last request, in the tail").isEqualTo(1);
        long next = 0;
        for (long[] range : ranges) {
            assertThat(range[0]).as("each byte asked once, in whole chunks: %s", events.transcript()).isEqualTo(next);
            assertThat(range[0] % CHUNK).isZero();
            next = range[1] + 1;
        }
        assertThat(next).isEqualTo(CONTENT.length);
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).as("each chunk verified on its own")
                .extracting(DownloadEvent.ChunkVerified::chunk).doesNotHaveDuplicates().hasSize(CHUNKS);
        assertThat(events.of(DownloadEvent.AttemptStarted.class)).as("an attempt per chunk, each naming its bytes")
                .hasSize(CHUNKS).allSatisfy(a -> {
                    assertThat(a.offset()).isEqualTo((long) a.chunk() * CHUNK);
                    assertThat(a.length()).isEqualTo(Math.min(CHUNK, CONTENT.length - a.offset()));
                });
        assertThat(events.of(DownloadEvent.FirstByte.class)).as("one time to first byte per response")
                .hasSize(ranges.size());
        assertThat(events.of(DownloadEvent.AttemptStarted.class).stream().filter(a -> !a.sharedResponse()))
                .as("only the first chunk of each request is an attempt with a request of its own")
                .extracting(DownloadEvent.AttemptStarted::offset)
                .containsExactlyInAnyOrderElementsOf(ranges.stream().map(r -> r[0]).toList());
    }

    @Test
    void aCorruptChunkInsideARequestIsBlamedAloneAndTheChunksAfterItAreFetchedElsewhere() throws IOException {
        RangeMirror cloudflare = servers.open("cloudflare", CONTENT);
        RangeMirror fastly = servers.open("fastly", CONTENT);
        long bad = 3L * CHUNK + 100; // chunk 3, inside the third request (chunks 2-9)
        cloudflare.fault((request, normal) -> cloudflare.corrupted(request, bad));

        download(config().build(), cloudflare, fastly);

        assertDelivered();
        assertThat(cloudflare.ranges()).as("the request that carried chunk 3 asked for chunks after it too: %s",
                events.transcript()).anyMatch(r -> r[0] <= bad && r[1] >= 5L * CHUNK);
        assertThat(events.of(DownloadEvent.ChunkRejected.class)).as(events.transcript()).singleElement()
                .satisfies(r -> {
                    assertThat(r.mirror()).isEqualTo("cloudflare");
                    assertThat(r.chunk()).isEqualTo(3);
                });
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).as(events.transcript())
                .filteredOn(v -> v.chunk() < 3).extracting(DownloadEvent.ChunkVerified::mirror)
                .containsOnly("cloudflare");
        assertThat(events.of(DownloadEvent.MirrorSwitched.class)).as("only the corrupt chunk switched mirror")
                .extracting(DownloadEvent.MirrorSwitched::chunk).containsOnly(3);
        assertThat(fastly.ranges()).as("fastly is asked for chunk 3, blamed on cloudflare")
                .anyMatch(r -> r[0] == 3L * CHUNK);
    }

    @Test
    void aResponseCutInsideALaterChunkKeepsThatChunksBytesAndFinishesItElsewhereByRange() throws IOException {
        RangeMirror cloudflare = servers.open("cloudflare", CONTENT);
        RangeMirror fastly = servers.open("fastly", CONTENT);
        long chunkFour = 4L * CHUNK;
        int sent = 20_000;
        // The request that carries chunk 4 ends 20,000 bytes into it, short of its Content-Length.
        cloudflare.fault((request, normal) -> {
            String range = request.getHeaders().get("Range");
            long first = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
            long last = Long.parseLong(range.substring(range.indexOf('-') + 1));
            if (first >= chunkFour || last < chunkFour) {
                return normal;
            }
            return new MockResponse.Builder(normal)
                    .body(new Buffer().write(CONTENT, (int) first, (int) (chunkFour + sent - first)))
                    .setHeader("Content-Length", last - first + 1).build();
        });

        DownloadResult result = download(config().stallTimeout(Duration.ofMillis(300)).build(), cloudflare, fastly);

        assertDelivered();
        assertThat(cloudflare.ranges()).as("chunk 4 came after chunks in the same request: %s", events.transcript())
                .anyMatch(r -> r[0] < chunkFour && r[1] > chunkFour);
        List<long[]> asked = Stream.concat(cloudflare.ranges().stream(), fastly.ranges().stream()).toList();
        assertThat(asked).as("then only the rest of chunk 4 is asked for")
                .anyMatch(r -> r[0] == chunkFour + sent && r[1] == chunkFour + CHUNK - 1)
                .noneMatch(r -> r[0] == chunkFour);
        assertThat(result.bytesWasted()).as("the 20,000 bytes of chunk 4 were kept, not wasted").isZero();
    }

    @Test
    void endlessDataAfterARunIsCaughtAtItsLastChunkAndTheChunksBeforeItAreKept() throws IOException {
        RangeMirror cloudflare = servers.open("cloudflare", CONTENT);
        RangeMirror fastly = servers.open("fastly", CONTENT);
        // Every answer of cloudflare's that asks for more than one chunk keeps sending after the range.
        cloudflare.fault((request, normal) -> {
            String range = request.getHeaders().get("Range");
            long first = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
            long last = Long.parseLong(range.substring(range.indexOf('-') + 1));
            if (last - first < CHUNK) {
                return normal;
            }
            Buffer body = new Buffer().write(CONTENT, (int) first, (int) (last - first + 1)).write(new byte[CHUNK]);
            return new MockResponse.Builder(normal).removeHeader("Content-Length").chunkedBody(body, 8192).build();
        });

        download(config().build(), cloudflare, fastly);

        assertDelivered();
        long[] run = cloudflare.ranges().stream().filter(r -> r[1] - r[0] >= CHUNK).findFirst()
                .orElseThrow(() -> new AssertionError("no request for several chunks: " + events.transcript()));
        int lastOfRun = (int) (run[1] / CHUNK);
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).anySatisfy(f -> {
            assertThat(f.mirror()).isEqualTo("cloudflare");
            assertThat(f.kind()).isEqualTo(FailureKind.TOO_MUCH_DATA);
            assertThat(f.reason()).contains("chunk " + lastOfRun);
        });
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).as("the run's chunks before its last, kept")
                .filteredOn(v -> v.chunk() >= run[0] / CHUNK && v.chunk() < lastOfRun)
                .extracting(DownloadEvent.ChunkVerified::mirror).containsOnly("cloudflare").isNotEmpty();
    }
}
