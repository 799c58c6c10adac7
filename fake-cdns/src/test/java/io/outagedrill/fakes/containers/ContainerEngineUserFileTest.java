package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe reads {@code ~/.testcontainers.properties} as Testcontainers does: {@code docker.host} there names the
 * engine when the environment has no {@code DOCKER_HOST}, the environment's wins over it, and {@code
 * ryuk.disabled=true} there does not replace the environment's switch (Testcontainers 2 reads that from the
 * environment only). Testcontainers reads the file once per JVM from {@code user.home}, so each case is a JVM of its
 * own whose {@code user.home} is a temporary folder.
 */
class ContainerEngineUserFileTest {

    @TempDir
    Path home;

    @Test
    void dockerHostInTheUserFileNamesTheEngineWhenTheEnvironmentHasNone() throws Exception {
        Path socket = home.resolve("from-the-file.sock");
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=unix://" + socket + "\n");

        ChildJvm.Result child = probe().withoutEnv("DOCKER_HOST").run();

        assertThat(child.stdout().lines().toList()).as("the probe's answer; stderr %s", child.stderr())
                .containsExactly("no Docker engine reachable (no socket " + socket + ")");
    }

    @Test
    void theEnvironmentsDockerHostWinsAndRyukDisabledInTheFileDoesNotCount() throws Exception {
        // An existing file where the environment points: the socket check passes, so the reaper switch is next.
        Path socket = Files.createFile(home.resolve("from-the-environment.sock"));
        Path userFile = home.resolve(".testcontainers.properties");
        Files.writeString(userFile, "docker.host=unix://" + home.resolve("absent.sock") + "\nryuk.disabled=true\n");

        ChildJvm.Result child = probe().env("DOCKER_HOST", "unix://" + socket)
                .withoutEnv("TESTCONTAINERS_RYUK_DISABLED").run();

        assertThat(child.stdout().lines().toList()).as("the probe's answer; stderr %s", child.stderr())
                .containsExactly("TESTCONTAINERS_RYUK_DISABLED is not set to true in the environment (ryuk.disabled "
                        + "in " + userFile + " does not count, Testcontainers reads this switch from the environment "
                        + "only; ./drill and the build set it; containers are removed by label instead of by "
                        + "Testcontainers' reaper)");
    }

    private ChildJvm probe() {
        return ChildJvm.of(Probe.class).jvmOptions("-Duser.home=" + home);
    }

    /** The child: prints the probe's answer. */
    static final class Probe {
        public static void main(String[] args) {
            System.out.println(ContainerEngine.unavailableReason().orElse("available"));
        }
    }
}
