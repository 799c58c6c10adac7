package io.outagedrill.control;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.control.metrics.RoutingMetrics;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller's probes and decisions as meters, from a real controller probing real HTTP mirrors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutingMetricsTest {
    private static final int CHUNK = 16 * 1024;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Manifest> published = new CopyOnWriteArrayList<>();
    private ChunkMirror cloudflare;
    private ChunkMirror fastly;
    private Router router;
    private RoutingMetrics metrics;

    @AfterEach
    void tearDown() throws IOException {
        router.close();
        cloudflare.close();
        fastly.close();
    }

    private void start() throws IOException {
        start(Duration.ofSeconds(3));
    }

    private void start(Duration slowFirstByte) throws IOException {
        byte[] content = new byte[3 * CHUNK];
        new Random(9).nextBytes(content);
        cloudflare = new ChunkMirror("cloudflare", content);
        fastly = new ChunkMirror("fastly", content);
        List<String> chunks = new ArrayList<>();
        for (int from = 0; from < content.length; from += CHUNK) {
            chunks.add(Sha256.of(Arrays.copyOfRange(content, from, from + CHUNK)));
        }
        Target target = new Target("movie.mp4", content.length, Sha256.of(content), "video/mp4", CHUNK, chunks,
                List.of(cloudflare.mirror(), fastly.mirror()));
        Manifest initial = new Manifest(target, Instant.now().plus(Duration.ofDays(1)), 7, List.of());
        metrics = new RoutingMetrics(registry, initial);
        router = new Router(initial, published::add,
                new MirrorProber(new OkHttpClient(), Duration.ofSeconds(5), Clock.systemUTC()),
                new RoutingPolicy(2, 1, slowFirstByte), Clock.systemUTC(),
                metrics);
    }

    private double count(String name, String... tags) {
        var counter = registry.find(RoutingMetrics.PREFIX + name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name, String... tags) {
        var gauge = registry.find(RoutingMetrics.PREFIX + name).tags(tags).gauge();
        assertThat(gauge).as("gauge %s%s; meters: %s", name, Arrays.toString(tags), registry.getMetersAsString())
                .isNotNull();
        return gauge.value();
    }

    /**
     * Before the first round every mirror's counters and demoted gauge are scraped at 0: an alert on
     * {@code mirror_demoted == 1} or on {@code increase(demotions_total[5m]) > 0} sees its first change, where a
     * series made by its first increment starts at 1 and the increase is lost.
     */
    @Test
    void everyMirrorsMetersAreThereAtZeroBeforeTheFirstRound() throws IOException {
        start();

        for (String mirror : List.of(RoutingTable.name(cloudflare.mirror()), RoutingTable.name(fastly.mirror()))) {
            for (String outcome : List.of("healthy", "slow", "failed", "wrong-bytes")) {
                assertThat(registry.find(RoutingMetrics.PREFIX + "probes").tags("mirror", mirror, "outcome", outcome)
                        .counter()).as("probes of %s, %s, before any round; meters: %s", mirror, outcome,
                        registry.getMetersAsString()).isNotNull().extracting(c -> c.count()).isEqualTo(0.0);
            }
            for (String counter : List.of("demotions", "restorations")) {
                assertThat(registry.find(RoutingMetrics.PREFIX + counter).tags("mirror", mirror).counter())
                        .as("%s of %s before any round", counter, mirror).isNotNull();
            }
            assertThat(gauge("mirror.demoted", "file", "movie.mp4", "mirror", mirror)).isZero();
        }
        for (String outcome : List.of("published", "failed", "withheld")) {
            assertThat(registry.find(RoutingMetrics.PREFIX + "publications").tags("outcome", outcome).counter())
                    .as("publications %s before any round", outcome).isNotNull();
        }
    }

    @Test
    void aMirrorWithAStatusPageReadsUnknownBeforeThePageIsFirstRead() throws IOException {
        start();
        Mirror withPage = cloudflare.mirror().withStatus(URI.create("http://status.cloudflare.test/"));
        Target target = new Target("movie.mp4", CHUNK, Sha256.of(new byte[CHUNK]), "video/mp4", CHUNK,
                List.of(Sha256.of(new byte[CHUNK])), List.of(withPage, fastly.mirror()));
        SimpleMeterRegistry own = new SimpleMeterRegistry();

        new RoutingMetrics(own, new Manifest(target, Instant.now().plus(Duration.ofDays(1)), 1, List.of()));

        String mirror = RoutingTable.name(withPage);
        var unknown = own.find(RoutingMetrics.PREFIX + "status").tags("mirror", mirror, "indicator", "unknown").gauge();
        assertThat(unknown).as("%s's status reading before its page was read; meters: %s", mirror,
                own.getMetersAsString()).isNotNull().extracting(g -> g.value()).isEqualTo(1.0);
        assertThat(own.find(RoutingMetrics.PREFIX + "status").tags("mirror", RoutingTable.name(fastly.mirror()))
                .gauges()).as("no status reading for a provider without a page").isEmpty();
    }

    @Test
    void probesDemotionsRestorationsAndPublicationsAreCountedPerMirrorAndFile() throws IOException {
        start();
        String cf = RoutingTable.name(cloudflare.mirror());
        String fa = RoutingTable.name(fastly.mirror());
        assertThat(gauge("manifest.version", "file", "movie.mp4")).as("before any round").isEqualTo(7);

        cloudflare.mode(ChunkMirror.Mode.DOWN);
        router.round();
        router.round();

        assertThat(count("probes", "file", "movie.mp4", "mirror", cf, "outcome", "failed")).isEqualTo(2);
        assertThat(count("probes", "mirror", fa, "outcome", "healthy")).isEqualTo(2);
        assertThat(registry.find(RoutingMetrics.PREFIX + "probe.first.byte").tags("mirror", fa).timer().count())
                .isEqualTo(2);
        assertThat(gauge("probe.speed", "mirror", fa)).as("bytes per second of fastly's last probe").isPositive();
        assertThat(count("demotions", "mirror", cf)).isEqualTo(1);
        assertThat(gauge("mirror.demoted", "mirror", cf)).isEqualTo(1);
        assertThat(count("publications", "outcome", "published")).isEqualTo(1);
        assertThat(gauge("manifest.version", "file", "movie.mp4")).isEqualTo(published.getLast().version())
                .isEqualTo(8);

        cloudflare.mode(ChunkMirror.Mode.HEALTHY);
        router.round();

        assertThat(count("restorations", "mirror", cf)).isEqualTo(1);
        assertThat(gauge("mirror.demoted", "mirror", cf)).isZero();
        assertThat(gauge("manifest.version", "file", "movie.mp4")).isEqualTo(9);
    }

    /**
     * A probe whose first byte comes after the limit counts as failed: its outcome says so (not "healthy", while
     * the mirror is demoted for it), and the timer still shows the first byte that made it fail.
     */
    @Test
    void aProbeOverTheFirstByteLimitIsCountedSlowNotHealthy() throws IOException {
        start(ChunkMirror.SLOW_FIRST_BYTE.dividedBy(3));
        String cf = RoutingTable.name(cloudflare.mirror());
        cloudflare.mode(ChunkMirror.Mode.SLOW);

        router.round();
        router.round();

        assertThat(count("probes", "mirror", cf, "outcome", "slow")).isEqualTo(2);
        assertThat(count("probes", "mirror", cf, "outcome", "healthy")).isZero();
        assertThat(gauge("mirror.demoted", "mirror", cf)).isEqualTo(1);
        var firstByte = registry.find(RoutingMetrics.PREFIX + "probe.first.byte").tags("mirror", cf).timer();
        assertThat(firstByte.count()).isEqualTo(2);
        assertThat(firstByte.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(
                ChunkMirror.SLOW_FIRST_BYTE.toMillis());
    }

    @Test
    void wrongBytesAndAWithheldManifestHaveTheirOwnOutcomes() throws IOException {
        start();
        cloudflare.mode(ChunkMirror.Mode.CORRUPT);
        fastly.mode(ChunkMirror.Mode.CORRUPT);

        router.round();

        assertThat(count("probes", "mirror", RoutingTable.name(cloudflare.mirror()), "outcome", "wrong-bytes"))
                .isEqualTo(1);
        assertThat(count("publications", "outcome", "withheld")).isEqualTo(1);
        assertThat(count("publications", "outcome", "published")).isZero();
        assertThat(gauge("manifest.version", "file", "movie.mp4")).as("nothing signed").isEqualTo(7);
    }
}
