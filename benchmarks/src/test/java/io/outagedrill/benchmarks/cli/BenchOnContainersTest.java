package io.outagedrill.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code drill bench --world}: the switch is the one {@code drill run} has, and without a Docker engine a
 * containers bench stops before any JMH fork with one line saying to run {@code containers/prepare.sh}, exit 2,
 * writing nothing. Whether an engine is reachable is asked once per JVM, so that run is a child JVM whose
 * {@code DOCKER_HOST} names a socket that does not exist: it holds on machines with an engine too.
 */
class BenchOnContainersTest {

    @Test
    void withoutAnEngineAContainersBenchStopsBeforeForkingWithOneLineSayingToRunPrepare(@TempDir Path work)
            throws Exception {
        Path socket = work.resolve("no-docker.sock");
        Path out = work.resolve("bench");

        Child child = bench(work, "unix://" + socket, "--world", "containers", "--scenarios", "reset-mid-transfer",
                "--scenario-dir", Path.of("..", "scenarios").toString(), "--out", out.toString());

        assertThat(child.exit()).as("exit status; output %s", child.stdout()).isEqualTo(2);
        assertThat(child.stdout().lines().toList()).as("what bench printed").containsExactly(
                "drill bench --world containers: no Docker engine reachable (no socket " + socket + "); run "
                        + "containers/prepare.sh as root (installs and starts a Docker engine, builds the images; "
                        + "docs/containers.md)");
        assertThat(out).as("the bench folder").doesNotExist();
    }

    @Test
    void aWorldThatDoesNotExistIsAUsageErrorNamingTheTwo(@TempDir Path work) {
        StringWriter err = new StringWriter();
        BenchCommand command = new BenchCommand();
        command.console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute("--world", "moon",
                "--scenarios", "reset-mid-transfer", "--out", work.resolve("bench").toString());

        assertThat(exit).as("exit status; stderr %s", err).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--world'")
                .contains("embedded, containers");
        assertThat(work.resolve("bench")).doesNotExist();
    }

    private record Child(int exit, String stdout) {
    }

    /** {@code drill bench ARGS} in a JVM of its own, with {@code DOCKER_HOST} set; bounded to two minutes. */
    private static Child bench(Path work, String dockerHost, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), BenchCommand.class.getName()));
        command.addAll(List.of(args));
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("DOCKER_HOST", dockerHost);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("drill bench did not end within 120 s; stderr: " + Files.readString(stderr));
        }
        return new Child(process.exitValue(), Files.readString(stdout));
    }
}
