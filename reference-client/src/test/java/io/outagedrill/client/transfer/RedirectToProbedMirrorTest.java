package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.transfer.http.FetchFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A redirect to a mirror that must answer a 1-byte request before it gets chunks: followed when the mirror only sat
 * idle (nothing is known against it, and refusing would fail the redirecting mirror's request for it), refused when
 * it was cut as stalled. Real HTTP servers; the redirect is cloudflare's, to fastly.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedirectToProbedMirrorTest {
    private static final byte[] CONTENT = TestFiles.bytes(64 * 1024, 3);
    private static final long SECOND = 1_000_000_000L;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private MirrorHealth cloudflare;
    private MirrorHealth fastly;
    private RangeFetcher fetcher;

    @BeforeEach
    void mirrors() throws IOException {
        RangeMirror redirecting = servers.open("cloudflare", CONTENT);
        RangeMirror target = servers.open("fastly", CONTENT);
        redirecting.fault((request, normal) -> new MockResponse.Builder().code(302)
                .setHeader("Location", target.url()).build());
        Target file = TestFiles.target("video.bin", CONTENT, 16 * 1024, List.of(redirecting.mirror(), target.mirror()));
        cloudflare = new MirrorHealth(redirecting.mirror(), 0, "cloudflare");
        fastly = new MirrorHealth(target.mirror(), 1, "fastly");
        TransferConfig config = TransferConfig.builder().firstByteTimeout(Duration.ofSeconds(5)).build();
        fetcher = new RangeFetcher(HttpClients.create(config), file, List.of(cloudflare, fastly), Clock.systemUTC(),
                config.firstByteTimeout());
    }

    @Test
    void aRedirectToAMirrorThatOnlySatIdleIsFollowed() throws Exception {
        assertThat(fastly.tryAcquire(0, 4)).isPresent();
        fastly.release(0);
        fastly.onSuccess(1000, SECOND / 10, SECOND / 100);
        assertThat(fastly.requireByteProbeIfIdle(2 * SECOND, SECOND / 2)).as("idle 2 s while a peer started").isTrue();

        try (OpenedRange opened = fetcher.open(cloudflare, 0, 10, (call, to) -> { })) {
            assertThat(opened.servedBy()).as("served by the redirect's target").isSameAs(fastly);
            assertThat(opened.response().code()).isEqualTo(206);
        }
    }

    @Test
    void aRedirectToAMirrorCutAsStalledIsTheRedirectingMirrorsFailure() {
        fastly.onFailure(FailureKind.STALL, "no data for 500 ms", Duration.ZERO, 0, 3, 2);
        fastly.requireByteProbe();

        assertThatThrownBy(() -> fetcher.open(cloudflare, 0, 10, (call, to) -> { }).close())
                .isInstanceOfSatisfying(FetchFailure.class, f -> assertThat(f.getMessage())
                        .contains("redirected (302) to fastly").contains("which stalled and must answer a 1-byte "
                                + "request first"));
    }
}
