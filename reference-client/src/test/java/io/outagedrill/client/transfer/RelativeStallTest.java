package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror that goes silent mid-body while another delivers: the silent connection is cut as stalled relative to
 * its peer long before the fixed stall limit (20 s here, so only the relative rule can cut it in time).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RelativeStallTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(24 * CHUNK, 11);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private RangeMirror silent;
    private RangeMirror healthy;

    /** {@code answer}, once {@code gate} has opened (or after 10 s, when the test fails on its own terms). */
    private static MockResponse once(CountDownLatch gate, MockResponse answer) {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answer;
    }

    private DownloadResult download(TransferConfig config) throws IOException {
        silent = servers.open("silent", CONTENT);
        healthy = servers.open("healthy", CONTENT);
        // 1 KiB of the body, then nothing for longer than the test may take: a blackhole with the connection open.
        // The healthy mirror answers only once the silent one has: the rule compares the silent connection with
        // what its peers deliver after it went quiet, and on a busy machine the healthy mirror could otherwise
        // finish every other chunk first, leaving nothing to compare with (then only the fixed limit applies).
        CountDownLatch silentAnswered = new CountDownLatch(1);
        silent.fault((request, normal) -> {
            silentAnswered.countDown();
            return new MockResponse.Builder(normal).throttleBody(1024, 5, TimeUnit.MINUTES).build();
        });
        healthy.fault((request, normal) -> once(silentAnswered, normal));
        var target = TestFiles.target("video.bin", CONTENT, CHUNK, java.util.List.of(silent.mirror(),
                healthy.mirror()));
        return Downloader.builder().config(config).listener(events).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
    }

    private static TransferConfig.Builder config() {
        return TransferConfig.builder().seed(3).policy("parallel").connections(2).connectionsPerMirror(1)
                .backoffBase(Duration.ofMillis(20)).backoffJitter(0).stallTimeout(Duration.ofSeconds(20))
                .firstByteTimeout(Duration.ofSeconds(5)).minSpeed(0).hedging(false);
    }

    @Test
    void aSilentConnectionIsCutAsStalledRelativeToItsPeerLongBeforeTheFixedLimit() throws IOException {
        DownloadResult result = download(config().relativeStall(Duration.ofMillis(300)).build());

        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .filteredOn(f -> f.mirror().equals("silent"))
                .isNotEmpty()
                .allSatisfy(f -> {
                    assertThat(f.kind()).isEqualTo(FailureKind.STALL);
                    assertThat(f.reason()).contains("stalled relative to its peers");
                });
        assertThat(result.elapsed()).as("cut by the relative rule, not the 20 s stall limit")
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void withoutTheRelativeRuleAStallLimitLongerThanTheFirstByteLimitIsTheOneThatCutsASilentBody() throws IOException {
        // The first-byte limit is also OkHttp's read timeout, which OkHttp puts on the socket; it must not cut a
        // silent body before the stall limit the user set.
        DownloadResult result = download(config().policy("sequential").connections(1)
                .firstByteTimeout(Duration.ofMillis(300)).stallTimeout(Duration.ofMillis(1500))
                .relativeStall(Duration.ZERO).build());

        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        var firstByte = events.of(DownloadEvent.FirstByte.class).stream().filter(e -> e.mirror().equals("silent"))
                .findFirst().orElseThrow(() -> new AssertionError("no first byte from the silent mirror; events:%n%s"
                        .formatted(events.transcript())));
        var cut = events.of(DownloadEvent.MirrorFailed.class).stream().filter(e -> e.mirror().equals("silent"))
                .findFirst().orElseThrow(() -> new AssertionError("the silent mirror never failed; events:%n%s"
                        .formatted(events.transcript())));
        assertThat(cut.kind()).as(events.transcript()).isEqualTo(FailureKind.STALL);
        assertThat(cut.reason()).isEqualTo("no data for 1500 ms mid-chunk");
        assertThat(Duration.between(firstByte.at(), cut.at())).as("silence before the cut (stall limit 1.5 s, "
                + "first-byte limit 0.3 s)").isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void theSilentConnectionsBytesAreKeptForTheNextMirror() throws IOException {
        download(config().relativeStall(Duration.ofMillis(300)).build());

        assertThat(healthy.ranges()).as("the healthy mirror is asked for the rest of a chunk the silent one began; "
                + "events:%n%s", events.transcript()).anyMatch(r -> r[0] % CHUNK == 1024);
    }

    @Test
    void theChunkTheWholeFileHashWaitsForIsCutAtHalfTheRelativeFloor() throws IOException {
        silent = servers.open("silent", CONTENT);
        healthy = servers.open("healthy", CONTENT);
        // The first answer whole (so the mirror's first-byte time is known), the second 1 KiB and silence, the rest
        // whole again (the 1-byte probe after the cut, and the chunk's remainder if it comes back). The healthy
        // mirror answers only once the silent one has gone quiet, and slowly (a chunk per 160 ms): the rule needs
        // two chunks from the peers after the silent connection's last byte, and a healthy mirror that finished
        // every other chunk before the client read that byte (seen on a loaded CI machine) leaves only the fixed
        // limit. Once the healthy mirror has verified the chunks before it, the silent chunk is the first not yet
        // verified.
        AtomicInteger answers = new AtomicInteger();
        CountDownLatch silentQuiet = new CountDownLatch(1);
        silent.fault((request, normal) -> {
            if (answers.getAndIncrement() != 1) {
                return normal;
            }
            silentQuiet.countDown();
            return new MockResponse.Builder(normal).throttleBody(1024, 5, TimeUnit.MINUTES).build();
        });
        healthy.fault((request, normal) -> once(silentQuiet,
                new MockResponse.Builder(normal).throttleBody(4096, 10, TimeUnit.MILLISECONDS).build()));
        var target = TestFiles.target("video.bin", CONTENT, CHUNK, java.util.List.of(silent.mirror(),
                healthy.mirror()));
        DownloadResult result = Downloader.builder()
                .config(config().relativeStall(Duration.ofSeconds(3)).build()).listener(events).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));

        assertThat(Sha256.ofFile(result.path())).as("the delivered file; events:%n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        DownloadEvent.MirrorFailed cut = events.of(DownloadEvent.MirrorFailed.class).stream()
                .filter(e -> e.mirror().equals("silent")).findFirst()
                .orElseThrow(() -> new AssertionError("the silent mirror was never cut; events:%n%s"
                        .formatted(events.transcript())));
        Matcher idle = Pattern.compile("no data for (\\d+) ms").matcher(cut.reason());
        assertThat(idle.find()).as("a relative stall mid-body, got: %s", cut.reason()).isTrue();
        assertThat(Long.parseLong(idle.group(1))).as("silence before the cut: half the 3 s relative floor, "
                + "not all of it; events:%n%s", events.transcript()).isBetween(1_500L, 2_999L);
    }
}
