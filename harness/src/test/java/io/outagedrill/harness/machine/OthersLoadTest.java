package io.outagedrill.harness.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What others took of the machine while a run played: the busy ticks of every CPU less the run's own (this process
 * and its descendants), read from {@code /proc}. Checked on the arithmetic, on the kernel's line format, and live:
 * a busy child counts as the run's own, a busy process outside the run's tree as another's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OthersLoadTest {
    @TempDir
    Path dir;

    @Test
    void othersAreTheBusyTicksLessTheRunsOwnOverOneCoresTicks() {
        var before = new OthersLoad.Sample(new CpuTimes(1_000, 500, 0, 4), 100);
        var after = new OthersLoad.Sample(new CpuTimes(1_400, 600, 0, 4), 250);

        // 400 ticks over 4 cores: 100 a core. Busy 300, the run's own 150: others 150, 1.5 cores.
        assertThat(OthersLoad.othersCores(before, after)).hasValueCloseTo(1.5, Offset.offset(1e-9));
        var ownAll = new OthersLoad.Sample(new CpuTimes(1_400, 600, 0, 4), 500);
        assertThat(OthersLoad.othersCores(before, ownAll)).as("the run's own took more than the busy ticks")
                .hasValue(0.0);
        assertThat(OthersLoad.othersCores(before, before)).as("nothing elapsed").isEmpty();
    }

    @Test
    void theNoteNeedsAMissAndHalfACoreTakenByOthers() {
        var before = Optional.of(new OthersLoad.Sample(new CpuTimes(0, 0, 0, 2), 0));
        var busy = Optional.of(new OthersLoad.Sample(new CpuTimes(200, 100, 0, 2), 50)); // others 0.5 cores
        var quiet = Optional.of(new OthersLoad.Sample(new CpuTimes(200, 100, 0, 2), 60)); // others 0.4 cores

        assertThat(OthersLoad.noteForMiss(before, busy, true)).hasValueSatisfying(note -> assertThat(note)
                .contains("kept 0.5 of its 2 cores busy on average"));
        assertThat(OthersLoad.noteForMiss(before, busy, false)).as("a run that passed").isEmpty();
        assertThat(OthersLoad.noteForMiss(before, quiet, true)).as("others at 0.4 cores").isEmpty();
        assertThat(OthersLoad.noteForMiss(Optional.empty(), busy, true)).as("no reading before").isEmpty();
    }

    /** A gate that found regressions on a busy machine says so, as a missed SLO does: its runs had met their SLOs. */
    @Test
    void theGatesNoteNeedsHalfACoreTakenByOthers() {
        var before = Optional.of(new OthersLoad.Sample(new CpuTimes(0, 0, 0, 2), 0));
        var busy = Optional.of(new OthersLoad.Sample(new CpuTimes(200, 100, 0, 2), 50)); // others 0.5 cores
        var quiet = Optional.of(new OthersLoad.Sample(new CpuTimes(200, 100, 0, 2), 60)); // others 0.4 cores

        assertThat(OthersLoad.noteForGate(before, busy)).hasValue("while the scenarios played, other processes (or "
                + "the host, taking CPU from this machine) kept 0.5 of its 2 cores busy on average: the gate compares "
                + "timings, and a timing can get worse for that alone; play again on a quieter machine to tell");
        assertThat(OthersLoad.noteForGate(before, quiet)).as("others at 0.4 cores").isEmpty();
        assertThat(OthersLoad.noteForGate(before, Optional.empty())).as("no reading after").isEmpty();
    }

    /**
     * Half a core is a quarter of a 2-core machine, but nothing on a workstation of 16, whose browser and editor take
     * that much all day: a miss there was noted on every run, blaming a neighbour that took nothing from it.
     */
    @Test
    void onALargerMachineTheNoteNeedsAQuarterOfItsCores() {
        var before = Optional.of(new OthersLoad.Sample(new CpuTimes(0, 0, 0, 16), 0));
        // 1,600 ticks over 16 cores, 100 a core: others 60 ticks (0.6 cores), then 400 (4 cores).
        var desktop = Optional.of(new OthersLoad.Sample(new CpuTimes(1_600, 1_440, 0, 16), 100));
        var quarter = Optional.of(new OthersLoad.Sample(new CpuTimes(1_600, 1_100, 0, 16), 100));

        assertThat(OthersLoad.noteForMiss(before, desktop, true)).as("a miss while others took 0.6 of 16 cores")
                .isEmpty();
        assertThat(OthersLoad.noteForMiss(before, quarter, true)).as("a miss while others took 4 of 16 cores")
                .hasValueSatisfying(note -> assertThat(note).contains("kept 4.0 of its 16 cores busy on average"));
    }

    /** A command name may hold spaces and parentheses: the fields count from the last ')'. */
    @Test
    void aProcessStatLineIsReadPastItsCommandName() {
        String line = "4242 (a (odd) name) S 1 4242 4242 0 -1 4194560 900 0 0 0 70 30 5 3 20 0 3 0 100 1000 10";

        assertThat(ProcessTreeTicks.parseStat(line)).as("utime 70 + stime 30 + cutime 5 + cstime 3").hasValue(108);
        assertThat(ProcessTreeTicks.parseStat("4242 (cut short) S 1 2")).isEmpty();
        assertThat(ProcessTreeTicks.parseStat("no parenthesis at all")).isEmpty();
    }

    @Test
    void aBusyChildIsTheRunsOwnTime() throws Exception {
        assumeTrue(Files.isReadable(CpuTimes.PROC_STAT), "no /proc/stat here");
        long start = ProcessTreeTicks.now().orElseThrow();
        Process child = new ProcessBuilder("timeout", "20", "sh", "-c", "while :; do :; done").start();
        try {
            // Half a second of the child's CPU (50 ticks at the kernel's 100 a second), all of it in the run's own.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ticksOf(child.toHandle()) >= 50);
            long childTicks = ticksOf(child.toHandle());
            long own = ProcessTreeTicks.now().orElseThrow() - start;
            assertThat(own).as("the run's own ticks since the start, the child's %d among them", childTicks)
                    .isGreaterThanOrEqualTo(childTicks);
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }

    /** The ticks of {@code process} (here {@code timeout}, idle) and of those under it (the busy shell). */
    private static long ticksOf(ProcessHandle process) {
        return ProcessTreeTicks.ofProcess(process.pid()).orElse(0) + process.descendants()
                .mapToLong(p -> ProcessTreeTicks.ofProcess(p.pid()).orElse(0)).sum();
    }

    /**
     * A busy loop started by a shell that exits at once is orphaned, so it is no descendant of this process: what
     * it takes counts as others'. Judged against the loop's own ticks, not a fixed share of the machine: beside the
     * other test classes' threads the loop may get well under half a core, and still every tick of it is others'.
     */
    @Test
    void aBusyProcessOutsideTheRunIsOthers() throws Exception {
        assumeTrue(Files.isReadable(CpuTimes.PROC_STAT), "no /proc/stat here");
        OthersLoad.Sample start = OthersLoad.now().orElseThrow();
        Path pid = dir.resolve("pid");
        Process shell = new ProcessBuilder("sh", "-c", "timeout 20 sh -c 'while :; do :; done' >/dev/null 2>&1 & "
                + "echo $! > '" + pid + "'").start();
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).as("the shell that starts the loop exits at once").isTrue();
        ProcessHandle loop = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();
        try {
            // Half a second of the loop's CPU (50 ticks at the kernel's 100 a second).
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ticksOf(loop) >= 50);
            long loopTicks = ticksOf(loop);
            OthersLoad.Sample after = OthersLoad.now().orElseThrow();
            double perCore = (double) (after.machine().totalTicks() - start.machine().totalTicks()) / after.cores();
            double othersTicks = OthersLoad.othersCores(start, after).orElseThrow() * perCore;
            // The machine's and the process's counts are sampled apart: a tenth of slack, and a little more.
            assertThat(othersTicks).as("others' ticks since the start, the orphaned loop's %d among them", loopTicks)
                    .isGreaterThanOrEqualTo(loopTicks * 0.9 - 5);
        } finally {
            loop.descendants().forEach(ProcessHandle::destroyForcibly);
            loop.destroyForcibly();
        }
    }
}
