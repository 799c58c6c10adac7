package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run is named by its client and policy, for a played run and for one that could not be played alike. */
class RunLabelTest {
    @TempDir
    Path dir;

    /** Two groups: the reference client on sequential, and aria2c on its tuned profile. */
    private Scenario mixed() throws Exception {
        return scenario("mixed", """
                  - {count: 1, policy: sequential}
                  - {count: 1, client: aria2c, policy: tuned}
                """);
    }

    /** A scenario named {@code name} with these client groups (YAML list items under {@code clients:}). */
    private Scenario scenario(String name, String groups) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                description: client groups and their labels
                seed: 1
                topology:
                  providers:
                    - {name: cloudflare, kind: cdn-edge}
                  files:
                    - {name: video.mp4, size: 1MiB}
                clients:
                %sslos:
                  - corruptFilesAccepted: 0
                """.formatted(name, groups));
        return ScenarioLoader.load(file);
    }

    @Test
    void eachGroupsClientAndThePolicyItsClientTakes() throws Exception {
        Scenario scenario = mixed();

        assertThat(RunLabel.clients(scenario, Optional.empty())).isEqualTo("reference+aria2c");
        assertThat(RunLabel.policies(scenario, Optional.empty(), Optional.empty())).isEqualTo("sequential+tuned");
    }

    @Test
    void aReferenceGroupWithoutAPolicyIsLabelledByThePolicyItRuns() throws Exception {
        Scenario scenario = scenario("plain", """
                  - {count: 1}
                """);

        assertThat(RunLabel.policies(scenario, Optional.empty(), Optional.empty()))
                .as("drill compare labels the reference client's default policy adaptive; drill run must too, or a "
                        + "baseline of one does not gate the other").isEqualTo("adaptive");
        assertThat(RunLabel.policies(scenario, Optional.of("curl"), Optional.empty())).isEqualTo("default");
        assertThat(RunLabel.policies(scenario, Optional.of("aria2c"), Optional.empty())).isEqualTo("default");
    }

    @Test
    void aClientPutInTheGroupsPlaceKeepsOnlyThePoliciesItTakes() throws Exception {
        Scenario scenario = mixed();

        assertThat(RunLabel.policies(scenario, Optional.of("cmd:my-downloader {output}"), Optional.empty()))
                .as("a cmd: template has no policies").isEqualTo("default");
        assertThat(RunLabel.policies(scenario, Optional.of("aria2c"), Optional.empty()))
                .as("aria2c takes tuned, not the reference client's sequential").isEqualTo("default+tuned");
        assertThat(RunLabel.policies(scenario, Optional.of("reference"), Optional.of("parallel")))
                .as("--policy names the run").isEqualTo("parallel");
    }

    @Test
    void defaultIsPlayedOnceWhereItNamesAnotherPolicyListed() throws Exception {
        Scenario plain = scenario("plain", """
                  - {count: 1}
                """);
        Scenario sequential = scenario("sequential", """
                  - {count: 1, policy: sequential}
                """);
        List<String> listed = List.of("adaptive", "default");

        assertThat(RunLabel.distinctPolicies(plain, "reference", listed))
                .as("on a scenario of no policy, default is adaptive: played once").containsExactly("adaptive");
        assertThat(RunLabel.distinctPolicies(sequential, "reference", listed))
                .as("where the scenario's own policy is sequential, default is another run")
                .containsExactly("adaptive", "default");
        assertThat(RunLabel.distinctPolicies(mixed(), "reference", List.of("sequential", "default")))
                .as("a scenario of two groups' policies: default is their mix, not sequential alone")
                .containsExactly("sequential", "default");
        assertThat(RunLabel.distinctPolicies(plain, "reference", List.of("default")))
                .as("default alone stays").containsExactly("default");
    }
}
