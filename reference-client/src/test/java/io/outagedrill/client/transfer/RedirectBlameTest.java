package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror that redirects to another signed mirror, which then stalls: the stall is the target's, so the target is
 * the one named, backed off and given up, and the words say which mirror sent the client there. The redirecting
 * mirror is judged only for what it does itself: sending the client on to a mirror that is failing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedirectBlameTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(6 * CHUNK + 99, 7);
    private static final Set<FailureKind> STALLED = Set.of(FailureKind.FIRST_BYTE_TIMEOUT, FailureKind.STALL);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private RangeMirror cloudflare;
    private RangeMirror fastly;
    private RangeMirror bunny;

    @BeforeEach
    void mirrors() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        fastly = servers.open("fastly", CONTENT);
        bunny = servers.open("bunny", CONTENT);
        // Every request to cloudflare is sent on to fastly, a mirror of the same signed manifest.
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(302)
                .setHeader("Location", fastly.url()).build());
    }

    private void download() throws IOException {
        // Sequential tries cloudflare first and stays on it until it fails; bunny is the healthy way out.
        TransferConfig config = TransferConfig.builder().seed(7).policy("sequential").hedging(false)
                .backoffBase(Duration.ofMillis(20)).backoffJitter(0).stallTimeout(Duration.ofMillis(300))
                .firstByteTimeout(Duration.ofMillis(500)).progressInterval(Duration.ofMillis(50)).minSpeed(0)
                .build();
        Downloader.builder().config(config).listener(events).build().download(TestFiles.verified(
                TestFiles.target("video.bin", CONTENT, CHUNK,
                        List.of(cloudflare.mirror(), fastly.mirror(), bunny.mirror())), 1),
                DownloadRequest.into(dir));
        assertThat(Sha256.ofFile(dir.resolve("video.bin"))).as("the file, verified; events:\n%s",
                events.transcript()).isEqualTo(Sha256.of(CONTENT));
    }

    @Test
    void aRedirectTargetWhoseHeadersNeverComeIsTheMirrorBlamed() throws IOException {
        fastly.fault((request, normal) -> new MockResponse.Builder(normal)
                .headersDelay(10, TimeUnit.SECONDS).build());

        download();

        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anySatisfy(f -> {
                    assertThat(f.mirror()).as("the mirror that stalled").isEqualTo("fastly");
                    assertThat(f.kind()).isIn(STALLED);
                    assertThat(f.reason()).as("which mirror sent the client there")
                            .contains("reached through a redirect from cloudflare");
                })
                .noneSatisfy(f -> assertThat(f.mirror() + " " + f.kind())
                        .as("the redirecting mirror blamed for the target's silence")
                        .isIn("cloudflare FIRST_BYTE_TIMEOUT", "cloudflare STALL"));
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).filteredOn(f -> f.mirror().equals("cloudflare"))
                .as("cloudflare fails only for sending the client on to a failing mirror")
                .allSatisfy(f -> assertThat(f.reason()).contains("redirected (302) to fastly"));
    }

    @Test
    void aRedirectTargetWhoseBodyStallsIsTheMirrorBlamedAndNamedAsReachedThroughTheRedirect() throws IOException {
        fastly.fault((request, normal) -> new MockResponse.Builder(normal)
                .throttleBody(1024, 30, TimeUnit.SECONDS).build());

        download();

        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anySatisfy(f -> {
                    assertThat(f.mirror()).isEqualTo("fastly");
                    assertThat(f.kind()).isEqualTo(FailureKind.STALL);
                    assertThat(f.reason()).contains("reached through a redirect from cloudflare");
                })
                .noneSatisfy(f -> assertThat(f.mirror() + " " + f.kind()).isEqualTo("cloudflare STALL"));
    }
}
