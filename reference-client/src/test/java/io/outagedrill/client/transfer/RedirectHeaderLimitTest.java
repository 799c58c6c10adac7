package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-byte limit covers a request from its first byte sent to the final response's headers, however many
 * redirects it took: a mirror whose every redirect comes just inside the limit must not hold a request for the
 * limit once per hop (four times it, with the three redirects followed) before the client moves on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedirectHeaderLimitTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(4 * CHUNK + 99, 13);
    private static final Duration LIMIT = Duration.ofSeconds(1);
    /** Each hop's wait: inside the limit alone, past it from the second hop on. */
    private static final long HOP_MILLIS = 800;

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();

    /** Redirects every request to {@code to} after {@link #HOP_MILLIS}. */
    private static void redirectsSlowly(RangeMirror from, RangeMirror to) {
        from.fault((request, normal) -> new MockResponse.Builder().code(302).setHeader("Location", to.url())
                .headersDelay(HOP_MILLIS, TimeUnit.MILLISECONDS).build());
    }

    /** Sequential, trying the mirrors in order; a mirror's first failure gives it up (one attempt each). */
    private void download(RangeMirror... mirrors) throws IOException {
        TransferConfig config = TransferConfig.builder().seed(5).policy("sequential").hedging(false)
                .maxRetriesPerMirror(0).backoffBase(Duration.ofMillis(20)).backoffJitter(0)
                .firstByteTimeout(LIMIT).stallTimeout(Duration.ofSeconds(5)).relativeStall(Duration.ZERO)
                .minSpeed(0).statusFeeds(false).progressInterval(Duration.ofMillis(50)).build();
        DownloadResult result = Downloader.builder().config(config).listener(events).build().download(
                TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK,
                        Arrays.stream(mirrors).map(RangeMirror::mirror).toList()), 1),
                DownloadRequest.into(dir));
        assertThat(Sha256.ofFile(result.path())).as("the file, verified; events:\n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
    }

    private DownloadEvent.MirrorFailed failureOf(String mirror) {
        return events.of(DownloadEvent.MirrorFailed.class).stream().filter(f -> f.mirror().equals(mirror))
                .findFirst().orElseThrow(() -> new AssertionError(
                        "expected %s to fail; saw:%n%s".formatted(mirror, events.transcript())));
    }

    @Test
    void aMirrorRedirectingToItselfJustInsideTheLimitFailsAtTheLimitNotOncePerHop() throws IOException {
        RangeMirror slow = servers.open("slow", CONTENT);
        RangeMirror honest = servers.open("honest", CONTENT);
        redirectsSlowly(slow, slow);

        download(slow, honest);

        DownloadEvent.MirrorFailed failed = failureOf("slow");
        assertThat(failed.kind()).as("how the slow mirror failed; events:%n%s", events.transcript())
                .isEqualTo(FailureKind.FIRST_BYTE_TIMEOUT);
        assertThat(failed.reason()).as("the failure's words").contains("no response headers within 1 s");
        // One attempt (a mirror's first failure gives it up): its second hop ran past the limit. Each hop restarting
        // the limit let all four through, and the mirror failed only for redirecting too often.
        assertThat(slow.requests()).as("requests the slow mirror got in its one attempt; events:%n%s",
                events.transcript()).isLessThanOrEqualTo(2);
        DownloadEvent.AttemptStarted started = events.of(DownloadEvent.AttemptStarted.class).stream()
                .filter(a -> a.mirror().equals("slow")).findFirst().orElseThrow();
        // Generous: the limit plus a second of a busy machine's lateness; restarting per hop took 3.2 s.
        assertThat(Duration.between(started.at(), failed.at())).as("from the attempt's start to its failure")
                .isLessThan(LIMIT.plusSeconds(1));
    }

    @Test
    void aSlowRedirectToAnotherMirrorSpendsTheLimitAndTheRedirectingMirrorIsBlamed() throws IOException {
        RangeMirror cloudflare = servers.open("cloudflare", CONTENT);
        RangeMirror fastly = servers.open("fastly", CONTENT);
        RangeMirror bunny = servers.open("bunny", CONTENT);
        redirectsSlowly(cloudflare, fastly);
        // fastly answers just inside the limit too: alone, it is slow but within it.
        fastly.fault((request, normal) -> new MockResponse.Builder(normal)
                .headersDelay(HOP_MILLIS, TimeUnit.MILLISECONDS).build());

        download(cloudflare, bunny, fastly);

        DownloadEvent.MirrorFailed failed = events.of(DownloadEvent.MirrorFailed.class).stream()
                .filter(f -> f.reason().contains("counting its 1 redirect")).findFirst()
                .orElseThrow(() -> new AssertionError("expected the redirected request to run out of its header "
                        + "limit, its words counting the redirect; saw:\n" + events.transcript()));
        assertThat(failed.kind()).isEqualTo(FailureKind.FIRST_BYTE_TIMEOUT);
        assertThat(failed.mirror()).as("the mirror blamed: the one whose slow redirect spent most of the limit, "
                + "not the target left with the rest; %s", failed.reason()).isEqualTo("cloudflare");
        assertThat(failed.reason()).as("the words name each hop")
                .contains("no response headers within 1 s").contains("cloudflare").contains("to redirect")
                .contains("fastly").contains("the limit covers the whole request");
    }
}
