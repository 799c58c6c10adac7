package io.outagedrill.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.fakes.topology.Topology;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The world {@link FakeWorld} starts for a scenario. */
class WorldSpecTest {
    /**
     * README's own example, {@code @FakeWorld(scenario = "fastly-2021-06-08")} with a 503 on fastly, passed for the
     * wrong reason: the world's signed manifest listed every provider, the origin first, though the scenario's file
     * names only fastly, cloudflare and b2 as mirrors, so the downloader took the file from the origin and never met
     * fastly's 503s. {@code drill run} publishes the scenario's own manifest; the JUnit world now does too.
     */
    @Test
    void aScenariosWorldSignsTheFilesOwnMirrorsInTheFilesOrder() {
        WorldSpec spec = new WorldSpec("fastly-2021-06-08", "", -1, 3, "video.mp4", "4MiB", World.EMBEDDED);
        try (Topology world = spec.start()) {
            String path = URI.create(world.manifestUrls("video.mp4").getFirst()).getPath();

            assertThat(world.manifests().latest(path).orElseThrow().target().mirrors()).extracting(Mirror::provider)
                    .containsExactly("fastly", "cloudflare", "b2");
        }
    }
}
