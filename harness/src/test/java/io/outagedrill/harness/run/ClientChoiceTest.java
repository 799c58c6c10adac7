package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run gives the client that plays a group: the policy it can take, and a note when the scenario's DNS faults
 * cannot reach it. Both used to go wrong when {@code --client} replaced the scenario's own client.
 */
class ClientChoiceTest {
    private static final String SCENARIO_TEXT = """
            name: choice
            description: an aria2c group with its tuned profile, and a DNS fault from the start
            seed: 4
            topology:
              providers:
                - {name: akamai, kind: cdn-edge}
                - {name: fastly, kind: cdn-edge}
              files:
                - {name: f.bin, size: 512KiB, chunkSize: 128KiB}
            clients:
              - {count: 1, client: aria2c, policy: tuned, options: {flags: "--max-tries=2"}}
            timeline:
              - at: 0s
                apply: {id: servfail, fault: dns.servfail, target: akamai}
              - at: 1s
                clear: servfail
            slos:
              - corruptFilesAccepted: 0
            """;
    private static final Scenario SCENARIO = ScenarioLoader.parse("choice.yaml", "choice", SCENARIO_TEXT);

    @TempDir
    Path results;

    @Test
    void theReferenceClientReplacingAnAria2cGroupRunsItsOwnDefaultPolicyNotTheProfile() throws Exception {
        RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results).withClient("reference"));
        assertThat(result.world()).as("the world the run names").isEqualTo("embedded");
        assertThat(RunRecords.read(result.resultFile()).world()).as("the world its record keeps").isEqualTo("embedded");

        assertThat(result.downloads()).as("downloads").singleElement().satisfies(d -> {
            assertThat(d.policy()).as("the policy the reference client ran with").isEqualTo("adaptive");
            assertThat(d.succeeded()).as("download %s succeeded; output: %s", d.id(), d.output()).isTrue();
        });
        assertThat(result.notes()).as("notes of a run whose client asks the world's resolver")
                .noneMatch(n -> n.contains("did not reach"));
        assertThat(result.notes()).as("the aria2c group's options, which the reference client does not take")
                .contains("clients-1: its options {flags=--max-tries=2} are for aria2c, not for reference that plays "
                        + "it; left out");
    }

    /**
     * A cmd: template has no placeholder for its group's options, so they never reach the program: said in the
     * notes, where they used to be dropped without a word.
     */
    @Test
    void aCmdGroupsOptionsAreSaidToReachNoProgram() throws Exception {
        Scenario cmd = ScenarioLoader.parse("choice.yaml", "choice", SCENARIO_TEXT.replace(
                "client: aria2c, policy: tuned", "client: \"cmd:true {urls}\""));

        RunResult result = new ScenarioRunner().run(cmd, RunOptions.defaults(results));

        assertThat(result.notes()).as("the run's notes").contains("clients-1: its options {flags=--max-tries=2} reach "
                + "no cmd: template (none of its placeholders is an option); write them into the template itself");
    }

    @Test
    void aClientOutsideTheResolverIsToldTheDnsFaultNeverReachedIt() throws Exception {
        RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results)
                .withAdapter(new ElsewhereResolving()));

        assertThat(result.notes()).as("the run's notes").contains("dns.servfail (servfail) did not reach elsewhere: a "
                + "separate process is given each host's address up front and never looks a name up, so DNS faults "
                + "reach in-process clients and drill get (reference-cli, through the world's name server) only; this "
                + "run's SLOs about it judged elsewhere as if nothing had happened");
    }

    /**
     * drill get in a process of its own asks the world's name server, so the SERVFAIL reaches it as it reaches the
     * in-process client: it moves off the failing name saying what the name server answered, and no note says
     * the fault missed it.
     */
    @Test
    void drillGetInAProcessOfItsOwnMeetsTheDnsFaultThroughTheWorldsNameServer() throws Exception {
        // The SERVFAIL held for the whole run (no clear step), whenever the process gets to its first lookup.
        Scenario held = ScenarioLoader.parse("choice.yaml", "choice", SCENARIO_TEXT.replace("""
                  - at: 1s
                    clear: servfail
                """, ""));
        assertThat(held.timeline()).as("the clear step left out").hasSize(1);

        RunResult result = new ScenarioRunner().run(held, RunOptions.defaults(results).withClient("reference-cli"));

        assertThat(result.notes()).as("the run's notes").noneMatch(n -> n.contains("did not reach"));
        assertThat(result.downloads()).singleElement().satisfies(d -> {
            assertThat(d.succeeded()).as("download %s; output: %s", d.id(), d.output()).isTrue();
            assertThat(d.output()).as("what drill get said").contains("akamai.test: SERVFAIL from 127.0.0.1:");
        });
    }

    /** A downloader that resolves names its own way (the default): it fails at once, its run is all that counts. */
    private static final class ElsewhereResolving implements SystemUnderTest {
        @Override
        public String name() {
            return "elsewhere";
        }

        @Override
        public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
            Instant started = Instant.now();
            return new RunningDownload() {
                @Override
                public DownloadOutcome await() {
                    return new DownloadOutcome(job.id(), name(), 1, Optional.empty(), false, started,
                            Duration.between(started, Instant.now()), false, List.of(), "never tried");
                }

                @Override
                public void kill() {
                }
            };
        }
    }
}
