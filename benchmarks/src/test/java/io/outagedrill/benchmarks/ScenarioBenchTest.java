package io.outagedrill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.cli.ScenarioFiles;
import io.outagedrill.harness.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `drill bench` hands JMH: every scenario × policy it plays, and nothing played twice under one label. */
class ScenarioBenchTest {
    @TempDir
    Path dir;

    @Test
    void defaultIsLeftOutOfTheRunOfScenariosWhereItIsAnotherPolicyListed() {
        // slow-primary has no policy (its default is adaptive); status-page-warns-first's group runs sequential.
        List<String> names = List.of("slow-primary", "status-page-warns-first");
        List<Scenario> loaded = ScenarioFiles.loadOrBuiltIn(dir, names);

        assertThat(ScenarioBench.byPolicies("reference", names, loaded, List.of("adaptive", "default")))
                .as("--policies adaptive,default played adaptive twice on slow-primary, pooled as one group")
                .isEqualTo(Map.of(List.of("adaptive"), List.of("slow-primary"),
                        List.of("adaptive", "default"), List.of("status-page-warns-first")));
        assertThat(ScenarioBench.byPolicies("reference", names, loaded, List.of("parallel", "sequential")))
                .as("no default listed: one run of every scenario × policy")
                .isEqualTo(Map.of(List.of("parallel", "sequential"), names));
        assertThat(ScenarioBench.byPolicies("curl", names, loaded, List.of("adaptive", "default")))
                .as("other clients play their default alone").isEqualTo(Map.of(List.of("default"), names));
    }
}
