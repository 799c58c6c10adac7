package io.outagedrill.harness.run;

import io.outagedrill.fakes.edge.EdgeStats;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.fakes.dns.DnsFault;
import io.outagedrill.fakes.fault.CacheFlushFault;
import io.outagedrill.fakes.fault.ResolverFault;
import io.outagedrill.fakes.fault.WrongFileMirrorFault;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario faults acted out on a running topology, seen from a client on the wire. */
@Timeout(60)
class FaultDriverTest {
    private static final String WORLD = """
            name: driver
            description: a world for the fault driver
            seed: 5
            topology:
              providers:
                - {name: origin, kind: origin, https: false}
                - {name: fastly, kind: cdn-edge, edgeOf: origin, https: false}
                - {name: cloudflare, kind: cdn-edge, https: false}
              files:
                - {name: video.mp4, size: 64KiB, chunkSize: 16KiB}
            clients:
              - {count: 1}
            slos:
              - corruptFilesAccepted: 0
            """;

    private Topology world;

    @AfterEach
    void close() {
        if (world != null) {
            world.close();
        }
    }

    /** Moved by hand, so a DNS TTL passes without waiting. */
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2021-06-08T09:40:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private FaultDriver start(String yaml) {
        Scenario scenario = ScenarioLoader.parse("driver.yaml", "driver", yaml);
        world = TopologyFromScenario.start(scenario, scenario.seed(), clock);
        return new FaultDriver(world, scenario.seed());
    }

    private Response get(String provider) throws IOException {
        OkHttpClient http = new OkHttpClient.Builder().dns(world.dns()::lookup).build();
        return http.newCall(new Request.Builder().url(world.provider(provider).url("/video.mp4").toString()).build())
                .execute();
    }

    private String cacheStatusOfAGet(String provider) throws IOException {
        try (Response response = get(provider)) {
            assertThat(response.code()).isEqualTo(200);
            return response.header("X-Cache");
        }
    }

    @Test
    void cacheFlushEmptiesTheEdgeSoItsNextRequestGoesToTheOrigin() throws Exception {
        FaultDriver driver = start(WORLD);
        assertThat(world.provider("fastly").edgeOf()).as("edgeOf reaches the topology").isEqualTo("origin");
        assertThat(cacheStatusOfAGet("fastly")).isEqualTo("MISS");
        assertThat(cacheStatusOfAGet("fastly")).isEqualTo("HIT");
        long originRequests = world.server("origin").stats().requests("/video.mp4");

        driver.apply(new CacheFlushFault("cold", "fastly"));

        assertThat(cacheStatusOfAGet("fastly")).isEqualTo("MISS");
        EdgeStats stats = world.edge("fastly").stats();
        assertThat(stats.misses()).isEqualTo(2);
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(world.server("origin").stats().requests("/video.mp4")).isEqualTo(originRequests + 1);
        driver.clear("cold"); // nothing to undo: the cache refills on demand
        assertThat(cacheStatusOfAGet("fastly")).isEqualTo("HIT");
    }

    @Test
    void dnsStaleSendsClientsToADeadAddressUntilTheTtlPassesAfterTheClear() throws Exception {
        FaultDriver driver = start(WORLD);
        driver.apply(new ResolverFault("moved", "cloudflare", Duration.ofSeconds(60), new DnsFault.Stale()));
        assertThatThrownBy(() -> get("cloudflare").close()).isInstanceOf(ConnectException.class);

        driver.clear("moved");
        assertThatThrownBy(() -> get("cloudflare").close()).as("the stale answer is still cached")
                .isInstanceOf(ConnectException.class);
        now.updateAndGet(t -> t.plusSeconds(60));
        assertThat(cacheStatusOfAGet("cloudflare")).as("no edge, so no X-Cache").isNull();
    }

    @Test
    void cacheFlushOnAnEdgeWithoutAnOriginIsReportedNotApplied() {
        FaultDriver driver = start(WORLD);
        assertThatThrownBy(() -> driver.apply(new CacheFlushFault("cold", "cloudflare")))
                .isInstanceOf(FaultDriver.NotSupportedHere.class)
                .hasMessageContaining("cloudflare caches nothing");
    }

    @Test
    void wrongFileMirrorSignsAManifestWhoseOnlyMirrorServesAnotherFile() throws Exception {
        String file = "- {name: video.mp4, size: 64KiB, chunkSize: 16KiB}";
        FaultDriver driver = start(WORLD.replace(file, file + "\n    - {name: setup.exe, size: 64KiB, chunkSize: 16KiB}")
                .replace("- {count: 1}", "- {count: 1, file: video.mp4}"));
        driver.apply(new WrongFileMirrorFault("swap", null, "cloudflare"));
        var manifest = io.outagedrill.harness.run.TopologyClientsForTest.fetch(world, "video.mp4", clock);
        assertThat(manifest.manifest().target().mirrors()).singleElement().satisfies(m -> {
            assertThat(m.provider()).isEqualTo("cloudflare");
            assertThat(m.url().getPath()).endsWith("setup.exe");
        });
    }

    @Test
    void wrongFileMirrorInASingleFileWorldPointsAtADecoyOfTheSameSize() throws Exception {
        FaultDriver driver = start(WORLD + """
                timeline:
                  - at: 0s
                    apply: {id: swap, fault: manifest.wrong-file-mirror, mirror: cloudflare}
                """);
        assertThat(world.files()).extracting(f -> f.name()).containsExactly("video.mp4", "other-video.mp4");
        assertThat(world.file("other-video.mp4").size()).isEqualTo(world.file("video.mp4").size());
        assertThat(world.file("other-video.mp4").sha256()).isNotEqualTo(world.file("video.mp4").sha256());

        driver.apply(new WrongFileMirrorFault("swap", null, "cloudflare"));
        var manifest = io.outagedrill.harness.run.TopologyClientsForTest.fetch(world, "video.mp4", clock);
        assertThat(manifest.manifest().target().mirrors()).singleElement().satisfies(m -> {
            assertThat(m.provider()).isEqualTo("cloudflare");
            assertThat(m.url().getPath()).endsWith("/other-video.mp4");
        });
    }

    @Test
    void aSingleFileWorldWithoutThatFaultHasNoDecoy() {
        start(WORLD);
        assertThat(world.files()).extracting(f -> f.name()).containsExactly("video.mp4");
    }
}
