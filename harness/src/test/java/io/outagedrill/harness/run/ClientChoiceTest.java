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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run gives the client that plays a group: the policy it can take, and a note when the scenario's DNS faults
 * cannot reach it. Both used to go wrong when {@code --client} replaced the scenario's own client.
 */
// Started among the first (the module runs its classes at once, longest first): about 20 s, which started last
// would end the module alone.
@Order(1)
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
        assertThat(result.notes()).as("notes of a template given the mirrors")
                .noneMatch(n -> n.contains("is told no mirror"));
    }

    /** A template given neither the mirrors nor the manifest can only fail: said before it does, in the notes. */
    @Test
    void aCmdTemplateToldNoMirrorIsSaidSo() throws Exception {
        Scenario cmd = ScenarioLoader.parse("choice.yaml", "choice", SCENARIO_TEXT.replace(
                "client: aria2c, policy: tuned, options: {flags: \"--max-tries=2\"}",
                "client: \"cmd:true --sha256={sha256} -o {output}\""));

        RunResult result = new ScenarioRunner().run(cmd, RunOptions.defaults(results));

        assertThat(result.notes()).as("the run's notes").contains("cmd:true --sha256={sha256} -o {output} is told no "
                + "mirror: its template passes none of {urls}, {literal_urls}, {manifest} and {manifests}, and the "
                + "mirrors' ports are this run's own");
    }

    @Test
    void aClientOutsideTheResolverIsToldTheDnsFaultNeverReachedIt() throws Exception {
        RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results)
                .withAdapter(new ElsewhereResolving()));

        assertThat(result.notes()).as("the run's notes").contains("dns.servfail (servfail) did not reach elsewhere: it "
                + "does not ask the world's name server; DNS faults reach clients that do (reference, reference-cli, "
                + "curl, aria2c where this process may bind port 53, the host has an IPv4 address besides "
                + "127.0.0.1 and its flags neither turn async DNS off nor name a DNS server of their own, and a cmd: "
                + "template that passes {dns_server} or {doh_url}); this run's SLOs about it "
                + "judged elsewhere as if nothing had happened");
    }

    /**
     * drill get in a process of its own asks the world's name server, so the SERVFAIL reaches it as it reaches the
     * in-process client: it moves off the failing name saying what the name server answered, and no note says
     * the fault missed it.
     */
    @Test
    void drillGetInAProcessOfItsOwnMeetsTheDnsFaultThroughTheWorldsNameServer() throws Exception {
        RunResult result = new ScenarioRunner().run(servfailHeld(), RunOptions.defaults(results)
                .withClient("reference-cli"));

        assertThat(result.notes()).as("the run's notes").noneMatch(n -> n.contains("did not reach"));
        assertThat(result.downloads()).singleElement().satisfies(d -> {
            assertThat(d.succeeded()).as("download %s; output: %s", d.id(), d.output()).isTrue();
            assertThat(d.output()).as("what drill get said").contains("akamai.test: SERVFAIL from 127.0.0.1:");
        });
    }

    /** The scenario with its SERVFAIL held for the whole run, whenever a process gets to its first lookup. */
    private static Scenario servfailHeld() {
        Scenario held = ScenarioLoader.parse("choice.yaml", "choice", servfailHeldText());
        assertThat(held.timeline()).as("the clear step left out").hasSize(1);
        return held;
    }

    /**
     * curl asks the world's name server over HTTPS ({@code --doh-url}), so the SERVFAIL reaches it: the first mirror's
     * name does not resolve (curl's exit 6), the loop moves to the next, and no note says the fault missed it. It
     * used to be given every address up front ({@code --resolve}) and pass DNS outages it never saw.
     */
    @Test
    void curlMeetsTheDnsFaultThroughTheWorldsNameServerOverHttps() throws Exception {
        RunResult result = new ScenarioRunner().run(servfailHeld(), RunOptions.defaults(results).withClient("curl"));

        assertThat(result.notes()).as("the run's notes").noneMatch(n -> n.contains("did not reach"));
        assertThat(result.downloads()).singleElement().satisfies(d -> {
            assertThat(d.succeeded()).as("download %s; output: %s", d.id(), d.output()).isTrue();
            assertThat(d.output()).as("what the curl loop said").contains("akamai.test: exit 6")
                    .contains("fastly.test: exit 0");
        });
    }

    /**
     * aria2c asks the world's name server on port 53 of an address of its own ({@code --async-dns-server} takes no
     * port), where this process may bind it: the SERVFAIL reaches it, it takes the other mirror, and no note says the
     * fault missed it. Skipped where aria2c is not pointed there: port 53 not bindable, or a host with no IPv4 address
     * besides 127.0.0.1 (a container without a network, where aria2c's resolver asks for no address at all), which
     * root alone does not tell.
     */
    @Test
    void aria2cMeetsTheDnsFaultThroughTheWorldsNameServerOnPort53() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new io.outagedrill.harness.sut.Aria2c(java.time.Clock.systemUTC()).looksUpNamesThroughTheWorld(),
                "aria2c is given addresses here: port 53 cannot be bound (needs root or CAP_NET_BIND_SERVICE), or "
                        + "the host has no IPv4 address besides 127.0.0.1");

        RunResult result = new ScenarioRunner().run(servfailHeld(), RunOptions.defaults(results));

        assertThat(result.notes()).as("the run's notes").noneMatch(n -> n.contains("did not reach"));
        assertThat(result.downloads()).singleElement().satisfies(d -> {
            assertThat(d.client()).isEqualTo("aria2c");
            assertThat(d.succeeded()).as("download %s; output: %s", d.id(), d.output()).isTrue();
            assertThat(d.output()).as("what aria2c said").contains("akamai.test");
        });
    }

    /**
     * A user's own aria2c flags that turn its async DNS off ({@code --async-dns=false}, after the harness's flags,
     * so theirs win) make it ask the system's resolver: the note said the fault reached it all the same. It is now
     * given the mirrors by address, as where it cannot be pointed at the world, and the run says the fault did not
     * reach it.
     */
    @Test
    void aria2cWhoseFlagsTurnAsyncDnsOffIsNotedAsNotReachedByTheDnsFault() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new io.outagedrill.harness.sut.Aria2c(java.time.Clock.systemUTC()).looksUpNamesThroughTheWorld(),
                "aria2c is given addresses here whatever its flags: port 53 cannot be bound, or the host has no IPv4 "
                        + "address besides 127.0.0.1");
        Scenario systemResolver = ScenarioLoader.parse("choice.yaml", "choice", servfailHeldText().replace(
                "options: {flags: \"--max-tries=2\"}", "options: {flags: \"--max-tries=2 --async-dns=false\"}"));

        RunResult result = new ScenarioRunner().run(systemResolver, RunOptions.defaults(results));

        assertThat(result.notes()).as("the run's notes").anyMatch(n -> n.startsWith("dns.servfail (servfail) did not "
                + "reach aria2c (group clients-1: its flags turn async DNS off (--async-dns=false), so it asks the "
                + "system's resolver): it does not ask the world's name server"));
        assertThat(result.downloads()).singleElement().satisfies(d -> assertThat(d.succeeded())
                .as("download %s, given the mirrors by address; output: %s", d.id(), d.output()).isTrue());
    }

    /**
     * A user's own downloader given {@code {doh_url}} looks names up through the world, so the fault reaches it too
     * and the run says nothing of it missing; here a shell loop over curl, as a pipeline would write one.
     */
    @Test
    void aCmdTemplateGivenTheWorldsNameServerMeetsTheDnsFault() throws Exception {
        Scenario cmd = ScenarioLoader.parse("choice.yaml", "choice", servfailHeldText().replace(
                "client: aria2c, policy: tuned, options: {flags: \"--max-tries=2\"}",
                "client: \"cmd:sh -c 'for u; do curl -sS --fail --cacert {ca} --doh-url {doh_url} -o {output} $u "
                        + "&& exit 0; done; exit 1' sh {urls}\""));

        RunResult result = new ScenarioRunner().run(cmd, RunOptions.defaults(results));

        assertThat(result.notes()).as("the run's notes").noneMatch(n -> n.contains("did not reach"));
        assertThat(result.downloads()).singleElement().satisfies(d -> {
            assertThat(d.succeeded()).as("download %s; output: %s", d.id(), d.output()).isTrue();
            assertThat(d.output()).as("what curl said of the first mirror")
                    .contains("curl: (6) Couldn't resolve host name");
        });
    }

    private static String servfailHeldText() {
        return SCENARIO_TEXT.replace("""
                  - at: 1s
                    clear: servfail
                """, "");
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
