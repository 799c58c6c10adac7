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
        }
    }

    @Test
    void httpFaultsInsideARepeatAndOutsideAreEachNamedWithWhy() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("cloudflare-2025-11-18.yaml"));

        List<RealServerLimit> limits = RealServerFit.limits(scenario);

        assertThat(limits).extracting(RealServerLimit::faultId)
                .containsExactly("cf-flap", "cf-500", "cf-partial", "cf-tail");
        assertThat(limits).allSatisfy(limit -> {
            assertThat(limit.kind()).isEqualTo("http.status");
            assertThat(limit.describe()).startsWith(limit.faultId() + " (http.status): ")
                    .contains("fake file server");
        });
    }

    @Test
    void aCacheFlushAndAnHttpFaultAreNamedButNotTheOthers() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("fastly-2021-06-08.yaml"));

        assertThat(RealServerFit.limits(scenario)).extracting(RealServerLimit::faultId, RealServerLimit::kind)
                .containsExactly(
                        tuple("fastly-503", "http.status"),
                        tuple("caches-cold", "cache.flush"),
                        tuple("fastly-503-tail", "http.status"),
                        tuple("origin-load", "http.slow-first-byte"));
    }

    @Test
    void edgeCachesBlockARunOnRealServersAndSaySo() {
        assertThat(RealServerFit.blockers(ScenarioLoader.load(DIR.resolve("fastly-2021-06-08.yaml"))))
                .singleElement().asString().contains("is an edge cache of", "no edge caches yet");
        assertThat(RealServerFit.blockers(ScenarioLoader.load(DIR.resolve("s3proxy-last-mirror-standing.yaml"))))
                .as("S3Proxy runs in a container").isEmpty();
        assertThat(RealServerFit.blockers(ScenarioLoader.load(DIR.resolve("primary-blackhole-mid-transfer.yaml"))))
                .isEmpty();
    }

    @Test
    void theReportBeforeARunListsEachLimitWithWhyAndSkipsABlockedScenario() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Scenario blackhole = ScenarioLoader.load(DIR.resolve("primary-blackhole-mid-transfer.yaml"));
        Scenario edge = ScenarioLoader.load(DIR.resolve("fastly-2021-06-08.yaml"));
        Scenario httpFaults = ScenarioLoader.load(DIR.resolve("cloudflare-2025-11-18.yaml"));

        List<Scenario> runnable = RealServerFitReport.print(List.of(blackhole, edge, httpFaults), out);

        assertThat(runnable).as("the scenarios left to run").containsExactly(blackhole, httpFaults);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        String why = "an HTTP fault is made by the fake file server's fault chain";
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).isEqualTo("primary-blackhole-mid-transfer: every step can be acted out on real servers");
        assertThat(lines.get(1)).isEqualTo("fastly-2021-06-08 skipped, it cannot run on real servers: provider "
                + "fastly is an edge cache of origin; the containers world has no edge caches yet (run it with "
                + "--world embedded)");
        assertThat(lines.get(2)).isEqualTo(
                "cloudflare-2025-11-18: 4 step(s) cannot be acted out on real servers; the run notes them, unplayed:");
        assertThat(lines.subList(3, 7)).zipSatisfy(List.of("cf-flap", "cf-500", "cf-partial", "cf-tail"),
                (line, id) -> assertThat(line).startsWith("  " + id + " (http.status): " + why));
    }
}
