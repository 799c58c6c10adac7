package io.outagedrill.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.harness.containers.ContainersWorld;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.RunResultsFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code drill bench --world containers} on real servers: JMH's fork plays the scenario on nginx containers behind
 * the containerised fault proxy, JMH's JSON says which world, the run records are the containers runs', and the
 * fork leaves no container behind.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "a JMH fork playing a scenario on real servers, about 30 s: runs with "
                + "-Doutagedrill.containers.full=true")
@Timeout(300)
class BenchOnContainersContainerTest {
    private static final Pattern FORK_RUN = Pattern.compile("run-(\\d+)-\\d+");

    @Test
    void benchOnContainersPlaysTheScenarioInTheForkAndLeavesNoContainer(@TempDir Path out) throws Exception {
        ContainersWorld.unavailableReason().ifPresent(Assumptions::abort);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        BenchCommand command = new BenchCommand();
        command.console = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(command).execute("--world", "containers", "--scenarios", "reset-mid-transfer",
                "--clients", "reference", "--policies", "adaptive", "--scale", "2", "--warmups", "0",
                "--iterations", "1", "--silent", "--scenario-dir", Path.of("..", "scenarios").toString(),
                "--out", out.toString());

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("reset-mid-transfer: every step can be acted out on real servers");
        JsonNode jmh = new ObjectMapper().readTree(out.resolve("jmh.json").toFile());
        assertThat(jmh).as("JMH results").singleElement()
                .satisfies(b -> assertThat(b.path("params").path("world").asText()).isEqualTo("containers"));
        List<RunResult> runs = RunResultsFolder.read(out.resolve("records")).runs();
        assertThat(runs).as("run records").singleElement()
                .satisfies(run -> assertThat(run.downloads()).as("downloads").hasSize(2))
                .satisfies(run -> assertThat(run.passed()).as("SLO verdicts %s", run.verdicts()).isTrue());
        long fork = forkPid(out.resolve("records"));
        assertThat(ContainerJanitor.ownedBy(fork)).as("containers of the JMH fork (pid %d) after the bench", fork)
                .isEmpty();
    }

    /** The fork's pid, from its run folder's name ({@code run-PID-N}). */
    private static long forkPid(Path records) throws IOException {
        try (Stream<Path> folders = Files.list(records)) {
            return folders.map(p -> FORK_RUN.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("no run-PID-N folder in " + records));
        }
    }
}
