package io.outagedrill.harness.containers;

import static io.outagedrill.harness.junit.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.fakes.containers.ContainerServers;
import io.outagedrill.fakes.containers.EdgeCounters;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.testing.SharedResources;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.scenario.Step;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scenario files played unchanged on real servers in containers, through the path {@code drill run --world
 * containers} takes ({@link ScenarioRunner} with {@link ContainersWorld}), with the in-process reference client:
 * nginx containers serve the files over HTTPS behind the containerised fault proxy, whose links the timeline
 * breaks over Toxiproxy's HTTP API. Each must meet its SLOs as it does in-process, and leave no container behind.
 *
 * <p>In the default build only {@code edge-hides-origin-outage} with two clients: a Varnish edge in front of an
 * nginx origin behind the fault proxy container, the origin's link taken down (a 4 MiB file; every kind of
 * container a network-only scenario uses, and Varnish). The others, {@code reset-mid-transfer} and {@code
 * primary-blackhole-mid-transfer} among them, the purged edge and the two real incidents on Varnish ({@code
 * fastly-2021-06-08}, {@code cloudflare-2025-11-18}) and the lying mirror of {@code corrupt-bytes-one-mirror} (its
 * bad chunks rejected and blamed on it; curl, which checks nothing, handed its bad bytes under the good file's ETag),
 * run with {@code -Doutagedrill.containers.full=true}.
 * Skipped, with one line saying how to get an engine and the images, where there is none.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@Timeout(300)
// Not beside another class that starts containers: a check that none of this JVM's is left would see them.
@ResourceLock(SharedResources.OWN_CONTAINERS)
class ContainersWorldContainerTest {
    static final Path SCENARIOS = Path.of("..", "scenarios");

    @BeforeAll
    static void engineAndImages() {
        ContainersWorld.unavailableReason().ifPresent(reason -> {
            System.err.println("containers tests skipped: " + reason);
            Assumptions.abort(reason);
        });
    }

    @Test
    void aWarmVarnishEdgeHidesAnOriginOutageWithStaleCopies(@TempDir Path results) throws Exception {
        AtomicReference<ContainerServers> servers = new AtomicReference<>();
        AtomicReference<Topology> world = new AtomicReference<>();
        ContainersWorld containers = new ContainersWorld(servers::set);

        RunResult result = new ScenarioRunner(Clock.systemUTC(), (scenario, seed, clock) -> {
            Topology started = containers.start(scenario, seed, clock);
            world.set(started);
            return started;
        }).run(scenario("edge-hides-origin-outage"), options(results, 2));

        assertThat(result).meetsSlos();
        assertEveryFaultActedOut(scenario("edge-hides-origin-outage"), result);
        assertThat(result.downloads()).as("downloads, each from the edge alone").hasSize(2)
                .allSatisfy(download -> assertThat(download.succeeded()).as("%s succeeded", download.id()).isTrue());
        EdgeCounters edge = servers.get().countersAtClose().get("fastly");
        assertThat(edge).as("the Varnish edge's counters at the end of the run").isNotNull();
        // Copies go stale after a second (ContainerServers.EDGE_TTL): the downloads during the outage were served
        // past their TTL, while the edge's own tries to refresh them from the downed origin failed.
        assertThat(edge.staleHits()).as("stale hits of the edge (%s)", edge.describe()).isPositive();
        assertThat(edge.failedFetches()).as("failed origin fetches of the edge (%s)", edge.describe()).isPositive();
        // The providers were real servers: no in-process server answers for them.
        assertThatThrownBy(() -> world.get().server("fastly")).isInstanceOf(FaultNotApplicableException.class)
                .hasMessageContaining("real server outside this JVM");
        assertThat(world.get().toxiproxyUri().getPort()).as("the fault proxy container's API port").isPositive();
        assertThat(ContainerJanitor.own()).as("this JVM's containers after the run").isEmpty();
    }

    @ParameterizedTest
    // The incident replays spread their clients over hours of timeline: with six (as the scenario suite runs them),
    // downloads are in flight when their faults start, which their timeToRecover SLOs need; three leave gaps.
    @CsvSource({"reset-mid-transfer, 3", "primary-blackhole-mid-transfer, 3", "slow-primary, 3",
            "all-mirrors-down-then-recover, 3", "correlated-failure-one-cloud, 3", "s3proxy-last-mirror-standing, 3",
            "edge-purged-cannot-hide-origin-outage, 3", "fastly-2021-06-08, 6", "cloudflare-2025-11-18, 6"})
    @EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
            disabledReason = "about 30 s each on real servers: runs with -Doutagedrill.containers.full=true")
    void aScenarioWhoseEveryStepActsOutMeetsItsSlosOnRealServers(String name, int clients, @TempDir Path results)
            throws Exception {
        RunResult result = new ScenarioRunner(Clock.systemUTC(), new ContainersWorld())
                .run(scenario(name), options(results, clients));

        assertThat(result).meetsSlos();
        assertEveryFaultActedOut(scenario(name), result);
        assertThat(ContainerJanitor.own()).as("this JVM's containers after %s", name).isEmpty();
    }

    @ParameterizedTest
    // Which chunks a client asks fastly for is up to its policy's timing: corrupt-bytes-one-mirror's three bad chunks
    // (0, 4 and 9 of 4 MiB) often all come from other mirrors, so a rejection is required only where every chunk
    // of fastly's copy is bad.
    @CsvSource({"corrupt-bytes-one-mirror, 5, false", "malicious-mirror-corrupts-every-chunk, 3, true"})
    @EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
            disabledReason = "about 10-20 s each on real servers: runs with -Doutagedrill.containers.full=true")
    void theLyingMirrorsBadChunksAreRejectedAndBlamedOnItNeverKept(String name, int clients, boolean mustReject,
                                                                  @TempDir Path results) throws Exception {
        Scenario scenario = scenario(name);
        HttpFault lie = onlyHttpFault(scenario);
        long chunkSize = scenario.topology().files().getFirst().chunkSize();
        Set<Integer> bad = ((FaultRule.CorruptBytes) lie.rule()).offsets().stream()
                .map(offset -> (int) (offset / chunkSize)).collect(Collectors.toCollection(TreeSet::new));
        String liar = lie.target() + ".test";

        RunResult result = new ScenarioRunner(Clock.systemUTC(), new ContainersWorld())
                .run(scenario, options(results, clients));

        assertThat(result).meetsSlos();
        assertEveryFaultActedOut(scenario, result);
        List<DownloadRecord.ChunkRejection> rejected = result.downloads().stream()
                .flatMap(download -> download.rejectedChunks().stream()).toList();
        assertThat(rejected).as("chunks the clients of %s threw away", name).allSatisfy(chunk -> {
            assertThat(chunk.mirror()).as("mirror blamed for chunk %d", chunk.chunk()).isEqualTo(liar);
            assertThat(chunk.code()).as("why chunk %d was rejected (%s)", chunk.chunk(), chunk.words())
                    .isEqualTo("CORRUPT");
            assertThat(chunk.chunk()).as("rejected chunk (bad in %s's copy: %s)", liar, bad).isIn(bad);
        });
        if (mustReject) {
            assertThat(rejected).as("chunks rejected in %s (every chunk of %s is bad)", name, liar).isNotEmpty();
        }
        assertThat(result.downloads()).as("downloads of %s", name).allSatisfy(download -> {
            assertThat(download.acceptedCorrupt()).as("%s kept a corrupt file", download.id()).isFalse();
            assertThat(download.chunks()).as("chunks %s kept", download.id())
                    .noneMatch(chunk -> chunk.mirror().equals(liar) && bad.contains(chunk.chunk()));
        });
        assertThat(ContainerJanitor.own()).as("this JVM's containers after %s", name).isEmpty();
    }

    @Test
    @EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
            disabledReason = "about 20 s on real servers: runs with -Doutagedrill.containers.full=true")
    void curlFromTheLyingMirrorGetsBadBytesUnderTheGoodFilesEtagUntilTheFaultIsCleared(@TempDir Path work)
            throws Exception {
        Scenario scenario = scenario("corrupt-bytes-one-mirror");
        HttpFault lie = onlyHttpFault(scenario);
        FaultRule.CorruptBytes rule = (FaultRule.CorruptBytes) lie.rule();

        try (Topology world = new ContainersWorld().start(scenario, scenario.seed(), Clock.systemUTC())) {
            Curl curl = new Curl(world, work);
            String signed = world.file("video.mp4").sha256();
            Fetched good = curl.get("fastly", "good");
            assertThat(good.sha256()).as("SHA-256 of fastly's file before the fault").isEqualTo(signed);

            var installed = world.addHttpFault("fastly", rule, lie.scope());
            Fetched bad = curl.get("fastly", "bad");
            Fetched honest = curl.get("cloudflare", "honest");
            installed.clear();
            Fetched cleared = curl.get("fastly", "cleared");

            assertThat(bad.sha256()).as("SHA-256 of fastly's file while it lies (signed %s)", signed)
                    .isNotEqualTo(signed);
            assertThat(bad.differencesFrom(good)).as("offsets whose byte fastly changed, each inverted")
                    .containsExactlyElementsOf(rule.offsets());
            assertThat(bad.header("etag")).as("fastly's ETag while it lies").isEqualTo(good.header("etag"))
                    .isNotEmpty();
            assertThat(bad.header("last-modified")).as("fastly's Last-Modified while it lies")
                    .isEqualTo(good.header("last-modified"));
            assertThat(honest.sha256()).as("SHA-256 of cloudflare's file (the shared copy) meanwhile")
                    .isEqualTo(signed);
            assertThat(cleared.sha256()).as("SHA-256 of fastly's file once the fault is cleared").isEqualTo(signed);
            assertThat(cleared.header("etag")).as("fastly's ETag once cleared").isEqualTo(good.header("etag"));
        }
        assertThat(ContainerJanitor.own()).as("this JVM's containers after the world closed").isEmpty();
    }

    private static HttpFault onlyHttpFault(Scenario scenario) {
        List<HttpFault> faults = scenario.timeline().stream().map(Step::action)
                .flatMap(action -> action instanceof Step.Action.Apply apply ? Stream.of(apply.fault())
                        : Stream.<Fault>empty())
                .filter(HttpFault.class::isInstance).map(HttpFault.class::cast).toList();
        assertThat(faults).as("HTTP faults of %s", scenario.name()).hasSize(1);
        return faults.getFirst();
    }

    /** curl fetching a provider's whole file through its link, trusting the world's CA, headers kept. */
    private record Curl(Topology world, Path work) {
        Fetched get(String provider, String name) throws Exception {
            int index = world.providers().stream().map(p -> p.name()).toList().indexOf(provider);
            URI url = world.mirrorUrls("video.mp4").get(index);
            Path body = work.resolve(name + ".bin");
            Path headers = work.resolve(name + ".headers");
            List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--fail",
                    "--max-time", "60", "--cacert", world.caCertificate().toString(), "--dump-header",
                    headers.toString(), "--output", body.toString()));
            command.addAll(world.curlResolveArgs());
            command.add(url.toString());
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(90, TimeUnit.SECONDS)).as("curl %s finished", url).isTrue();
            assertThat(curl.exitValue()).as("curl's exit status for %s (it said: %s)", url, said).isZero();
            return new Fetched(Files.readAllBytes(body), Files.readAllLines(headers));
        }
    }

    private record Fetched(byte[] body, List<String> headers) {
        String sha256() throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        }

        String header(String name) {
            return headers.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse("");
        }

        /** Offsets where this body's byte is every bit of {@code other}'s inverted; fails on any other change. */
        List<Long> differencesFrom(Fetched other) {
            assertThat(body.length).as("body length").isEqualTo(other.body.length);
            List<Long> inverted = new ArrayList<>();
            for (int i = 0; i < body.length; i++) {
                if (body[i] != other.body[i]) {
                    assertThat(body[i]).as("byte at %d, every bit of %s inverted", i, other.body[i])
                            .isEqualTo((byte) ~other.body[i]);
                    inverted.add((long) i);
                }
            }
            return inverted;
        }
    }

    /** Every fault the timeline applies has a window in the record, and no step was refused or failed. */
    private static void assertEveryFaultActedOut(Scenario scenario, RunResult result) {
        List<String> applied = scenario.timeline().stream().map(Step::action)
                .flatMap(action -> action instanceof Step.Action.Apply apply ? Stream.of(apply.fault().id())
                        : Stream.empty())
                .toList();
        assertThat(result.faults()).as("fault windows of %s; notes %s", scenario.name(), result.notes())
                .extracting(FaultWindow::id).containsAll(applied);
        assertThat(result.notes()).as("notes of %s", scenario.name())
                .noneMatch(note -> note.startsWith("not applied") || note.startsWith("step failed"));
    }

    private static Scenario scenario(String name) {
        Scenario scenario = ScenarioLoader.load(SCENARIOS.resolve(name + ".yaml"));
        assertThat(RealServerFit.limits(scenario)).as("steps of %s real servers cannot act out", name).isEmpty();
        return scenario;
    }

    private static RunOptions options(Path results, int clients) {
        return RunOptions.defaults(results).withClient("reference").withClientCount(clients);
    }
}
