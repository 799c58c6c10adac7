package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.testing.ForwardingFileChannel;
import io.outagedrill.client.testing.HungDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download whose thread is interrupted (an application cancelling it): it fails as interrupted (exit code 130 in
 * the CLI), not as a local I/O error, and its journal holds every chunk it verified, for the next run. The
 * journal's saves are held back for an interval, so when the interrupt comes there is usually a verified chunk not
 * yet saved: the flush at the end must save it, interrupt or not. (Whether one is still unsaved when the flush runs
 * depends on how long the shutdown takes; {@code JournalWriterTest} pins the flush itself.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptedDownloadTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(16 * CHUNK, 5);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private RangeMirror mirror;

    @Test
    void anInterruptedDownloadFailsAsInterruptedAndKeepsItsVerifiedChunksInTheJournal() throws Exception {
        mirror = servers.open("origin", CONTENT);
        // Chunk 0 at full speed (its save starts at once), chunk 1 50 ms later (verified while the save interval
        // holds it back), every later chunk stalls after 1 KiB: the interrupt, sent as chunk 1 verifies, finds a
        // chunk not yet saved and connections stuck mid-body.
        mirror.fault((request, normal) -> {
            String range = request.getHeaders().get("Range");
            long first = Long.parseLong(range.substring(6, range.indexOf('-')));
            if (first < CHUNK) {
                return normal;
            }
            return first < 2L * CHUNK ? new MockResponse.Builder(normal).headersDelay(50, TimeUnit.MILLISECONDS).build()
                    : new MockResponse.Builder(normal).throttleBody(1024, 5, TimeUnit.MINUTES).build();
        });
        CountDownLatch twoVerified = new CountDownLatch(2);
        DownloadListener listener = event -> {
            events.on(event);
            if (event instanceof DownloadEvent.ChunkVerified) {
                twoVerified.countDown();
            }
        };
        var target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(mirror.mirror()));
        Downloader downloader = Downloader.builder().listener(listener).config(TransferConfig.builder().seed(1)
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
        assertThat(twoVerified.await(30, TimeUnit.SECONDS)).as("two chunks verified within 30 s; events:%n%s",
                events.transcript()).isTrue();

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

        // Stopped again while the next run re-checks those chunks: what they hold stays for the run after.
        CompletableFuture<Throwable> again = new CompletableFuture<>();
        Thread.ofPlatform().name("interrupted-resume").start(() -> {
            Thread.currentThread().interrupt();
            try {
                downloader.download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
                again.complete(null);
            } catch (Throwable t) {
                again.complete(t);
            }
        });
        assertThat(again.get(30, TimeUnit.SECONDS)).as("how the resume stopped at once ended").isNotNull();
        assertThat(Journal.beside(PartFile.pathFor(dir.resolve("video.bin"))).load().map(JournalState::verified)
                .orElseGet(BitSet::new)).as("the journal after a resume stopped while it checked the chunks")
                .isEqualTo(verified);
    }

    /**
     * Interrupted after the last chunk, while the verified part file is forced before its rename (as Ctrl-C does to
     * get's thread): the download was reported as local file trouble (exit 1), not as interrupted (130), when the
     * file channel closed itself on the interrupt. The force runs on a thread of its own now, which the interrupt
     * does not reach: the wait for it gives up at once, and nothing is moved into place.
     */
    @Test
    void anInterruptAfterTheLastChunkIsAnInterruptNotLocalFileTrouble() throws IOException {
        RangeMirror mirror = servers.open("cloudflare", CONTENT);
        Thread caller = Thread.currentThread();
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.FINAL_FORCE)) {
            Downloader interruptedAtTheRename = Downloader.builder()
                    .config(TransferConfig.builder().seed(1).connections(2).build())
                    .partFileChannels(disk.channelsAtHang(caller::interrupt)).build();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> interruptedAtTheRename.download(
                            TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK, List.of(mirror.mirror())),
                                    1), DownloadRequest.into(dir)))
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                            .as("the reason of a download interrupted at its rename").isEqualTo(
                                    DownloadFailedException.Reason.INTERRUPTED));
            assertThat(Thread.interrupted()).as("the interrupt, kept for the caller").isTrue();
            assertThat(dir.resolve("video.bin")).as("the destination of a download interrupted at its rename")
                    .doesNotExist();
        }
    }

    /**
     * Interrupted once the rename had begun (Ctrl-C a moment too late): the file is in place, verified and forced, so
     * the download is delivered, not reported as interrupted, and the interrupt is kept for the caller. Here the
     * interrupt comes as the part file's channel closes, which the end of a download does after the rename.
     */
    @Test
    void anInterruptAfterTheRenameBeganStillDeliversTheFile() throws Exception {
        RangeMirror mirror = servers.open("cloudflare", CONTENT);
        Thread caller = Thread.currentThread();
        Path destination = dir.resolve("video.bin");
        PartFile.ChannelOpener interruptsOnceMoved = path -> new ForwardingFileChannel(PartFile.openOwnFile(path)) {
            @Override
            protected void implCloseChannel() throws IOException {
                if (Files.exists(destination)) {
                    caller.interrupt();
                }
                super.implCloseChannel();
            }
        };
        Downloader downloader = Downloader.builder().listener(events)
                .config(TransferConfig.builder().seed(1).connections(2).build())
                .partFileChannels(interruptsOnceMoved).build();
        try {
            DownloadResult result = downloader.download(TestFiles.verified(TestFiles.target("video.bin", CONTENT,
                    CHUNK, List.of(mirror.mirror())), 1), DownloadRequest.into(dir));
            assertThat(result.path()).as("the file of a download interrupted after its rename began; events:%n%s",
                    events.transcript()).isEqualTo(destination);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt, kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(Files.readAllBytes(destination)).as("the delivered file").isEqualTo(CONTENT);
        assertThat(events.of(DownloadEvent.Completed.class)).as("Completed events of a download interrupted after its "
                + "rename began; events:%n%s", events.transcript()).hasSize(1);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("files left in the download folder")
                    .containsExactly("video.bin");
        }
    }

    /**
     * A download cancelled as it begins (its thread already interrupted when it is called) fails as interrupted
     * and leaves nothing in the folder: it had created an empty {@code NAME.part}, which no journal spoke for and no
     * later run could use.
     */
    @Test
    void aDownloadInterruptedBeforeItBeganLeavesNoPartFile() throws Exception {
        mirror = servers.open("origin", CONTENT);
        Downloader downloader = Downloader.builder().listener(events).build();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> downloader.download(TestFiles.verified(TestFiles.target("video.bin", CONTENT,
                    CHUNK, List.of(mirror.mirror())), 1), DownloadRequest.into(dir)))
                    .as("a download called on an interrupted thread; events:%n%s", events.transcript())
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                            .isEqualTo(DownloadFailedException.Reason.INTERRUPTED));
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt status, after the download")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("files left in the download folder")
                    .isEmpty();
        }
    }
}
