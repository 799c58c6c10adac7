package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk the whole-file hash waits for (the first not yet verified) falls silent on its mirror while another
 * mirror delivers: with hedging on (the adaptive policy's default), another connection takes it over after a
 * quarter of the relative floor, before the silent one is cut, and the silent attempt is still judged and cut as
 * the stall it is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrontierTakeoverTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(64 * CHUNK, 23);
    /** Relative floor 2 s: taken over after 0.5 s of silence, cut after 1 s (half the floor, the frontier's). */
    private static final Duration RELATIVE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private RangeMirror silent;
    private RangeMirror healthy;

    /**
     * Downloads from two mirrors: "silent" answers its first request whole (so its first-byte time is known) and its
     * second with 1 KiB and then nothing for minutes; every later answer whole. Both send at about 1.6 MB/s, so the
     * silent chunk becomes the frontier while the other connection still delivers.
     */
    private DownloadResult download(boolean hedging) throws IOException {
        return download(hedging, events);
    }

    private DownloadResult download(boolean hedging, DownloadListener listener) throws IOException {
        silent = servers.open("silent", CONTENT);
        healthy = servers.open("healthy", CONTENT);
        AtomicInteger answers = new AtomicInteger();
        silent.fault((request, normal) -> answers.getAndIncrement() != 1 ? paced(normal)
                : new MockResponse.Builder(normal).throttleBody(1024, 5, TimeUnit.MINUTES).build());
        healthy.fault((request, normal) -> paced(normal));
        var target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(silent.mirror(), healthy.mirror()));
        TransferConfig config = TransferConfig.builder().seed(5).policy("adaptive").connections(2)
                .connectionsPerMirror(2).backoffBase(Duration.ofSeconds(30)).backoffJitter(0)
                .stallTimeout(Duration.ofSeconds(20)).firstByteTimeout(Duration.ofSeconds(5)).minSpeed(0)
                .relativeStall(RELATIVE).hedging(hedging).deadline(Duration.ofSeconds(30)).build();
        return Downloader.builder().config(config).listener(listener).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
    }

    /** About 1.6 MB/s: the download lasts seconds, so the silence is judged while the other connection delivers. */
    private static MockResponse paced(MockResponse normal) {
        return new MockResponse.Builder(normal).throttleBody(16 * 1024, 10, TimeUnit.MILLISECONDS).build();
    }

    private Stream<DownloadEvent.MirrorSwitched> takeovers() {
        return events.of(DownloadEvent.MirrorSwitched.class).stream().filter(s -> s.reason().contains("taken over"));
    }

    @Test
    void theSilentFrontierChunkIsTakenOverBeforeItsConnectionIsCutAndItsMirrorIsStillCharged() throws IOException {
        DownloadResult result = download(true);

        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        DownloadEvent.MirrorSwitched takeover = takeovers().findFirst().orElseThrow(() -> new AssertionError(
                "expected a chunk taken over from the silent mirror, saw none; events:%n%s"
                        .formatted(events.transcript())));
        assertThat(takeover.from()).isEqualTo("silent");
        assertThat(takeover.to()).isEqualTo("healthy");
        DownloadEvent.MirrorFailed cut = events.of(DownloadEvent.MirrorFailed.class).stream()
                .filter(f -> f.mirror().equals("silent")).findFirst().orElseThrow(() -> new AssertionError(
                        "expected the silent connection still cut as stalled after the takeover, saw no failure of "
                                + "it; events:%n%s".formatted(events.transcript())));
        assertThat(cut.kind()).as(events.transcript()).isEqualTo(FailureKind.STALL);
        assertThat(cut.reason()).contains("stalled relative to its peers");
        assertThat(takeover.at()).as("taken over (at a quarter of the floor) before the cut (at half of it); "
                + "events:%n%s", events.transcript()).isBefore(cut.at());
        assertThat(healthy.ranges()).as("the chunk taken over is asked for from its start, not from the 1 KiB the "
                + "silent connection had written").anyMatch(r -> r[0] == (long) takeover.chunk() * CHUNK)
                .noneMatch(r -> r[0] % CHUNK != 0);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("only the file is left")
                    .containsExactly("video.bin");
        }
    }

    @Test
    void withHedgingOffNothingIsTakenOverAndTheChunkMovesOnlyWhenTheCutComes() throws IOException {
        DownloadResult result = download(false);

        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        assertThat(takeovers()).as("no takeover with --hedging false; events:%n%s", events.transcript()).isEmpty();
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anyMatch(f -> f.mirror().equals("silent") && f.kind() == FailureKind.STALL);
    }

    /**
     * The takeover tells its switch from the stall watch's thread, under the schedule's lock. A listener that threw
     * there once ended the stall watch silently, and the frontier chunk was held by an attempt nothing ran; then it
     * ended the download as the client's own fault. A listener's exception now never reaches the stall watch: the
     * takeover goes on and the download delivers.
     */
    @Test
    void aListenerThrowingOnTheTakeoverNeitherEndsNorHoldsTheDownload() throws Exception {
        DownloadListener throwsOnTakeover = event -> {
            events.on(event);
            if (event instanceof DownloadEvent.MirrorSwitched s && s.reason().contains("taken over")) {
                throw new IllegalStateException("a listener's bug");
            }
        };

        DownloadResult result = download(true, throwsOnTakeover);

        assertThat(result.path()).as("events:%n%s", events.transcript()).exists();
        assertThat(takeovers()).as("the takeover was told (and threw); events:%n%s", events.transcript())
                .isNotEmpty();
    }

    /**
     * An Error thrown on the takeover (a listener's, which the guard lets through, or a thread that cannot start)
     * ended the stall watch silently, and the frontier chunk was held by an attempt nothing ran: it ends the download
     * as the client's own fault.
     */
    @Test
    void anErrorOnTheTakeoverEndsTheDownloadAsTheClientsFault() {
        DownloadListener errsOnTakeover = event -> {
            events.on(event);
            if (event instanceof DownloadEvent.MirrorSwitched s && s.reason().contains("taken over")) {
                throw new Error("a listener's bug");
            }
        };

        assertThatThrownBy(() -> download(true, errsOnTakeover))
                .as("a download whose listener throws an Error on the takeover; events:%n%s", events.transcript())
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                        .as(events.transcript()).isEqualTo(DownloadFailedException.Reason.INTERNAL))
                .hasMessageContaining("a listener's bug");
        assertThat(takeovers()).as("the takeover was told (and threw); events:%n%s", events.transcript())
                .isNotEmpty();
    }
}
