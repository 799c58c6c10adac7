package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimedProcessTest {
    @Test
    void readsTheLastLineOfGnuTime() {
        TimedProcess.Usage usage = TimedProcess.parse(1, 2.5, 1000, "Command exited with non-zero status 1\n"
                + "2.49 1.25 0.50 123456\n", "out");

        assertThat(usage.exitCode()).isEqualTo(1);
        assertThat(usage.cpuSeconds()).isEqualTo(1.75);
        assertThat(usage.peakRssKiB()).isEqualTo(123456);
        assertThat(usage.wallSeconds()).isEqualTo(2.5);
    }

    @Test
    void refusesAnotherFormat() {
        assertThatThrownBy(() -> TimedProcess.parse(0, 1, 0, "1.0 2.0", ""))
                .hasMessageContaining("expected '%e %U %S %M'").hasMessageContaining("saw '1.0 2.0'");
    }

    @Test
    void measuresARealChildsCpuAndMemory(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(TimedProcess.TIME)), "GNU time is not installed (apt-get install time)");
        // sha256sum over 64 MiB of zeros: some CPU, and head's and sha256sum's memory, accounted to the child.
        TimedProcess.Usage usage = TimedProcess.run(List.of("sh", "-c",
                "head -c 67108864 /dev/zero | sha256sum"), dir, Map.of(), Duration.ofSeconds(60));

        assertThat(usage.exitCode()).isZero();
        assertThat(usage.output()).startsWith("3b6a07d0d404fab4e23b6d34bc6696a6a312dd92821332385e5af7c01c421351");
        assertThat(usage.cpuSeconds()).isGreaterThan(0);
        assertThat(usage.peakRssKiB()).isGreaterThan(100);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void standardOutputCanGoToAFileOfItsOwnWithTheErrorsKeptAsTheOutput(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(TimedProcess.TIME)), "GNU time is not installed (apt-get install time)");
        Path run = Files.createDirectories(dir.resolve("run"));
        Path stdout = dir.resolve("events.jsonl");

        TimedProcess.Usage usage = TimedProcess.run(List.of("sh", "-c", "echo '{\"event\":1}'; echo oops >&2"), run,
                Map.of(), Duration.ofSeconds(60), java.util.Optional.of(stdout));

        assertThat(Files.readString(stdout)).as("the file given for stdout").isEqualTo("{\"event\":1}\n");
        assertThat(usage.output()).as("output: stderr only").isEqualTo("oops\n");
        assertThat(run).as("the run folder, with GNU time's and the output's temporary files removed")
                .isEmptyDirectory();
    }
}
