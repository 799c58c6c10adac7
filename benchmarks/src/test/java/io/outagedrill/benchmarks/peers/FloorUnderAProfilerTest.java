package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM floor profiled inside the bench, beside a {@code --drill} wrapper that profiles the client: its extra JVM
 * flags come from {@code DRILL_FLOOR_JAVA_OPTS}, and a line its agent prints before the floor's own does not fail
 * the run.
 */
class FloorUnderAProfilerTest {

    @Test
    void extraFlagsAreSplitOnWhitespaceAndNoneWhenUnset() {
        assertThat(JvmFloor.extraJavaOptions(
                " -agentpath:/opt/ap/libasyncProfiler.so=start,event=cpu,file=/tmp/floor-%p.txt,collapsed  -Xss2m\n"))
                .containsExactly("-agentpath:/opt/ap/libasyncProfiler.so=start,event=cpu,file=/tmp/floor-%p.txt,collapsed",
                        "-Xss2m");
        assertThat(JvmFloor.extraJavaOptions(null)).as("unset").isEmpty();
        assertThat(JvmFloor.extraJavaOptions("  ")).as("blank").isEmpty();
    }

    @Test
    void theFloorsLastLineIsTheSizeItReceived(@TempDir Path dir) {
        Setup setup = new Setup(new BenchFile(dir.resolve("file.bin"), 1024, "unused", 1024, List.of()), List.of(),
                List.of(), dir.resolve("unused.jws"), dir.resolve("unused.jws"), dir.resolve("ca.pem"),
                dir.resolve("unused.jwks"), dir.resolve("drill"), Optional.empty(), dir);

        assertThat(RunChecks.printedTheFileSize(setup, printed("Profiling started\n1024\n")))
                .as("an agent's line first, then the size").isEmpty();
        assertThat(RunChecks.printedTheFileSize(setup, printed("1024\n"))).as("the size alone").isEmpty();
        assertThat(RunChecks.printedTheFileSize(setup, printed("1024\nProfiling started\n")))
                .as("anything after the size").hasValue("received '1024\nProfiling started' bytes, expected 1024");
        assertThat(RunChecks.printedTheFileSize(setup, printed("512\n")))
                .hasValue("received '512' bytes, expected 1024");
    }

    private static TimedProcess.Usage printed(String output) {
        return new TimedProcess.Usage(0, 1, 1, 0, 1024, 0, output);
    }
}
