package io.outagedrill.harness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository's scenarios, judged for a world of real servers in containers. */
class RealServerFitTest {
    static final Path DIR = Path.of("..", "scenarios");

    @Test
    void networkDnsAndInProcessFaultsAllActOut() {
        for (String name : List.of("primary-blackhole-mid-transfer", "reset-mid-transfer", "slow-primary",
                "all-mirrors-down-then-recover", "correlated-failure-one-cloud", "s3proxy-last-mirror-standing")) {
            Scenario scenario = ScenarioLoader.load(DIR.resolve(name + ".yaml"));

            assertThat(RealServerFit.limits(scenario)).as("limits of %s on real servers", name).isEmpty();
            assertThat(RealServerFit.varnishFronted(scenario)).as("Varnish-fronted providers of %s", name).isEmpty();
        }
    }

    @Test
    void anEdgeCacheWithItsFlushAndItsStatusAndDelayFaultsActsOutOnVarnish() {
        for (String name : List.of("fastly-2021-06-08", "edge-hides-origin-outage",
                "edge-purged-cannot-hide-origin-outage")) {
            Scenario scenario = ScenarioLoader.load(DIR.resolve(name + ".yaml"));

            assertThat(RealServerFit.blockers(scenario)).as("blockers of %s", name).isEmpty();
            assertThat(RealServerFit.limits(scenario)).as("limits of %s on real servers", name).isEmpty();
        }
        assertThat(RealServerFit.varnishFronted(ScenarioLoader.load(DIR.resolve("fastly-2021-06-08.yaml"))))
                .as("the edge of origin is Varnish already; the fault-free others stay nginx").isEmpty();
    }

    @Test
    void aProviderGivenStatusFaultsIsFrontedByVarnishInsideARepeatAndOutside() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("cloudflare-2025-11-18.yaml"));

        assertThat(RealServerFit.limits(scenario)).as("limits of %s", scenario.name()).isEmpty();
        assertThat(RealServerFit.varnishFronted(scenario)).containsExactly("cloudflare");
    }

    @Test
    void faultsOnlyTheFakeFileServerMakesAreEachNamedWithWhy() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("corrupt-bytes-one-mirror.yaml"));

        List<RealServerLimit> limits = RealServerFit.limits(scenario);

        assertThat(limits).extracting(RealServerLimit::faultId, RealServerLimit::kind)
                .containsExactly(tuple("fastly-lies", "http.corrupt-bytes"));
        assertThat(limits.getFirst().describe()).startsWith("fastly-lies (http.corrupt-bytes): ")
                .contains("fake file server");
        assertThat(RealServerFit.varnishFronted(scenario)).as("no fault Varnish can make").isEmpty();
    }

    @Test
    void aScopeVarnishCannotPickAndAFlushOfAProviderThatCachesNothingAreNamed() {
        Scenario scenario = ScenarioLoader.parse("inline.yaml", "inline", """
                name: inline
                description: scopes and flushes real servers cannot act out
                seed: 1
                topology:
                  providers:
                    - {name: cloudflare, kind: cdn-edge}
                    - {name: b2, kind: object-store}
                  files:
                    - {name: video.mp4, size: 1MiB}
                clients:
                  - {count: 1}
                timeline:
                  - {at: 0s, apply: {id: path-only, fault: http.status, target: cloudflare, code: 503, path: "/x*"}}
                  - {at: 0s, apply: {id: flush-nothing, fault: cache.flush, target: cloudflare}}
                slos:
                  - corruptFilesAccepted: 0
                """);

        assertThat(RealServerFit.limits(scenario)).extracting(RealServerLimit::faultId, RealServerLimit::reason)
                .containsExactly(
                        tuple("path-only", "a Varnish edge's fault switch acts on every request or a share of them; "
                                + "a path, byte range, count or warm-up in the scope is the fake file server's"),
                        tuple("flush-nothing", "provider cloudflare caches nothing (no edgeOf); only an edge cache of an "
                                + "origin is a Varnish edge to flush"));
        assertThat(RealServerFit.varnishFronted(scenario)).as("a fault Varnish cannot make fronts nothing").isEmpty();
    }

    @Test
    void theReportBeforeARunListsEachLimitWithWhy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Scenario blackhole = ScenarioLoader.load(DIR.resolve("primary-blackhole-mid-transfer.yaml"));
        Scenario edge = ScenarioLoader.load(DIR.resolve("fastly-2021-06-08.yaml"));
        Scenario corrupt = ScenarioLoader.load(DIR.resolve("corrupt-bytes-one-mirror.yaml"));

        List<Scenario> runnable = RealServerFitReport.print(List.of(blackhole, edge, corrupt), out);

        assertThat(runnable).as("the scenarios left to run").containsExactly(blackhole, edge, corrupt);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3)).containsExactly(
                "primary-blackhole-mid-transfer: every step can be acted out on real servers",
                "fastly-2021-06-08: every step can be acted out on real servers",
                "corrupt-bytes-one-mirror: 1 step(s) cannot be acted out on real servers; the run notes them, "
                        + "unplayed:");
        assertThat(lines.get(3)).startsWith("  fastly-lies (http.corrupt-bytes): a Varnish edge's fault switch "
                + "makes status answers (without Retry-After) and slow first bytes only; ")
                .endsWith(" is the fake file server's");
    }
}
