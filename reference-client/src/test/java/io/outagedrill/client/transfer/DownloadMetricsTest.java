package io.outagedrill.client.transfer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.metrics.DownloadMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DownloadMetrics} counts what a real download against two mirrors did, one of them lying once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DownloadMetricsTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(6 * CHUNK + 99, 11);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private RangeMirror cloudflare;
    private RangeMirror fastly;

    @Test
    void countsRequestsVerifiedBytesRejectionsFailoversAndTheOutcomePerMirror() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        fastly = servers.open("fastly", CONTENT);
        cloudflare.fault((request, normal) -> request.getHeaders().get("Range").startsWith("bytes=" + 2 * CHUNK + "-")
                ? cloudflare.corrupted(request, 2L * CHUNK + 5) : normal);
        Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(cloudflare.mirror(), fastly.mirror()));
        TransferConfig config = TransferConfig.builder().seed(3).policy("sequential").hedging(false)
                .backoffBase(Duration.ofMillis(20)).backoffJitter(0).minSpeed(0).build();

        Downloader.builder().config(config).listener(events.and(new DownloadMetrics(registry))).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));

        String transcript = events.transcript();
        double verified = registry.find("outagedrill.client.verified").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(verified).as("verified bytes over both mirrors; events:%n%s", transcript)
                .isEqualTo(CONTENT.length);
        assertThat(registry.get("outagedrill.client.chunks.rejected").tags("mirror", "cloudflare", "reason", "corrupt")
                .counter().count()).as(transcript).isEqualTo(1);
        assertThat(registry.get("outagedrill.client.wasted").tags("mirror", "cloudflare").counter().count())
                .as("the rejected chunk's bytes are wasted").isEqualTo(CHUNK);
        double requests = registry.find("outagedrill.client.requests").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(requests).as("one per attempt with a request of its own (this download is too short for runs,"
                        + " so every attempt has one)")
                .isEqualTo(events.of(DownloadEvent.AttemptStarted.class).stream()
                        .filter(a -> !a.sharedResponse()).count());
        assertThat(registry.get("outagedrill.client.requests").tags("mirror", "fastly").counter().count())
                .as("the rejected chunk was fetched again from fastly").isGreaterThanOrEqualTo(1);
        assertThat(registry.find("outagedrill.client.failovers").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(events.of(DownloadEvent.MirrorSwitched.class).size());
        Timer ttfb = registry.get("outagedrill.client.time.to.first.byte").tags("mirror", "cloudflare").timer();
        assertThat(ttfb.count()).isEqualTo(events.of(DownloadEvent.FirstByte.class).stream()
                .filter(f -> f.mirror().equals("cloudflare")).count());
        assertThat(registry.get("outagedrill.client.downloads").tags("outcome", "completed").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("outagedrill.client.download.duration").timer().count()).isEqualTo(1);
        assertThat(registry.get("outagedrill.client.downloads").tags("outcome", "failed").counter().count())
                .as("no failed download was counted").isZero();
    }

    @Test
    void everySeriesAnAlertWatchesIsThereAtZeroBeforeItsFirstIncrement() {
        DownloadMetrics metrics = new DownloadMetrics(registry);
        assertThat(registry.find("outagedrill.client.downloads").tags("outcome", "failed").counter())
                .as("the failed-download counter before any download: an alert on increase() needs its 0")
                .isNotNull().extracting(Counter::count).isEqualTo(0.0);
        assertThat(registry.find("outagedrill.client.download.duration").tags("outcome", "completed").timer())
                .as("the duration of completed downloads before any").isNotNull();

        java.time.Instant t = java.time.Instant.EPOCH;
        metrics.on(new DownloadEvent.AttemptStarted(t, "cloudflare", 0, 0, CHUNK, 1));
        metrics.on(new DownloadEvent.AttemptStarted(t, "fastly", 1, CHUNK, CHUNK, 2));

        for (String mirror : List.of("cloudflare", "fastly")) {
            for (FailureKind kind : FailureKind.values()) {
                String reason = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                assertThat(registry.find("outagedrill.client.failures").tags("mirror", mirror, "reason", reason)
                        .counter()).as("failures of %s by %s once it was asked for a chunk", mirror, reason)
                        .isNotNull().extracting(Counter::count).isEqualTo(0.0);
            }
            assertThat(registry.find("outagedrill.client.chunks.rejected").tags("mirror", mirror, "reason", "corrupt")
                    .counter()).as("corrupt chunks of %s", mirror).isNotNull();
            assertThat(registry.find("outagedrill.client.wasted").tags("mirror", mirror).counter())
                    .as("wasted bytes of %s", mirror).isNotNull();
            assertThat(registry.find("outagedrill.client.circuit.state").tags("mirror", mirror, "state", "closed")
                    .gauge()).as("%s's circuit, closed until an event says otherwise", mirror)
                    .isNotNull().extracting(g -> g.value()).isEqualTo(1.0);
        }
        assertThat(registry.find("outagedrill.client.failovers").tags("from", "cloudflare", "to", "fastly").counter())
                .as("failovers from the first mirror to the second, before the first").isNotNull();
        assertThat(registry.find("outagedrill.client.failovers").tags("from", "fastly", "to", "cloudflare").counter())
                .as("and back").isNotNull();

        metrics.on(new DownloadEvent.MirrorFailed(t, "cloudflare", FailureKind.STALL, "no byte for 2 s", 1));
        metrics.on(new DownloadEvent.MirrorSwitched(t, "cloudflare", "fastly", 0, "stall"));
        metrics.on(new DownloadEvent.Failed(t, "video.bin", "every mirror failed", List.of()));

        assertThat(registry.get("outagedrill.client.failures").tags("mirror", "cloudflare", "reason", "stall")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("outagedrill.client.failovers").tags("from", "cloudflare", "to", "fastly")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("outagedrill.client.downloads").tags("outcome", "failed").counter().count())
                .isEqualTo(1);
    }

    @Test
    void requestsCountRangedRequestsNotTheChunksThatShareOneResponse() {
        DownloadMetrics metrics = new DownloadMetrics(registry);
        java.time.Instant t = java.time.Instant.EPOCH;
        metrics.on(new DownloadEvent.AttemptStarted(t, "fastly", 0, 0, CHUNK, 1));
        metrics.on(new DownloadEvent.AttemptStarted(t, "fastly", 1, CHUNK, CHUNK, 2, true));
        metrics.on(new DownloadEvent.AttemptStarted(t, "fastly", 2, 2L * CHUNK, CHUNK, 3, true));
        metrics.on(new DownloadEvent.AttemptStarted(t, "fastly", 3, 3L * CHUNK, CHUNK, 4));

        assertThat(registry.get("outagedrill.client.requests").tags("mirror", "fastly").counter().count())
                .as("two requests: the first asked for chunks 0 to 2, the second for chunk 3").isEqualTo(2);
    }

    @Test
    void theCircuitGaugeShowsEachMirrorsCurrentStateAsOneOfThree() {
        DownloadMetrics metrics = new DownloadMetrics(registry);
        metrics.on(new DownloadEvent.CircuitChanged(java.time.Instant.EPOCH, "cloudflare", "open", "3 failures"));

        assertThat(registry.get("outagedrill.client.circuit.state").tags("mirror", "cloudflare", "state", "open")
                .gauge().value()).isEqualTo(1);
        assertThat(registry.get("outagedrill.client.circuit.state").tags("mirror", "cloudflare", "state", "closed")
                .gauge().value()).isZero();

        metrics.on(new DownloadEvent.CircuitChanged(java.time.Instant.EPOCH, "cloudflare", "half-open", "probe"));

        assertThat(registry.get("outagedrill.client.circuit.state").tags("mirror", "cloudflare", "state", "open")
                .gauge().value()).isZero();
        assertThat(registry.get("outagedrill.client.circuit.state").tags("mirror", "cloudflare", "state", "half-open")
                .gauge().value()).isEqualTo(1);
    }
}
