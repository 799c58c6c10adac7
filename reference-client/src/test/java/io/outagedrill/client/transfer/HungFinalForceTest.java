package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.DiskSilence;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.testing.HungDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download whose every chunk is verified, ending on a disk that has stopped answering: the part file's final
 * force to disk before its rename never returns (a stuck network mount, a USB drive gone silent). The download
 * waited for it without bound, and {@code drill get} hung without a word. It now gives up at its limit, says so
 * naming the part file, delivers nothing, and leaves the part file and its journal for the next run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HungFinalForceTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(6 * CHUNK + 77, 29);
    private static final Duration LIMIT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();

    private static TransferConfig config() {
        return TransferConfig.builder().seed(5).policy("sequential").statusFeeds(false).minSpeed(0).build();
    }

    /** A manifest of {@link #CONTENT} as video.bin, served by one mirror, "origin". */
    private VerifiedManifest fromOneMirror() throws IOException {
        return TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK, List.of(servers.open("origin",
                CONTENT).mirror())), 1);
    }

    @Test
    void aFinalForceThatNeverReturnsFailsTheDownloadAtTheLimitSayingSoAndMovesNothing() throws Exception {
        VerifiedManifest manifest = fromOneMirror();
        Path destination = dir.resolve("video.bin");
        Path part = PartFile.pathFor(destination);
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.FINAL_FORCE)) {
            Downloader hung = Downloader.builder().config(config()).listener(events).diskWaitLimit(LIMIT)
                    .diskActivity(DiskSilence.NONE).partFileChannels(disk.channels()).build();

            long started = System.nanoTime();
            assertThatThrownBy(() -> hung.download(manifest, DownloadRequest.into(dir)))
                    .as("a download whose final force hangs; events:%n%s", events.transcript())
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                        assertThat(e.reason()).as("its reason").isEqualTo(DownloadFailedException.Reason.LOCAL_IO);
                        assertThat(e.getMessage()).as("its words")
                                .contains("the disk did not finish writing " + part)
                                .contains("the disk took no data for 500 ms")
                                .contains("it was NOT moved to " + destination)
                                .contains("the next run resumes from video.bin.part and its journal");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("how long the download took to fail")
                    .isLessThan(Duration.ofSeconds(20));
            Thread stuck = disk.awaitHungThread(0);
            assertThat(stuck).as("the thread left in the hung force").isNotNull();
            assertThat(stuck.isDaemon()).as("whether the thread stuck in the force (%s) lets the JVM exit",
                    stuck.getName()).isTrue();
            assertThat(destination).as("the destination while the disk hangs").doesNotExist();
            assertThat(part).as("the part file, kept for the next run").exists();
            assertThat(events.of(DownloadEvent.DiskWaiting.class))
                    .as("words while it waited on the disk; events:%n%s", events.transcript())
                    .singleElement().satisfies(waiting -> assertThat(waiting.describe()).startsWith(
                            "video.bin: forcing " + part + " to disk and renaming it into place has taken ")
                            .endsWith("so far; waiting on the disk, and giving up once it has taken no data for "
                                    + "500 ms"));

            // The disk answers late: the download was given up, and its rename must not happen behind its back.
            disk.answer();
            await().atMost(Duration.ofSeconds(20)).until(() -> !stuck.isAlive());
        }
        assertThat(destination).as("the destination once the late force returned").doesNotExist();
        assertThat(Journal.beside(part).path()).as("the journal, kept for the next run").exists();

        DownloadResult result = Downloader.builder().config(config()).listener(events).build()
                .download(manifest, DownloadRequest.into(dir));
        assertThat(Sha256.ofFile(result.path())).as("the file the next run delivered; events:%n%s",
                events.transcript()).isEqualTo(Sha256.of(CONTENT));
        assertThat(part).as("the part file after the next run").doesNotExist();
    }

    /**
     * A disk that stops answering while the download runs hangs the journal's save (which forces the part file) as
     * well as the final force: the end waited for the one, then for the other, each for the whole limit, so {@code
     * drill get} gave up after twice the 30 s it says. One limit now covers both.
     */
    @Test
    void aDiskHungBeforeTheEndIsWaitedForOnceNotOncePerForce() throws Exception {
        VerifiedManifest manifest = fromOneMirror();
        Duration limit = Duration.ofSeconds(2);
        AtomicLong lastVerifiedNanos = new AtomicLong();
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.EVERY_FORCE)) {
            Downloader hung = Downloader.builder().config(config()).diskWaitLimit(limit)
                    .diskActivity(DiskSilence.NONE).listener(event -> {
                        events.on(event);
                        if (event instanceof DownloadEvent.ChunkVerified) {
                            lastVerifiedNanos.set(System.nanoTime());
                        }
                    }).partFileChannels(disk.channels()).build();

            assertThatThrownBy(() -> hung.download(manifest, DownloadRequest.into(dir)))
                    .as("a download on a disk hung from its first journal save; events:%n%s", events.transcript())
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.getMessage())
                            .as("its words").contains("it was NOT moved to " + dir.resolve("video.bin")));
            Duration ending = Duration.ofNanos(System.nanoTime() - lastVerifiedNanos.get());
            assertThat(ending).as("from the last chunk verified to the failure, with a limit of %s", limit)
                    .isLessThan(limit.multipliedBy(2));
        }
    }

    /**
     * A slow disk is not a hung one: a final force that takes over twice the limit while the disk keeps taking data
     * (a USB stick forcing a backlog of gigabytes) is waited for, and the file is delivered. Before, any force longer
     * than the limit failed the download, however hard the disk worked.
     */
    @Test
    void aSlowDiskThatKeepsTakingDataIsWaitedForPastTheLimit() throws Exception {
        VerifiedManifest manifest = fromOneMirror();
        Duration limit = Duration.ofMillis(1500);
        AtomicLong sectors = new AtomicLong();
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.FINAL_FORCE)) {
            Downloader slow = Downloader.builder().config(config()).listener(events).diskWaitLimit(limit)
                    .diskActivity(sectors::incrementAndGet) // more written at every look: a disk at work
                    .partFileChannels(disk.channels()).build();
            // The force ends after the download has looked at the disk 14 times (the first look a quarter of the limit
            // in, then one every 250 ms: over 3.5 s, more than two limits), as a slow disk's would.
            Thread answering = disk.answerOnceHungAnd(() -> sectors.get() >= 14);
            long started = System.nanoTime();
            DownloadResult result = slow.download(manifest, DownloadRequest.into(dir));
            answering.join(Duration.ofSeconds(30));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the download, its force past two limits")
                    .isGreaterThan(limit.multipliedBy(2));
            assertThat(Sha256.ofFile(result.path())).as("the file delivered; events:%n%s", events.transcript())
                    .isEqualTo(Sha256.of(CONTENT));
        }
    }

    /** A final force that answers within the limit ends the download as before: delivered, nothing left over. */
    @Test
    void aFinalForceThatAnswersWithinTheLimitDeliversTheFile() throws Exception {
        VerifiedManifest manifest = fromOneMirror();
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.FINAL_FORCE)) {
            Downloader slow = Downloader.builder().config(config()).listener(events)
                    .diskWaitLimit(Duration.ofSeconds(30)).partFileChannels(disk.channels()).build();
            Thread answering = disk.answerOnceHungAnd(() -> true);

            DownloadResult result = slow.download(manifest, DownloadRequest.into(dir));

            assertThat(answering.join(Duration.ofSeconds(5))).as("the final force was waited for").isTrue();
            assertThat(Sha256.ofFile(result.path())).as("the file delivered; events:%n%s", events.transcript())
                    .isEqualTo(Sha256.of(CONTENT));
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("the files in the download folder")
                    .containsExactly("video.bin");
        }
    }
}
