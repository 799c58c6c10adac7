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
import picocli.CommandLine;

/** Why {@code drill bench peers} cannot run goes to stderr, apart from the table a script reads on stdout. */
class PeersBenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBaselineThatIsNotALauncherIsAUsageErrorOnStderr() {
        Assumptions.assumeTrue(PeersBench.missingPrerequisite().isEmpty(),
                () -> "needs what the bench needs: " + PeersBench.missingPrerequisite().orElse(""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PeersBenchCommand command = new PeersBenchCommand();
        command.console = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path missing = dir.resolve("no-such-checkout/drill");

        int exit = new CommandLine(command).execute("--baseline", missing.toString(), "--dir",
                dir.resolve("bench").toString());

        assertThat(exit).as("exit code").isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).as("stderr")
                .isEqualTo("bench peers: --baseline " + missing + ": no executable drill launcher there"
                        + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).as("stdout, where the table goes").isEmpty();
    }
}
