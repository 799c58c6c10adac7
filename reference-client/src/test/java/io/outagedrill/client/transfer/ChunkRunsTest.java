package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
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
                .hedging(false);
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
        assertThat(ranges).as("requests for %d chunks over 2 connections", CHUNKS).hasSizeLessThan(CHUNKS / 2);
        assertThat(chunksIn(ranges.getFirst())).as("the first request, 48 chunks pending over 2 connections")
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
    }

    @Test
    void aCorruptChunkInsideARequestIsBlamedAloneAndTheChunksAfterItAreFetchedElsewhere() throws IOException {
        RangeMirror cloudflare = servers.open("cloudflare", CONTENT);
        RangeMirror fastly = servers.open("fastly", CONTENT);
        long bad = 3L * CHUNK + 100; // chunk 3, inside the first request (chunks 0-7)
        cloudflare.fault((request, normal) -> cloudflare.corrupted(request, bad));

        download(config().connections(1).build(), cloudflare, fastly);

        assertDelivered();
        assertThat(chunksIn(cloudflare.ranges().getFirst())).as("cloudflare's first request: %s", events.transcript())
                .isGreaterThan(4);
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
}
