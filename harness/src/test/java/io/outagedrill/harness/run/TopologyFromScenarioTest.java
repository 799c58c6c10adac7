package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Topology;
import io.outagedrill.harness.scenario.Topology.FileSpec;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Topology.ProviderKind;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a scenario's topology section becomes when the embedded fakes act it out. */
class TopologyFromScenarioTest {
    private static final long SCENARIO_SEED = 42;

    @Test
    void aFileWithItsOwnSeedKeepsItsBytesWhateverTheRunsSeedWhileOthersFollowTheRun() {
        Scenario scenario = scenario(List.of(
                new FileSpec("follows-run.bin", 4096, 1024, List.of("a"), SCENARIO_SEED),
                new FileSpec("own-seed.bin", 4096, 1024, List.of("a"), 7)));

        String ownSeedUnderRun1;
        String followsRun1;
        try (var world = TopologyFromScenario.start(scenario, 1, Clock.systemUTC())) {
            ownSeedUnderRun1 = world.file("own-seed.bin").sha256();
            followsRun1 = world.file("follows-run.bin").sha256();
        }
        try (var world = TopologyFromScenario.start(scenario, 2, Clock.systemUTC())) {
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

    private static Scenario scenario(List<FileSpec> files) {
        Topology topology = new Topology(List.of(new Provider("a", ProviderKind.CDN_EDGE, "a.test", null, "a", true,
                null)), files, Topology.ManifestSpec.DEFAULT);
        return new Scenario("seeds", "test", null, List.of(), SCENARIO_SEED, 1, null, topology, List.of(), List.of(),
                List.of());
    }
}
