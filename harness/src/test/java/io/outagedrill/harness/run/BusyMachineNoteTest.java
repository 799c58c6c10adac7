package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.machine.CpuTimes;
import io.outagedrill.harness.machine.OthersLoad;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that misses an SLO while other processes kept the machine busy says so in its notes, with the figure; a
 * run that passed, or missed on a quiet machine, does not. The machine's readings are given here: what they are on
 * a real machine is {@code OthersLoadTest}'s.
 */
class BusyMachineNoteTest {
    /** 2 cores, 100 ticks each between the readings: 150 busy, 20 of them the run's own, so others 1.3 cores. */
    private static final OthersLoad.Sample BEFORE = new OthersLoad.Sample(new CpuTimes(1_000, 500, 0, 2), 100);
    private static final OthersLoad.Sample BUSY_AFTER = new OthersLoad.Sample(new CpuTimes(1_200, 550, 0, 2), 120);
    /** The same 200 ticks, 40 busy, 30 of them the run's own: others 0.1 cores. */
    private static final OthersLoad.Sample QUIET_AFTER = new OthersLoad.Sample(new CpuTimes(1_200, 660, 0, 2), 130);

    @TempDir
    Path results;

    @Test
    void aMissOnABusyMachineIsNotedWithHowBusy() throws Exception {
        RunResult run = run(scenario("busy-miss", "1ms"), BUSY_AFTER);

        assertThat(run.verdicts()).as("the 1 ms SLO").anyMatch(v -> !v.passed());
        assertThat(run.notes()).as("notes of a run missed while others took 1.3 of 2 cores")
                .anyMatch(n -> n.contains("kept 1.3 of its 2 cores busy") && n.contains("play it again"));
    }

    @Test
    void aPassOnABusyMachineOrAMissOnAQuietOneHasNoSuchNote() throws Exception {
        RunResult passed = run(scenario("busy-pass", "60s"), BUSY_AFTER);
        RunResult quietMiss = run(scenario("quiet-miss", "1ms"), QUIET_AFTER);

        assertThat(passed.verdicts()).allMatch(SloVerdict::passed);
        assertThat(passed.notes()).as("a run that passed").noneMatch(n -> n.contains("other processes"));
        assertThat(quietMiss.verdicts()).anyMatch(v -> !v.passed());
        assertThat(quietMiss.notes()).as("a miss while others took 0.1 of 2 cores")
                .noneMatch(n -> n.contains("other processes"));
    }

    private RunResult run(Scenario scenario, OthersLoad.Sample after) throws Exception {
        Deque<OthersLoad.Sample> readings = new ArrayDeque<>(List.of(BEFORE, after));
        Supplier<Optional<OthersLoad.Sample>> machine = () -> Optional.ofNullable(readings.poll());
        return new ScenarioRunner(Clock.systemUTC(), WorldStarter.EMBEDDED, machine)
                .run(scenario, RunOptions.defaults(results));
    }

    /** One client of one small file; it must complete within {@code within}. */
    private static Scenario scenario(String name, String within) {
        return ScenarioLoader.parse(name + ".yaml", name, """
                name: %s
                description: one client, one small file, one SLO on time
                seed: 5
                topology:
                  providers:
                    - {name: akamai, kind: cdn-edge}
                  files:
                    - {name: f.bin, size: 256KiB, chunkSize: 128KiB}
                clients:
                  - {count: 1}
                timeline: []
                slos:
                  - completeWithin: {share: 100%%, within: %s}
                """.formatted(name, within));
    }
}
