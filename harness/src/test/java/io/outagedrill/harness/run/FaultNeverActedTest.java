package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault on a mirror no client asked is said in the run's notes. A downloader that takes the mirrors in order never
 * meets a lying second mirror, and passed "corruptFilesAccepted: 0" as if it had refused the lie.
 */
class FaultNeverActedTest {
    private static final String SCENARIO_TEXT = """
            name: lie-on-%1$s
            description: one mirror corrupts a byte of every response; the sequential policy asks the first alone
            seed: 7
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
                - {name: fastly, kind: cdn-edge}
              files:
                - {name: f.bin, size: 512KiB, chunkSize: 128KiB}
            clients:
              - {count: 1, policy: sequential}
            timeline:
              - at: 0s
                apply: {id: lies, fault: http.corrupt-bytes, target: %1$s, offsets: [1000]}
            slos:
              - corruptFilesAccepted: 0
            """;

    @TempDir
    Path results;

    private RunResult run(String liar) throws Exception {
        Scenario scenario = ScenarioLoader.parse("lie.yaml", "lie-on-" + liar, SCENARIO_TEXT.formatted(liar));
        RunResult result = new ScenarioRunner().run(scenario, RunOptions.defaults(results));
        assertThat(result.downloads()).as("downloads").singleElement()
                .satisfies(d -> assertThat(d.succeeded()).as("download %s succeeded; output: %s", d.id(), d.output())
                        .isTrue());
        return result;
    }

    @Test
    void aLieOnAMirrorNoRequestReachedIsSaidToHaveNeverActed() throws Exception {
        RunResult unmet = run("fastly");

        assertThat(unmet.notes()).as("notes of a run whose one client never asked fastly").contains(
                "http.corrupt-bytes (lies) on fastly never acted: no request it applies to reached fastly while it was "
                        + "on (a client that takes the mirrors in order, or was done before it, never asks there); "
                        + "this run's SLOs judged the clients as if it had not happened");
    }

    @Test
    void aLieTheClientMetIsNotSaidToHaveNeverActed() throws Exception {
        RunResult met = run("cloudflare");

        assertThat(met.downloads().getFirst().chunksRejectedBy()).as("chunks rejected, by mirror")
                .containsKey("cloudflare.test");
        assertThat(met.notes()).as("notes of a run whose client met the lie").noneMatch(n -> n.contains("never acted"));
    }
}
