package io.outagedrill.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.testing.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

        ChildJvm.Result child = bench("unix://" + socket, "--world", "containers", "--scenarios",
                "reset-mid-transfer", "--scenario-dir", Path.of("..", "scenarios").toString(), "--out", out.toString());

        assertThat(child.exit()).as("exit status; output %s, stderr %s", child.stdout(), child.stderr()).isEqualTo(2);
        assertThat(child.stdout()).as("bench's standard output").isEmpty();
        assertThat(child.stderr().lines().toList()).as("what bench said on its standard error").containsExactly(
                "drill bench --world containers: no Docker engine reachable (no socket " + socket + "); run "
                        + "containers/prepare.sh as root (installs and starts a Docker engine, builds the images; "
                        + "docs/containers.md)"
                        + "; DOCKER_HOST names unix://" + socket + ", and the engine it starts listens at "
                        + "/var/run/docker.sock: unset DOCKER_HOST to use that one");
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

    /** {@code drill bench ARGS} in a JVM of its own, with {@code DOCKER_HOST} set; bounded to two minutes. */
    private static ChildJvm.Result bench(String dockerHost, String... args) throws IOException, InterruptedException {
        return ChildJvm.of(BenchCommand.class).args(args).env("DOCKER_HOST", dockerHost).run();
    }
}
