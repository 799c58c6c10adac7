package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another file put at {@code NAME.part} (renamed over it) while the download is paused on its mirror: the download
 * goes on with the file it opened, and what it does to the name at its end (the removal of a download that verified
 * nothing) is done only to that file, never to the one now there, and said naming it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartFileReplacedTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(3 * CHUNK + 5, 31);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    /** The mirror's answers wait for this: the download is paused on it until the test lets it go. */
    private final CountDownLatch resume = new CountDownLatch(1);

    @AfterEach
    void letTheMirrorGo() {
        resume.countDown();
    }

    @Test
    void aDownloadThatVerifiedNothingLeavesTheFilePutAtItsPartFilesNameAndSaysSo() throws Exception {
        RangeMirror cloudflare = servers.open("cloudflare", CONTENT);
        // Paused on its first answer, then gone (404): the download fails having verified nothing.
        cloudflare.fault((request, normal) -> {
            try {
                resume.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MockResponse.Builder().code(404).build();
        });
        VerifiedManifest manifest = TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK,
                List.of(cloudflare.mirror())), 1);
        TransferConfig config = TransferConfig.builder().seed(5).policy("sequential").maxRetriesPerMirror(0)
                .backoffJitter(0).minSpeed(0).statusFeeds(false).firstByteTimeout(Duration.ofSeconds(40))
                .stallTimeout(Duration.ofSeconds(40)).relativeStall(Duration.ZERO).build();
        CompletableFuture<DownloadResult> download = CompletableFuture.supplyAsync(() -> Downloader.builder()
                .config(config).listener(events).build().download(manifest, DownloadRequest.into(dir)));
        await("the download paused on its mirror").atMost(Duration.ofSeconds(20))
                .until(() -> !events.of(DownloadEvent.AttemptStarted.class).isEmpty());

        Path partFile = PartFile.pathFor(dir.resolve("video.bin"));
        Path users = Files.writeString(dir.resolve("users-file"), "the user's own bytes");
        Files.move(users, partFile, StandardCopyOption.REPLACE_EXISTING);
        resume.countDown();

        Throwable failure = failureOf(download);
        assertThat(failure).as("how the download ended; events:%n%s", events.transcript())
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("not removing " + partFile + ": another file was put at that name");
        assertThat(((DownloadFailedException) failure).reason()).as("its own failure, kept")
                .isEqualTo(DownloadFailedException.Reason.ALL_MIRRORS_FAILED);
        assertThat(partFile).as("the file put at the part file's name").hasContent("the user's own bytes");
        assertThat(dir.resolve("video.bin")).as("nothing at the destination").doesNotExist();
    }

    /**
     * With chunks verified, the download keeps its part file for a resume; another file put at its name is found at
     * the journal's next save, and the download stops then, saying so, rather than fetch the rest of the file into
     * one it can no longer put in place.
     */
    @Test
    void aFilePutAtThePartFilesNameIsFoundWhileTheDownloadRunsAndItStopsSayingSo() throws Exception {
        RangeMirror cloudflare = servers.open("cloudflare", CONTENT);
        CountDownLatch chunkOne = new CountDownLatch(1);
        // Chunk 0 at once; chunk 1 once the test lets it go; the rest held until the test ends: a download that
        // did not stop on its own would wait for them, and the test would fail at its wait below.
        cloudflare.fault((request, normal) -> {
            String range = request.getHeaders().get("Range");
            CountDownLatch gate = range.startsWith("bytes=0-") ? null
                    : range.startsWith("bytes=" + CHUNK + "-") ? chunkOne : resume;
            try {
                if (gate != null) {
                    gate.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return normal;
        });
        VerifiedManifest manifest = TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK,
                List.of(cloudflare.mirror())), 1);
        TransferConfig config = TransferConfig.builder().seed(5).policy("sequential").minSpeed(0).statusFeeds(false)
                .firstByteTimeout(Duration.ofSeconds(40)).stallTimeout(Duration.ofSeconds(40))
                .relativeStall(Duration.ZERO).build();
        CompletableFuture<DownloadResult> download = CompletableFuture.supplyAsync(() -> Downloader.builder()
                .config(config).listener(events).build().download(manifest, DownloadRequest.into(dir)));
        Path partFile = PartFile.pathFor(dir.resolve("video.bin"));
        io.outagedrill.client.store.Journal journal = io.outagedrill.client.store.Journal.beside(partFile);
        await("chunk 0 verified and in the journal").atMost(Duration.ofSeconds(20))
                .until(() -> journal.load().map(s -> s.verified().get(0)).orElse(false));

        Path users = Files.writeString(dir.resolve("users-file"), "the user's own bytes");
        Files.move(users, partFile, StandardCopyOption.REPLACE_EXISTING);
        chunkOne.countDown(); // chunk 1 verifies, and the journal's next save looks at the name

        Throwable failure = failureOf(download);
        assertThat(failure).as("how the download ended; events:%n%s", events.transcript())
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining(partFile + " is no longer the file this download is writing")
                .hasMessageContaining("no mirror is to blame");
        assertThat(((DownloadFailedException) failure).reason()).isEqualTo(DownloadFailedException.Reason.LOCAL_IO);
        assertThat(partFile).as("the file put at the part file's name").hasContent("the user's own bytes");
        assertThat(dir.resolve("video.bin")).as("nothing at the destination").doesNotExist();
    }

    private static Throwable failureOf(CompletableFuture<DownloadResult> download)
            throws InterruptedException, TimeoutException {
        try {
            download.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected the download to fail, and it delivered the file");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
