package io.outagedrill.harness.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CpuTimesTest {
    @Test
    void stealIsItsShareOfEveryTickBetweenTwoReadings() {
        CpuTimes before = CpuTimes.parse("cpu  100 0 50 800 10 0 5 35 0 0").orElseThrow();
        CpuTimes after = CpuTimes.parse("cpu  700 0 250 800 20 0 25 115 0 0").orElseThrow();

        assertThat(before.totalTicks()).as("user+nice+system+idle+iowait+irq+softirq+steal").isEqualTo(1000);
        assertThat(before.idleTicks()).as("idle+iowait").isEqualTo(810);
        assertThat(after.busyTicks()).as("every tick but idle and iowait").isEqualTo(1910 - 820);
        assertThat(CpuTimes.stealShare(before, after)).as("80 stolen of 910 ticks")
                .hasValueCloseTo(80.0 / 910, Offset.offset(1e-12));
    }

    @Test
    void anotherLineOrNoTimeElapsedGivesNothing() {
        assertThat(CpuTimes.parse("cpu0 1 2 3 4 5 6 7 8")).as("a single CPU's line").isEmpty();
        assertThat(CpuTimes.parse("cpu 1 2 3")).as("too few fields").isEmpty();
        CpuTimes same = CpuTimes.parse("cpu 1 2 3 4 5 6 7 8").orElseThrow();
        assertThat(CpuTimes.stealShare(same, same)).isEmpty();
        CpuTimes stealBack = CpuTimes.parse("cpu 2 2 3 4 5 6 7 1").orElseThrow();
        assertThat(CpuTimes.stealShare(same, stealBack)).as("a steal counter that went backwards").isEmpty();
    }

    /** The ticks are every CPU's: the count comes from /proc/stat, never below what this JVM may use. */
    @Test
    void theCountOfCpusIsTheMachinesThatTheTicksAreSummedOver() {
        assumeTrue(Files.isReadable(CpuTimes.PROC_STAT), "no /proc/stat here");
        CpuTimes now = CpuTimes.now().orElseThrow();

        assertThat(now.cpus()).as("CPUs in /proc/stat against availableProcessors()")
                .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(CpuTimes.parse("cpu 1 2 3 4 5 6 7 8").orElseThrow().cpus()).as("one line read alone").isEqualTo(1);
    }
}
