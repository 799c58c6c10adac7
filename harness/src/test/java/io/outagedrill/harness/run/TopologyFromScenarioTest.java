package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.objectstore.S3ProxyJar;
import io.outagedrill.fakes.objectstore.S3ProxyProcess;
import io.outagedrill.fakes.topology.ProviderBackend;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What a scenario's topology section becomes when the embedded fakes act it out. A scenario's {@code backend:}
 * reaches the world it builds. The scenario itself runs end to end in {@code
 * ScenarioSuiteIT} (every file in {@code scenarios/}); this checks, for the price of one S3Proxy start, that what
 * ran there was a real S3Proxy and not the in-process fake.
 */
@Timeout(90)
class TopologyFromScenarioTest {
    static final Path S3PROXY_SCENARIO = Path.of("..", "scenarios", "s3proxy-last-mirror-standing.yaml");

    @Test
    @ResourceLock("s3proxy") // one S3Proxy JVM starting at a time: two at once on two cores can pass its 30 s start limit
    void backendS3proxyStartsARealS3ProxyBehindTheProvidersProxy() {
        assumeTrue(S3ProxyJar.find().isPresent(), S3ProxyJar::howToGet);
        Scenario scenario = ScenarioLoader.load(S3PROXY_SCENARIO);
        try (Topology world = TopologyFromScenario.start(scenario, scenario.seed(), Clock.systemUTC())) {
            assertThat(world.provider("b2").backend()).isEqualTo(ProviderBackend.S3PROXY);
            assertThat(world.provider("cloudflare").backend()).isEqualTo(ProviderBackend.IN_PROCESS);
            S3ProxyProcess store = world.s3proxy("b2");
            assertThat(store.process().isAlive()).isTrue();
            assertThat(store.isHttps()).isTrue();
            assertThat(world.provider("b2").address().getPort()).isNotEqualTo(store.address().getPort());
            assertThat(world.mirrorUrls("video.mp4").get(2).toString())
                    .isEqualTo("https://b2.test:" + world.provider("b2").address().getPort() + "/outage-drill/video.mp4");
        }
    }

    @Test
    void withoutABackendAnObjectStoreIsTheInProcessFake() {
        Scenario scenario = ScenarioLoader.parse("inline.yaml", null, """
                name: inline
                description: test
                seed: 1
                topology:
                  providers:
                    - {name: b2, kind: object-store}
                  files:
                    - {name: f.bin, size: 4096}
                clients:
                  - {count: 1}
                slos:
                  - corruptFilesAccepted: 0
                """);
        try (Topology world = TopologyFromScenario.start(scenario, scenario.seed(), Clock.systemUTC())) {
            assertThat(world.provider("b2").backend()).isEqualTo(ProviderBackend.IN_PROCESS);
            assertThat(world.server("b2").address().getAddress()).isEqualTo(world.provider("b2").address().getAddress());
        }
    }

    @Test
    void aFileWithItsOwnSeedKeepsItsBytesWhateverTheRunsSeedWhileOthersFollowTheRun() {
        Scenario scenario = ScenarioLoader.parse("seeds.yaml", null, """
                name: seeds
                description: test
                seed: 42
                topology:
                  providers:
                    - {name: a, kind: cdn-edge}
                  files:
                    - {name: follows-run.bin, size: 4096}
                    - {name: own-seed.bin, size: 4096, seed: 7}
                clients:
                  - {count: 1, file: own-seed.bin}
                slos:
                  - corruptFilesAccepted: 0
                """);
        String ownSeedUnderRun1;
        String followsRun1;
        try (Topology world = TopologyFromScenario.start(scenario, 1, Clock.systemUTC())) {
            ownSeedUnderRun1 = world.file("own-seed.bin").sha256();
            followsRun1 = world.file("follows-run.bin").sha256();
        }
        try (Topology world = TopologyFromScenario.start(scenario, 2, Clock.systemUTC())) {
            assertThat(world.file("own-seed.bin").sha256())
                    .as("a file with seed 7 serves the bytes of seed 7 in every run")
                    .isEqualTo(ownSeedUnderRun1)
                    .isEqualTo(GeneratedFile.of("own-seed.bin", 4096, 7).sha256());
            assertThat(world.file("follows-run.bin").sha256())
                    .as("a file without its own seed takes the run's seed (2 here, 1 before)")
                    .isNotEqualTo(followsRun1)
                    .isEqualTo(GeneratedFile.of("follows-run.bin", 4096, 2).sha256());
        }
    }
}
