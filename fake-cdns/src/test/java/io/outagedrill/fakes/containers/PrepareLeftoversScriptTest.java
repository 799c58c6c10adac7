package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code containers/leftovers.sh}, which {@code containers/prepare.sh} runs before it builds anything: it removes
 * the labelled containers of processes that no longer run, as {@link ContainerJanitor} does, and leaves a running
 * owner's alone, since on a shared engine another engineer's test or {@code drill run} is using them. No engine: a
 * fake {@code docker} on the PATH lists three containers and records what it is asked to remove.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // run()'s reads block until bash ends
class PrepareLeftoversScriptTest {
    private static final Path SCRIPT = Path.of("..", "containers", "leftovers.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void onlyContainersOfOwnersNoLongerRunningAreRemoved() throws Exception {
        long running = ProcessHandle.current().pid();
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).as("true finished").isTrue();
        long gone = ended.pid();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path removed = dir.resolve("removed");
        Path docker = Files.writeString(bin.resolve("docker"), """
                #!/bin/sh
                case "$1" in
                  ps) printf 'live1 %d\\nexited1 %d\\nnoowner1 \\n' ;;
                  rm) shift; echo "$*" >>'%s' ;;
                  *) echo "unexpected docker $*" >&2; exit 3 ;;
                esac
                """.formatted(running, gone, removed));
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));

        String out = run(bin, ". '" + SCRIPT + "'; outage_drill_remove_leftovers");

        assertThat(Files.readString(removed).trim()).as("what docker rm was asked to remove (owner %d running, %d "
                + "gone)", running, gone).isEqualTo("-f exited1 noowner1");
        assertThat(out).as("what the script said").contains("removing 2 leftover container(s)")
                .contains("leaving 1 container(s) of processes still running");
    }

    @Test
    void noContainersNoRemoval() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path docker = Files.writeString(bin.resolve("docker"), """
                #!/bin/sh
                [ "$1" = ps ] || { echo "unexpected docker $*" >&2; exit 3; }
                """);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(run(bin, ". '" + SCRIPT + "'; outage_drill_remove_leftovers")).as("what the script said")
                .isEmpty();
    }

    /** Runs {@code commands} in bash with {@code bin} first on the PATH; its stdout, trimmed. */
    private static String run(Path bin, String commands) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -euo pipefail; " + commands);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process bash = builder.start();
        byte[] out = bash.getInputStream().readAllBytes();
        String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
        assertThat(bash.exitValue()).as("bash exit code; stderr: %s", err).isZero();
        return new String(out, StandardCharsets.UTF_8).trim();
    }
}
