package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault scoped {@code perClient} in a run of the embedded world: each simulated client connects from a loopback
 * address of its own, the fault proxy keeps that address on its way to the fake server, and the server counts
 * {@code afterRequests} and {@code times} for each client apart. Every client then meets the failure at the same
 * point of its own download; counted over the fleet, only one does.
 */
@Timeout(60)
class PerClientFaultRunTest {
    /** Each client's second request to cloudflare fails (with perClient), or the fleet's second one (without). */
    private static final String SCENARIO = """
            name: per-client-%s
            description: the second request fails
            seed: 5
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
                - {name: b2, kind: object-store}
              files:
                - {name: f.bin, size: 256KiB, chunkSize: 32KiB}
            clients:
              - {count: 3, policy: sequential}
            timeline:
              - at: 0s
                apply: {id: second-fails, fault: http.status, target: cloudflare, code: 503, afterRequests: 1,
                        times: 1%s}
            slos:
              - corruptFilesAccepted: 0
            """;

    @TempDir
    Path results;

    private RunResult run(boolean perClient) throws Exception {
        Scenario scenario = ScenarioLoader.parse("per-client.yaml", null, SCENARIO.formatted(perClient ? "on" : "off",
                perClient ? ", perClient: true" : ""));
        return new ScenarioRunner().run(scenario, RunOptions.defaults(results).withClient("reference"));
    }

    @Test
    void perClientEveryClientMeetsTheFailureAtItsOwnSecondRequest() throws Exception {
        RunResult result = run(true);

        assertThat(result.downloads()).as("downloads").hasSize(3).allSatisfy(d -> {
            assertThat(d.succeeded()).as("%s; output: %s", d.id(), d.output()).isTrue();
            assertThat(d.switches()).as("%s's mirror switches: its own 503 from cloudflare", d.id()).isNotEmpty();
        });
        assertThat(result.notes()).as("run notes").noneMatch(n -> n.contains("per client"));
    }

    @Test
    void overTheFleetOnlyOneClientMeetsIt() throws Exception {
        RunResult result = run(false);

        List<String> switched = result.downloads().stream().filter(d -> !d.switches().isEmpty())
                .map(DownloadRecord::id).toList();
        assertThat(switched).as("the clients that met the fleet's one 503").hasSize(1);
    }
}
