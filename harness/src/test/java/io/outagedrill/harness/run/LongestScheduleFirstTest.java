package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongestScheduleFirstTest {
    private static final String TOPOLOGY = """
            topology:
              providers:
                - {name: a, kind: cdn-edge}
              files:
                - {name: f.bin, size: 4096}
            slos:
              - corruptFilesAccepted: 0
            """;

    private static Scenario scenario(String name, String rest) {
        return ScenarioLoader.parse(name + ".yaml", null, "name: " + name + "\ndescription: test\nseed: 1\n" + rest
                + TOPOLOGY);
    }

    @Test
    void theLastFixedStepARepeatsLastIterationOrTheLastStaggeredStartOnTheWallClock() {
        Scenario fixed = scenario("fixed", """
                compress: 60
                clients:
                  - {count: 1}
                timeline:
                  - {at: 1m, apply: {id: down, fault: toxic.down, target: a}}
                  - {at: 3m, clear: down}
                """);
        Scenario repeat = scenario("repeat", """
                clients:
                  - {count: 1}
                timeline:
                  - at: 1s
                    repeat:
                      every: 2s
                      times: 5
                      steps:
                        - {at: 0s, apply: {id: flap, fault: toxic.down, target: a}}
                        - {at: 1s, clear: flap}
                """);
        Scenario staggered = scenario("staggered", """
                compress: 10
                clients:
                  - {count: 5, stagger: 20s}
                """);
        Scenario throttled = scenario("throttled", """
                clients:
                  - {count: 1}
                timeline:
                  - {at: 1s, apply: {id: slow, fault: toxic.bandwidth, target: a, rate: 1000}}
                """);
        Scenario throttledCompressed = scenario("throttled-compressed", """
                compress: 10
                clients:
                  - {count: 1}
                timeline:
                  - {at: 10s, apply: {id: slow, fault: toxic.bandwidth, target: a, rate: 1000}}
                """);
        Scenario progressOnly = scenario("progress", """
                clients:
                  - {count: 1}
                timeline:
                  - {atProgress: 30%, apply: {id: down, fault: toxic.down, target: a}}
                """);

        assertThat(LongestScheduleFirst.scheduledWallTime(fixed)).as("3 scenario-minutes at 60x")
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(LongestScheduleFirst.scheduledWallTime(repeat)).as("from 1 s, every 2 s: the 5th iteration at 9 s "
                + "clears at 10 s").isEqualTo(Duration.ofSeconds(10));
        assertThat(LongestScheduleFirst.scheduledWallTime(staggered)).as("the 5th client starts at 80 s, at 10x")
                .isEqualTo(Duration.ofSeconds(8));
        assertThat(LongestScheduleFirst.scheduledWallTime(throttled)).as("from 1 s, 4096 bytes at 1000 KB/s")
                .isEqualTo(Duration.ofMillis(1004));
        assertThat(LongestScheduleFirst.scheduledWallTime(throttledCompressed))
                .as("10 scenario-seconds at 10x, then 4096 bytes at 1000 KB/s in real time").isEqualTo(
                        Duration.ofMillis(1004));
        assertThat(LongestScheduleFirst.scheduledWallTime(progressOnly)).as("nothing fixed in time")
                .isEqualTo(Duration.ZERO);
        assertThat(LongestScheduleFirst.order(List.of(progressOnly, throttled, fixed, staggered, repeat)))
                .extracting(Scenario::name).containsExactly("repeat", "staggered", "fixed", "throttled", "progress");
    }

    @Test
    void aThrottleCountsOnlyWhenEveryProviderIsThrottledAndThenAtTheFastestRate() {
        String twoProviders = """
                clients:
                  - {count: 1}
                timeline:
                  - {at: 1s, apply: {id: slow-a, fault: toxic.bandwidth, target: a, rate: 10}}
                %s
                topology:
                  providers:
                    - {name: a, kind: cdn-edge}
                    - {name: b, kind: object-store}
                  files:
                    - {name: f.bin, size: 8192}
                slos:
                  - corruptFilesAccepted: 0
                """;
        Scenario oneSlow = ScenarioLoader.parse("one-slow.yaml", null, "name: one-slow\ndescription: test\nseed: 1\n"
                + twoProviders.formatted(""));
        Scenario bothSlow = ScenarioLoader.parse("both-slow.yaml", null, "name: both-slow\ndescription: test\n"
                + "seed: 1\n" + twoProviders.formatted(
                        "  - {at: 2s, apply: {id: slow-b, fault: toxic.bandwidth, target: b, rate: 1000}}"));

        assertThat(LongestScheduleFirst.scheduledWallTime(oneSlow)).as("the client moves to b, whatever a's rate")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(LongestScheduleFirst.scheduledWallTime(bothSlow)).as("from 2 s, 8192 bytes at b's 1000 KB/s")
                .isEqualTo(Duration.ofMillis(2008));
    }

    @Test
    void theRepositorysLongReplaysStartBeforeItsShortRuns() {
        List<String> order = LongestScheduleFirst.order(ScenarioLoader.loadAll(Path.of("..", "scenarios"))).stream()
                .map(Scenario::name).toList();

        assertThat(order.indexOf("aws-us-east-1-2025-10-20")).as("the 14.5-hour AWS replay in %s", order)
                .isLessThan(order.indexOf("wrong-file"));
        assertThat(order.subList(0, 3)).as("the first three of %s", order)
                .doesNotContain("wrong-file", "gzip-bomb", "expired-manifest", "slow-primary");
    }
}
