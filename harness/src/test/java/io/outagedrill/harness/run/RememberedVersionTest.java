package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each simulated user has run the client before and remembers the published version, so a rolled-back manifest is
 * one it must refuse: true of the reference client in this process and of {@code drill get} as a process alike. The
 * process used to start from an empty version memory, accept the older manifest and write the file.
 */
class RememberedVersionTest {
    private static final Scenario ROLLBACK = ScenarioLoader.parse("rollback.yaml", "rollback", """
            name: rollback
            description: every replica serves the version below the published one
            seed: 12
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
              files:
                - {name: f.bin, size: 256KiB, chunkSize: 64KiB}
            clients:
              - {count: 1}
            timeline:
              - at: 0s
                apply: {id: rolled-back, fault: manifest.rollback}
            slos:
              - expectRejection: {exitCode: 3, reason: ROLLBACK}
            """);

    @TempDir
    Path results;

    @ParameterizedTest
    @ValueSource(strings = {"reference", "reference-cli"})
    void aRolledBackManifestIsRefusedByEitherFormOfTheReferenceClient(String client) throws Exception {
        RunResult result = new ScenarioRunner().run(ROLLBACK, RunOptions.defaults(results).withClient(client));

        assertThat(result.downloads()).as("downloads by %s", client).singleElement().satisfies(d -> {
            assertThat(d.succeeded()).as("%s accepted the rolled-back manifest; output: %s", client, d.output())
                    .isFalse();
            assertThat(d.exitCode()).as("%s's exit code; output: %s", client, d.output()).isEqualTo(3);
        });
    }
}
