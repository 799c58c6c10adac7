package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.DiskSilence;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.testing.HungDisk;
import mockwebserver3.MockResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that stops answering in the middle of a download (a network mount whose server went away, a FUSE daemon
 * that hangs): the write under way never returns, the writes behind it queue, and the connections stop reading, so
 * no stall limit fires. The download waited as long as the disk did, without a word (600 s on a FUSE file system
 * tried by hand). It now fails once the disk has taken no data for its limit, naming the part file, and leaves the
 * part file for the next run; a slow disk that keeps taking data is waited for.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HungWriteDiskTest {
    private static final int CHUNK = 64 * 1024;
    /** 16 chunks: the disk dies at the fifth ({@link HungDisk#WRITES_FROM}). */
    private static final byte[] CONTENT = TestFiles.bytes(16 * CHUNK, 31);
    private static final Duration LIMIT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();

    private static TransferConfig config() {
        return TransferConfig.builder().seed(7).policy("sequential").connections(2).connectionsPerMirror(2)
                .statusFeeds(false).minSpeed(0).progressInterval(Duration.ofMillis(50)).build();
    }

    /** A manifest of {@link #CONTENT} as video.bin, served by one mirror, "origin". */
    private VerifiedManifest fromOneMirror() throws IOException {
        return TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK, List.of(servers.open("origin",
                CONTENT).mirror())), 1);
    }

    @Test
    void aWriteThatNeverReturnsFailsTheDownloadAtTheLimitAndTheNextRunDelivers() throws Exception {
        VerifiedManifest manifest = fromOneMirror();
        Path part = PartFile.pathFor(dir.resolve("video.bin"));
        HungDisk disk = new HungDisk(HungDisk.Hangs.WRITES);
        try {
            Downloader hung = Downloader.builder().config(config()).listener(events).diskWaitLimit(LIMIT)
                    .diskActivity(DiskSilence.NONE).partFileChannels(disk.channels()).build();
            assertThatThrownBy(() -> hung.download(manifest, DownloadRequest.into(dir)))
                    .as("the download whose disk hung mid-way; events:%n%s", events.transcript())
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                        assertThat(e.reason()).as("its reason").isEqualTo(DownloadFailedException.Reason.LOCAL_IO);
                        assertThat(e.getMessage()).as("its words")
                                .contains("video.bin: a write to " + part + " has not returned (the disk took no "
                                        + "data for 500 ms, so the disk may be hung")
                                .contains("no mirror is to blame")
                                .contains("The part file stays for the next run");
                    });
            assertThat(events.of(DownloadEvent.DiskWaiting.class)).as("words while it waited on the disk; "
                    + "events:%n%s", events.transcript()).singleElement().satisfies(waiting -> {
                        assertThat(waiting.path()).isEqualTo(part);
                        assertThat(waiting.describe()).startsWith("video.bin: a write to " + part
                                + " has not returned for ").endsWith("; waiting on the disk, and giving up once it "
                                + "has taken no data for 500 ms");
                    });
            assertThat(part).as("the part file, left for the next run").exists();
            assertThat(dir.resolve("video.bin")).as("the destination").doesNotExist();

            // Another download of the same file in this process, the disk still hung: told why it cannot start.
            assertThatThrownBy(() -> Downloader.builder().config(config()).build()
                    .download(manifest, DownloadRequest.into(dir)))
                    .as("a second download while the first one's write is stuck")
                    .hasMessageContaining(part + " is still held by an earlier download of the same file in this "
                            + "process that has ended, but whose last write to the disk has not returned");

            // The disk answers: the write stuck in it returns, and so does the journal's forced write hung after
            // it; their threads end, the last to leave the disk closing the part file (the next run locks it).
            // (awaitHungThread gives the last thread to hang: the journal's, not the connection's in the write.)
            List<Thread> stuck = disk.hungThreads();
            assertThat(stuck).as("the threads stuck in the disk").anyMatch(t -> t.getName().startsWith("transfer-"));
            disk.answer();
            await().atMost(Duration.ofSeconds(20)).until(() -> stuck.stream().noneMatch(Thread::isAlive));
            // It went on once the disk answered, and verified its chunk: told then, after the failure, to a listener
            // for which the download was over.
            assertThat(events.all().getLast()).as("the last event, once the thread stuck in the write has ended; "
                    + "events:%n%s", events.transcript()).isInstanceOf(DownloadEvent.Failed.class);
        } finally {
            disk.answer();
        }

        DownloadResult result = Downloader.builder().config(config()).listener(events).build()
                .download(manifest, DownloadRequest.into(dir));
        assertThat(Sha256.ofFile(result.path())).as("the file the next run delivered; events:%n%s",
                events.transcript()).isEqualTo(Sha256.of(CONTENT));
        assertThat(Files.exists(part)).as("the part file after the delivery").isFalse();
    }

    /**
     * A write held for more than two limits while the disk keeps taking data (the page cache full of a backlog a
     * slow USB stick drains) is waited for, and the file is delivered.
     */
    @Test
    void aSlowDiskThatKeepsTakingDataIsWaitedForPastTheLimit() throws Exception {
        VerifiedManifest manifest = fromOneMirror();
        Duration limit = Duration.ofMillis(1500);
        AtomicLong sectors = new AtomicLong();
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.WRITES)) {
            Downloader slow = Downloader.builder().config(config()).listener(events).diskWaitLimit(limit)
                    .diskActivity(sectors::incrementAndGet) // more written at every look: a disk at work
                    .partFileChannels(disk.channels()).build();
            // The write returns after the watch has looked at the disk 14 times (the first look a quarter of the
            // limit in, then one every 250 ms: over 3.5 s, more than two limits), as a slow disk's would.
            Thread answering = disk.answerOnceHungAnd(() -> sectors.get() >= 14);
            DownloadResult result = slow.download(manifest, DownloadRequest.into(dir));
            answering.join(Duration.ofSeconds(30));

            assertThat(sectors.get()).as("looks at the disk while the write was held").isGreaterThanOrEqualTo(14);
            assertThat(Sha256.ofFile(result.path())).as("the file delivered; events:%n%s", events.transcript())
                    .isEqualTo(Sha256.of(CONTENT));
        }
    }

    /**
     * The chunk the whole-file hash waits for falls silent because its connection is stuck in the hung write, while
     * the connections behind it deliver what they had read: with the adaptive policy's takeover of that chunk, the
     * stall watch waited, under the schedule's lock, for the write to end before moving the chunk; the watch, and
     * with it the download's own thread, then waited as long as the disk, and the hang was never found.
     *
     * <p>Paced by header delays: chunks 0-1 (128 KiB each) first, so that both mirrors have served; then chunk 2,
     * whose first 64 KiB hang in the write at {@link HungDisk#WRITES_FROM}; then chunks 3 and 4, whose 128 KiB in
     * all make the takeover due (a chunk's worth from its peers) but not yet the cut (two chunks' worth).
     */
    @Test
    void aChunkStuckInTheHungWriteIsNotTakenOverAndTheDownloadStillEndsAtTheLimit() throws Exception {
        int chunk = 128 * 1024;
        byte[] content = TestFiles.bytes(16 * chunk, 37);
        RangeMirror a = servers.open("a", content);
        RangeMirror b = servers.open("b", content);
        java.util.function.BiFunction<mockwebserver3.RecordedRequest, MockResponse, MockResponse> paced =
                (request, normal) -> {
                    long first = Long.parseLong(request.getHeaders().get("Range").replaceAll("bytes=(\\d+)-.*",
                            "$1"));
                    long delay = first < HungDisk.WRITES_FROM ? 200 : first == HungDisk.WRITES_FROM ? 350 : 400;
                    return new MockResponse.Builder(normal).headersDelay(delay, TimeUnit.MILLISECONDS).build();
                };
        a.fault(paced);
        b.fault(paced);
        VerifiedManifest manifest = TestFiles.verified(TestFiles.target("video.bin", content, chunk,
                List.of(a.mirror(), b.mirror())), 1);
        TransferConfig config = TransferConfig.builder().seed(7).policy("adaptive").hedging(true)
                .relativeStall(Duration.ofMillis(500)).connections(3).connectionsPerMirror(3).statusFeeds(false)
                .minSpeed(0).progressInterval(Duration.ofMillis(50)).build();
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.WRITES)) {
            Downloader hung = Downloader.builder().config(config).listener(events).diskWaitLimit(Duration.ofSeconds(2))
                    .diskActivity(DiskSilence.NONE).partFileChannels(disk.channels()).build();
            FutureTask<Object> download = new FutureTask<>((Callable<Object>) () -> {
                try {
                    return hung.download(manifest, DownloadRequest.into(dir));
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.ofPlatform().daemon().name("hung-write-takeover-download").start(download);
            Object outcome;
            try {
                outcome = download.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the download did not end within 20 s of a disk limit of 2 s; events:%n%s"
                        .formatted(events.transcript()));
            }
            assertThat(outcome).as("the download's end; events:%n%s", events.transcript())
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DownloadFailedException.Reason.LOCAL_IO);
                        assertThat(e.getMessage()).contains("has not returned");
                    });
        }
    }

    /**
     * A fault on the stall watch's thread (here the disk's activity, read there while a write is held; a thread
     * factory refusing a probe's thread is another) ended that thread silently, and the hung write with it went
     * unwatched: the download went on, or waited for the disk for ever. It now ends the download as the client's
     * fault. The disk answers once the watch has met the fault, so the download would otherwise complete.
     */
    @Test
    void aFaultOnTheWatchThreadEndsTheDownloadRatherThanTheWatch() throws Exception {
        VerifiedManifest manifest = fromOneMirror();
        CountDownLatch watchMetTheFault = new CountDownLatch(1);
        DiskSilence.Activity faultyOnTheWatch = () -> {
            if (Thread.currentThread().getName().startsWith("stall-watch-")) {
                watchMetTheFault.countDown();
                throw new IllegalStateException("a fault on the watch thread");
            }
            return 0;
        };
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.WRITES)) {
            Downloader faulty = Downloader.builder().config(config()).listener(events).diskWaitLimit(LIMIT)
                    .diskActivity(faultyOnTheWatch).partFileChannels(disk.channels()).build();
            disk.answerOnceHungAnd(() -> watchMetTheFault.getCount() == 0);

            assertThatThrownBy(() -> faulty.download(manifest, DownloadRequest.into(dir)))
                    .as("the download whose watch met a fault; events:%n%s", events.transcript())
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                            .isEqualTo(DownloadFailedException.Reason.INTERNAL))
                    .hasMessageContaining("a fault on the watch thread");
        }
    }
}
