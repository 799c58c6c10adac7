package io.outagedrill.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.FleetLimit;
import io.outagedrill.harness.run.RunListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's JVM: its flags, how it ends when its heap is too small, and that it stops with its parent. */
class FleetJvmTest {
    private static final FleetBench.Settings SETTINGS = new FleetBench.Settings(List.of(100), "48m",
            FleetRun.BUILT_IN, Path.of("target/fleet-jvm-test"), Duration.ofSeconds(60), List.of("-Dextra=1"));

    @Test
    void theFleetJvmHasNativeAccessForConscryptAndEndsAtItsFirstOutOfMemoryError() {
        List<String> command = FleetJvm.command(SETTINGS, 100);

        List<String> flags = command.subList(1, command.indexOf("-cp"));
        assertThat(flags).contains("-Xmx48m", "--enable-native-access=ALL-UNNAMED", "-XX:+ExitOnOutOfMemoryError")
                .endsWith("-Dextra=1");
        assertThat(command.subList(command.indexOf("-cp") + 2, command.size()))
                .containsExactly(FleetRun.class.getName(), "100", FleetRun.BUILT_IN,
                        Path.of("target/fleet-jvm-test", "records-100").toString());
    }

    /** Its own flags, a main that fills the heap: the exit status the parent reads as "out of heap", at once. */
    @Test
    void aFleetJvmOutOfHeapEndsWithTheStatusTheParentReportsAsOutOfHeap() throws Exception {
        FleetBench.Settings small = new FleetBench.Settings(List.of(1), "16m", FleetRun.BUILT_IN,
                Path.of("target/fleet-jvm-test"), Duration.ofSeconds(60), List.of());
        List<String> command = new ArrayList<>(FleetJvm.command(small, 1));
        command.subList(command.indexOf("-cp"), command.size()).clear();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FillsTheHeap.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("ended by its first OutOfMemoryError").isTrue();

            assertThat(child.exitValue()).isEqualTo(FleetJvm.OUT_OF_HEAP_EXIT);
        } finally {
            child.destroyForcibly();
        }
        assertThat(FleetJvm.endedWithoutFigures(1, FleetJvm.OUT_OF_HEAP_EXIT, "16m", false))
                .startsWith("bench-fleet: 1 clients: the fleet ran out of the JVM heap (-Xmx16m)")
                .contains("To raise it: give each fleet's JVM more heap (--heap 4g)")
                .doesNotContain("DRILL_JAVA_OPTS");
        assertThat(FleetJvm.endedWithoutFigures(1, 1, "16m", false)).contains("ended (exit 1) without figures");
        // Stopped by a signal, the child's exit (143 after SIGTERM) is the stop, not a failure of the fleet.
        assertThat(FleetJvm.endedWithoutFigures(1, 143, "16m", true))
                .isEqualTo("bench-fleet: 1 clients: stopped with bench-fleet before the fleet had figures");
    }

    /** The fleet's JVM takes its heap from --heap: DRILL_JAVA_OPTS sets only the parent's. */
    @Test
    void aFleetThatRunsOutOfHeapIsToldToRaiseHeapNotDrillJavaOpts() {
        var limits = FleetRun.options(Path.of("target/fleet-jvm-test"), new RunListener() {
        }).limits();

        assertThat(limits.howToRaise(FleetLimit.HEAP)).contains("--heap").doesNotContain("DRILL_JAVA_OPTS");
    }

    /** A parent stopped by SIGTERM (timeout, a supervisor) takes its running fleet JVM with it. */
    @Test
    void aChildStopsWhenItsParentIsTerminated() throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ParentOfASleeper.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long childPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            childPid = Long.parseLong(out.readLine().trim());
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            assertThat(child.isAlive()).as("the child before its parent is stopped").isTrue();

            parent.toHandle().destroy(); // SIGTERM, as timeout(1) sends it

            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).as("the parent ended").isTrue();
            Awaitility.await("the child ended with its parent").atMost(Duration.ofSeconds(15))
                    .until(() -> !child.isAlive());
        } finally {
            parent.destroyForcibly();
            if (childPid > 0) {
                ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * Stopped mid-run (the parent's SIGTERM), a fleet JVM ends its run as drill run does: its world and its
     * clients' part files leave no temporary folders behind.
     */
    @Test
    void aFleetJvmStoppedMidRunLeavesNoTemporaryFolders(@TempDir Path dir) throws Exception {
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        FleetBench.Settings settings = new FleetBench.Settings(List.of(40), "256m", FleetRun.BUILT_IN,
                dir.resolve("out"), Duration.ofSeconds(60), List.of("-Djava.io.tmpdir=" + temp));
        Path output = dir.resolve("fleet-output.txt");
        Process child = new ProcessBuilder(FleetJvm.command(settings, 40)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            Awaitility.await("a client's folder in the run's temporary folder").atMost(Duration.ofSeconds(60))
                    .until(() -> clientFolders(temp) > 0);

            child.destroy(); // SIGTERM, as StopWithParent sends it

            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the fleet JVM ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .as("temporary folders left by the stopped fleet; it printed:%n%s", Files.readString(output))
                    .isEmpty();
        }
    }

    private static long clientFolders(Path temp) throws IOException {
        try (Stream<Path> runs = Files.list(temp)) {
            return runs.filter(p -> p.getFileName().toString().startsWith("outage-drill-run-")).mapToLong(run -> {
                try (Stream<Path> clients = Files.list(run)) {
                    return clients.count();
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        }
    }

    /** Allocates until the heap is full, holding all of it. */
    public static final class FillsTheHeap {
        public static void main(String[] args) {
            List<long[]> held = new ArrayList<>();
            while (true) {
                held.add(new long[1 << 16]);
            }
        }
    }

    /** Starts a long sleep as the bench starts a fleet JVM, prints its PID, then waits for it. */
    public static final class ParentOfASleeper {
        public static void main(String[] args) throws Exception {
            Process child = FleetJvm.start(List.of("sleep", "600"));
            System.out.println(child.pid());
            System.out.flush();
            child.waitFor();
        }
    }
}
