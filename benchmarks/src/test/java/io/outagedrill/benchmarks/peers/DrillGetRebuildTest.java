package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A timed {@code drill get} whose launcher built the project first (a source edited after the warm-up run) timed a
 * Maven build and a new class archive's training: seen once as a 28.7 s, 1.8 GiB "download" in the medians.
 */
class DrillGetRebuildTest {
    @Test
    void aRunWhoseLauncherBuiltTheProjectIsAFailureThatSaysWhy() {
        String stderr = "drill: building (sources changed; tests skipped, run ./mvnw verify for them)...\n"
                + "peers-bench.bin complete\n";

        assertThat(Contender.DrillGet.rebuilt(stderr)).as("stderr of a run that built first").hasValueSatisfying(
                why -> assertThat(why).contains("built the project in this timed run",
                        "\"drill: building (sources changed; tests skipped, run ./mvnw verify for them)...\"",
                        "leave the sources alone while a bench runs"));
        assertThat(Contender.DrillGet.rebuilt("peers-bench.bin complete: 1073741824 bytes, SHA-256 verified\n"))
                .as("stderr of an ordinary run").isEmpty();
    }

    @Test
    void theLauncherStillPrintsWhatTheBenchLooksFor() throws IOException {
        String launcher = Files.readString(Path.of("..", "drill").toAbsolutePath().normalize());

        assertThat(launcher).as("the launcher's message when it builds before a command")
                .contains("echo \"" + Contender.DrillGet.BUILDING + "$stale;");
    }
}
