package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drill topology up --world containers} (here with a user's {@code --file}) without a Docker engine: it stops
 * before anything starts with the one line {@code drill run --world containers} prints, exit 2. It is the assembled
 * {@code drill} in a JVM of its own
 * (whether an engine is reachable is asked once per JVM), whose {@code DOCKER_HOST} names a socket that does not
 * exist: it holds on machines with an engine too. The option's parsing and refusals: {@code TopologyCommandTest}.
 */
class TopologyUpWorldTest {

    @TempDir
    Path work;

    @Test
    void withoutAnEngineAContainersTopologyStopsWithOneLineSayingToRunPrepare() throws Exception {
        Path socket = work.resolve("no-docker.sock");
        // A user's own file is served on containers too: it gets as far as the engine check, like a generated one.
        Path mine = Files.write(work.resolve("mine.bin"), new byte[64 << 10]);
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rw-r--r--"));

        ChildJvm.Result child = drill("unix://" + socket, "topology", "up", "--world", "containers", "--providers",
                "1", "--file", mine.toString());

        assertThat(child.exit()).as("exit status; stderr %s", child.stderr()).isEqualTo(2);
        assertThat(child.stdout()).as("topology up's standard output").isEmpty();
        assertThat(child.stderr().lines().toList()).as("what topology up said on its standard error").containsExactly(
                "drill topology up --world containers: no Docker engine reachable (no socket " + socket + "); run "
                        + "containers/prepare.sh as root (installs and starts a Docker engine, builds the images; "
                        + "docs/containers.md)"
                        + "; DOCKER_HOST names unix://" + socket + ", and the engine it starts listens at "
                        + "/var/run/docker.sock: unset DOCKER_HOST to use that one");
    }

    /** {@code drill ARGS} in a JVM of its own, with {@code DOCKER_HOST} set; bounded to two minutes. */
    private static ChildJvm.Result drill(String dockerHost, String... args) throws IOException, InterruptedException {
        return ChildJvm.of(DrillCli.class).args(args).env("DOCKER_HOST", dockerHost).run();
    }
}
