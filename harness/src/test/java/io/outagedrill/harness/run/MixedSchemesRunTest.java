package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.SystemUnderTest;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scenario whose providers do not share one scheme ({@code https: false} on some only), run in the embedded world:
 * each provider serves the scheme its field says, the signed manifest lists each mirror with it, every client is
 * given what it needs to fetch a plain-HTTP mirror, and {@code tls.*} faults act on the HTTPS providers. The world
 * used to serve every provider plain HTTP (and note the field as not acted on), and the reference client refused the
 * plain-HTTP manifest it was then given.
 */
@Timeout(60)
class MixedSchemesRunTest {
    /** An HTTPS CDN beside a plain-HTTP object store, as the format's own example has b2. */
    private static final String MIXED = """
            name: mixed
            description: an HTTPS CDN beside a plain-HTTP object store
            seed: 21
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
                - {name: b2, kind: object-store, https: false}
              files:
                - {name: f.bin, size: 256KiB, chunkSize: 32KiB}
              manifest: {replicas: 1}
            clients:
              - {count: 1, policy: %s, options: {connections: 2}}
            %s
            slos:
              - corruptFilesAccepted: 0
            """;

    @TempDir
    Path results;

    @Test
    void theManifestListsEachMirrorWithItsSchemeAndTheReferenceClientVerifiesChunksFromBoth() throws Exception {
        AtomicReference<Topology> world = new AtomicReference<>();
        // Cloudflare answers each request 50 ms late, so its first is still open when the second connection picks a
        // mirror: the parallel policy then takes the other one, however fast this machine is.
        Scenario scenario = scenario("parallel", """
                timeline:
                  - at: 0s
                    apply: {id: slow, fault: http.slow-first-byte, target: cloudflare, delay: 50ms}
                """);

        RunResult result = new ScenarioRunner(Clock.systemUTC(), capturing(world))
                .run(scenario, RunOptions.defaults(results).withClient("reference"));

        Map<String, String> schemes = world.get().manifests().latest("/manifests/f.bin.jws").orElseThrow().target()
                .mirrors().stream().collect(Collectors.toMap(Mirror::provider, m -> m.url().getScheme()));
        assertThat(schemes).as("each mirror's scheme in the run's signed manifest")
                .containsOnly(Map.entry("cloudflare", "https"), Map.entry("b2", "http"));
        assertThat(result.notes()).as("run notes").noneMatch(n -> n.contains("not acted on"));
        assertThat(result.downloads()).singleElement().satisfies(d -> {
            assertThat(d.succeeded()).as("the download; output: %s", d.output()).isTrue();
            assertThat(d.chunks()).as("the mirrors that served verified chunks")
                    .extracting(DownloadRecord.ChunkServed::mirror).contains("cloudflare.test", "b2.test");
        });
    }

    /**
     * Every other kind of client is given what it needs for the plain-HTTP mirror: a {@code cmd:} template running the
     * reference client ({@code --allow-http={plain_http}}), curl and aria2c (plain URLs as they are); the reference
     * client as a process gets {@code --allow-http} ({@code PlainHttpJobTest}). The HTTPS mirror is down, so each must
     * fetch from the plain one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cmd", "curl", "aria2c"})
    void everyKindOfClientDownloadsFromThePlainHttpMirrorWhenTheHttpsOneIsDown(String kind) throws Exception {
        String client = kind.equals("cmd") ? "cmd:'" + ProcessHandle.current().info().command().orElse("java")
                + "' -cp '" + System.getProperty("java.class.path") + "' io.outagedrill.client.cli.ClientMain get "
                + "{manifests} --trust {trust} --ca-cert {ca} --file {file} -o {dir} --no-cache "
                + "--versions {dir}/versions.json --allow-http={plain_http} --resolve={resolve}" : kind;
        SystemUnderTest sut = SystemsUnderTest.named(client, Clock.systemUTC());
        sut.unavailable().ifPresent(why -> assumeTrue(false, why));
        Scenario scenario = scenario("sequential", """
                timeline:
                  - at: 0s
                    apply: {id: cloudflare-down, fault: toxic.down, target: cloudflare}
                """);

        RunResult result = new ScenarioRunner().run(scenario, RunOptions.defaults(results).withClient(client));

        assertThat(result.downloads()).singleElement().satisfies(d -> assertThat(d.succeeded())
                .as("%s's download from the plain-HTTP mirror; exit %d, output: %s", kind, d.exitCode(), d.output())
                .isTrue());
    }

    /**
     * A certificate fault on the HTTPS provider of a mixed topology is acted out: the client meets the expired
     * certificate, fails that mirror for TLS and finishes from the plain-HTTP one. It used to be refused by a world
     * that had made every provider plain.
     */
    @Test
    void aTlsFaultOnTheHttpsProviderIsActedOutAndTheClientFinishesFromThePlainMirror() throws Exception {
        List<Observation> seen = new CopyOnWriteArrayList<>();
        Scenario scenario = scenario("sequential", """
                timeline:
                  - at: 0s
                    apply: {id: cloudflare-expired, fault: tls.expired, target: cloudflare}
                """);

        RunResult result = new ScenarioRunner().run(scenario, RunOptions.defaults(results).withClient("reference")
                .withListener(new RunListener() {
                    @Override
                    public void observed(String clientId, Observation observation) {
                        seen.add(observation);
                    }
                }));

        assertThat(result.notes()).as("run notes").noneMatch(n -> n.contains("not acted on") || n.contains("not applied"));
        assertThat(result.faults()).extracting(FaultWindow::id).contains("cloudflare-expired");
        assertThat(seen).as("what the client reported").anySatisfy(o -> assertThat(o)
                .isInstanceOfSatisfying(Observation.MirrorFailed.class, failed -> {
                    assertThat(failed.mirror()).isEqualTo("cloudflare.test");
                    assertThat(failed.reason().code()).isEqualTo("TLS");
                }));
        assertThat(result.downloads()).singleElement().satisfies(d -> {
            assertThat(d.succeeded()).as("the download; output: %s", d.output()).isTrue();
            assertThat(d.chunks()).as("the mirrors that served verified chunks")
                    .extracting(DownloadRecord.ChunkServed::mirror).containsOnly("b2.test");
        });
    }

    /**
     * A world of plain HTTP only (every provider {@code https: false}) is downloaded by the reference client: it used
     * to refuse the plain-HTTP manifest replicas, so every download of such a scenario failed as INSECURE_MIRROR.
     */
    @Test
    void anAllPlainHttpTopologyIsDownloadedByTheReferenceClient() throws Exception {
        String client = "reference";
        Scenario scenario = ScenarioLoader.parse("mixed.yaml", "mixed", MIXED
                .replace("{name: cloudflare, kind: cdn-edge}", "{name: cloudflare, kind: cdn-edge, https: false}")
                .formatted("sequential", ""));

        RunResult result = new ScenarioRunner().run(scenario, RunOptions.defaults(results).withClient(client));

        assertThat(result.downloads()).singleElement().satisfies(d -> assertThat(d.succeeded())
                .as("%s's download; exit %d, output: %s", client, d.exitCode(), d.output()).isTrue());
    }

    /** Where every provider serves HTTPS, no client is told it may use plain HTTP. */
    @Test
    void anAllHttpsTopologyNeverAllowsPlainHttpToItsClients() throws Exception {
        List<DownloadJob> jobs = new CopyOnWriteArrayList<>();
        Scenario scenario = ScenarioLoader.parse("mixed.yaml", "mixed", MIXED
                .replace(", https: false", "").formatted("sequential", ""));
        SystemUnderTest reference = SystemsUnderTest.named("reference", Clock.systemUTC());

        RunResult result = new ScenarioRunner().run(scenario, RunOptions.defaults(results)
                .withAdapter(recording(reference, jobs)));

        assertThat(jobs).as("the jobs the run gave its client").singleElement().satisfies(job -> {
            assertThat(job.plainHttp()).as("plain HTTP allowed in an all-HTTPS world").isFalse();
            assertThat(job.manifestUrls()).allSatisfy(u -> assertThat(u.getScheme()).isEqualTo("https"));
            assertThat(job.mirrorUrls()).allSatisfy(u -> assertThat(u.getScheme()).isEqualTo("https"));
        });
        assertThat(result.downloads()).singleElement().satisfies(d -> assertThat(d.succeeded())
                .as("the download; output: %s", d.output()).isTrue());
    }

    private static Scenario scenario(String policy, String timeline) {
        return ScenarioLoader.parse("mixed.yaml", "mixed", MIXED.formatted(policy, timeline));
    }

    /** The embedded world, kept for a look at its manifest once the run is over. */
    private static WorldStarter capturing(AtomicReference<Topology> world) {
        return (scenario, seed, clock) -> {
            Topology started = WorldStarter.EMBEDDED.start(scenario, seed, clock);
            world.set(started);
            return started;
        };
    }

    /** {@code sut}, keeping each job the run gives it. */
    private static SystemUnderTest recording(SystemUnderTest sut, List<DownloadJob> jobs) {
        return new SystemUnderTest() {
            @Override
            public String name() {
                return sut.name();
            }

            @Override
            public java.util.Set<io.outagedrill.harness.sut.Capability> reports() {
                return sut.reports();
            }

            @Override
            public boolean looksUpNamesThroughTheWorld() {
                return sut.looksUpNamesThroughTheWorld();
            }

            @Override
            public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws java.io.IOException {
                jobs.add(job);
                return sut.start(job, observer);
            }
        };
    }
}
