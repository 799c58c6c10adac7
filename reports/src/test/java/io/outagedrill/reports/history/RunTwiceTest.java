package io.outagedrill.reports.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.cli.RunCommand;
import io.outagedrill.reports.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code drill run} twice, as a user would: the second run's report does not replace the first's, and the index
 * links both. Plays the quickest scenario (a refused manifest, one client) through the real runner with the sink the
 * {@code drill} app hands it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunTwiceTest {
    private static final String SCENARIOS = Path.of("..", "scenarios").toString();

    @TempDir
    Path results;

    @Test
    void twoRunsLeaveTwoReportsReachableFromTheIndex() throws Exception {
        for (int i = 0; i < 2; i++) {
            int exit = new CommandLine(new RunCommand(Reports::record)).execute("expired-manifest", "--clients", "1",
                    "--scenarios", SCENARIOS, "--results", results.toString());
            assertThat(exit).as("drill run exit code, run %d", i + 1).isZero();
        }
        List<RunEntry> runs = new RunsManifest(results).read();
        assertThat(runs).as("runs.json after two runs").hasSize(2);
        String index = Files.readString(results.resolve("index.html"));
        for (RunEntry run : runs) {
            assertThat(run.id()).contains("-run-expired-manifest-reference");
            assertThat(run.records()).hasSize(1);
            assertThat(results.resolve(run.records().getFirst())).exists();
            assertThat(results.resolve(run.reportDir()).resolve("index.html")).exists();
            assertThat(index).contains("href=\"" + run.reportDir() + "/index.html\"");
        }
        assertThat(results.resolve("latest").toRealPath())
                .isEqualTo(results.resolve(runs.getFirst().reportDir()).toRealPath());
    }
}
