package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download stopped by an interrupt (Ctrl-C in the CLI): it fails as interrupted (exit code 130), not as a local
 * I/O error, and its journal holds the chunks it verified, for the next run. The journal's saves are held back for
 * an interval, so when the interrupt comes there is nearly always a verified chunk not yet saved: the flush at the
 * end must save it, interrupt or not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptedDownloadTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(16 * CHUNK, 5);

    @TempDir
    Path dir;

    private final RecordingListener events = new RecordingListener();
    private RangeMirror mirror;

    @AfterEach
    void close() throws IOException {
        if (mirror != null) {
            mirror.close();
        }
    }

    @Test
    void anInterruptedDownloadFailsAsInterruptedAndKeepsItsVerifiedChunksInTheJournal() throws Exception {
        mirror = new RangeMirror("origin", CONTENT);
        // The first two chunks at full speed, every later one stalls after 1 KiB: the interrupt finds a download
        // with verified chunks and connections stuck mid-body.
        mirror.fault((request, normal) -> {
            String range = request.getHeaders().get("Range");
            long first = Long.parseLong(range.substring(6, range.indexOf('-')));
            return first < 2L * CHUNK ? normal
                    : new MockResponse.Builder(normal).throttleBody(1024, 5, TimeUnit.MINUTES).build();
        });
        var target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(mirror.mirror()));
        Downloader downloader = Downloader.builder().listener(events).config(TransferConfig.builder().seed(1)
                .policy("sequential").connections(2).connectionsPerMirror(2).relativeStall(Duration.ZERO)
                .stallTimeout(Duration.ofMinutes(1)).minSpeed(0).hedging(false).build()).build();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread download = Thread.ofPlatform().name("interrupted-download").start(() -> {
            try {
                downloader.download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });
        await("two chunks verified").atMost(Duration.ofSeconds(30))
                .until(() -> events.of(DownloadEvent.ChunkVerified.class).size() >= 2);

        download.interrupt();

        Throwable failure = ended.get(30, TimeUnit.SECONDS);
        assertThat(failure).as("how the interrupted download ended; events:%n%s", events.transcript())
                .isInstanceOfSatisfying(DownloadFailedException.class, f -> assertThat(f.reason())
                        .isEqualTo(DownloadFailedException.Reason.INTERRUPTED));
        BitSet journaled = Journal.beside(PartFile.pathFor(dir.resolve("video.bin"))).load()
                .map(JournalState::verified).orElseGet(BitSet::new);
        BitSet verified = new BitSet();
        events.of(DownloadEvent.ChunkVerified.class).forEach(v -> verified.set(v.chunk()));
        assertThat(journaled).as("chunks in the journal after the interrupt; verified: %s", verified)
                .isEqualTo(verified);
    }
}
