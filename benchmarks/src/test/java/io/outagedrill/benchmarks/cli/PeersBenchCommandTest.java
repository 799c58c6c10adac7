package io.outagedrill.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.benchmarks.peers.PeersBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Why {@code drill bench peers} cannot run goes to stderr, apart from the table a script reads on stdout. */
class PeersBenchCommandTest {
    @TempDir
    Path dir;

    /** What one run of the command printed, and its exit code. */
    private record Ran(int exit, String out, String err) {
    }

    private Ran bench(String... args) {
        Assumptions.assumeTrue(PeersBench.missingPrerequisite().isEmpty(),
                () -> "needs what the bench needs: " + PeersBench.missingPrerequisite().orElse(""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PeersBenchCommand command = new PeersBenchCommand();
        command.console = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(command).execute(args);
        return new Ran(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBaselineThatIsNotALauncherIsAUsageErrorOnStderr() {
        Path missing = dir.resolve("no-such-checkout/drill");

        Ran ran = bench("--baseline", missing.toString(), "--dir", dir.resolve("bench").toString());

        assertThat(ran.exit()).as("exit code").isEqualTo(2);
        assertThat(ran.err()).as("stderr").isEqualTo("bench peers: --baseline " + missing
                + ": no executable drill launcher there" + System.lineSeparator());
        assertThat(ran.out()).as("stdout, where the table goes").isEmpty();
    }

    /** A bad value names the option as it is typed, on stderr. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--runs|0|bench peers: --runs: expected at least 1, was 0",
        "--size|12x|bench peers: --size: expected a size such as 500MiB",
        "--chunk|7|bench peers: --chunk: expected a positive multiple of 8 bytes, was 7"})
    void aBadValueNamesItsOption(String option, String value, String expected) {
        Ran ran = bench(option, value, "--dir", dir.resolve("bench").toString());

        assertThat(ran.exit()).as("exit code").isEqualTo(2);
        assertThat(ran.err()).as("stderr").startsWith(expected);
        assertThat(ran.out()).as("stdout").isEmpty();
    }
}
