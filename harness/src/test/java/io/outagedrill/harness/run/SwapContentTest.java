package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.fakes.fault.SwapContentFault;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Topology.Backend;
import io.outagedrill.harness.scenario.Topology.FileSpec;
import io.outagedrill.harness.scenario.Topology.ManifestSpec;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Topology.ProviderKind;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** {@code http.swap-content} serves the named file of the topology, whatever the sizes of the two files. */
class SwapContentTest {
    private static final long SEED = 11;

    @Test
    void theSwappedUrlServesTheNamedFilesOwnBytes() throws Exception {
        Scenario scenario = scenario();
        try (Topology world = TopologyFromScenario.start(scenario, SEED, Clock.systemUTC())) {
            FaultDriver driver = new FaultDriver(world, SEED);
            driver.apply(new SwapContentFault("v2", "cdn", Scope.all(), "video-v2.mp4"));

            byte[] served = get(world, world.mirrorUrls("video.mp4").getFirst().toString());

            assertThat(served).hasSize(3000);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served)))
                    .isEqualTo(world.file("video-v2.mp4").sha256());
        }
    }

    private static byte[] get(Topology world, String url) throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().dns(HttpClients.resolving(world.resolve())).build();
        try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.body().bytes();
        }
    }

    /** One plain-HTTP CDN hosting two files of different sizes, so a swap to the wrong size would show. */
    private static Scenario scenario() {
        var topology = new io.outagedrill.harness.scenario.Topology(
                List.of(new Provider("cdn", ProviderKind.CDN_EDGE, "cdn.test", null, "cdn", false, null,
                        Backend.IN_PROCESS)),
                List.of(new FileSpec("video.mp4", 4096, 1024, List.of("cdn"), SEED),
                        new FileSpec("video-v2.mp4", 3000, 1024, List.of("cdn"), SEED)),
                ManifestSpec.DEFAULT);
        return new Scenario("swap", "test", null, List.of(), SEED, 1, null, topology, List.of(), List.of(),
                List.of());
    }
}
