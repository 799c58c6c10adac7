package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.DiskSilence;
import io.outagedrill.client.testing.HungDisk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download that ends while its disk has stopped answering (every forced write of the part file hangs): the wait
 * for the journal's last save gives up at its limit, the download's failure says so in words, and the next run,
 * the disk answering again, delivers the signed bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HungJournalDiskTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(6 * CHUNK + 77, 23);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();

    @Test
    void aDownloadEndingOnAHungDiskSaysItsJournalWasNotSavedAndTheNextRunDelivers() throws Exception {
        RangeMirror cloudflare = servers.open("cloudflare", CONTENT);
        String lastChunk = "bytes=" + 5L * CHUNK + "-";
        // Every chunk but the last: the download fails with chunks verified that the journal must save.
        cloudflare.fault((request, normal) -> request.getHeaders().get("Range").startsWith(lastChunk)
                ? new MockResponse.Builder().code(404).build() : normal);
        VerifiedManifest manifest = TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK,
                List.of(cloudflare.mirror())), 1);
        TransferConfig config = TransferConfig.builder().seed(3).policy("sequential").maxRetriesPerMirror(0)
                .backoffBase(Duration.ofMillis(20)).backoffJitter(0).minSpeed(0).statusFeeds(false)
                .progressInterval(Duration.ofMillis(50)).build();
        // Closing a channel waits for the forces under way on it, as the JDK's does: the download's own close of
        // its part file hung with the disk, after the wait for the journal had given up.
        HungDisk disk = new HungDisk(HungDisk.Hangs.EVERY_FORCE);
        Downloader hung = Downloader.builder().config(config).listener(events).diskWaitLimit(Duration.ofMillis(500))
                .diskActivity(DiskSilence.NONE).partFileChannels(disk.channels()).build();
        try {
            assertThatThrownBy(() -> hung.download(manifest, DownloadRequest.into(dir)))
                    .as("the download on the hung disk; events:%n%s", events.transcript())
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                        assertThat(e.reason()).as("its own failure, first").isEqualTo(
                                DownloadFailedException.Reason.ALL_MIRRORS_FAILED);
                        assertThat(e.getMessage()).as("its words")
                                .contains("the journal " + dir.resolve("video.bin.part.journal") + " was not saved")
                                .contains("forcing video.bin.part to disk (fsync) did not finish (the disk took no "
                                        + "data for 500 ms")
                                .contains("the next run resumes from it");
                    });
            // The disk answers: the thread stuck in its force closes the part file, letting its lock go, and ends.
            Thread stuck = disk.awaitHungThread(0);
            assertThat(stuck).as("the thread that was stuck in the force").isNotNull();
            disk.answer();
            await().atMost(Duration.ofSeconds(20)).until(() -> !stuck.isAlive());
        } finally {
            disk.answer();
        }

        cloudflare.fault((request, normal) -> normal);
        DownloadResult result = Downloader.builder().config(config).listener(events).build()
                .download(manifest, DownloadRequest.into(dir));
        assertThat(Sha256.ofFile(result.path())).as("the file the next run delivered; events:%n%s",
                events.transcript()).isEqualTo(Sha256.of(CONTENT));
    }
}
