package io.outagedrill.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.fakes.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <world>}: which values the goal takes, and that a containers world it cannot start fails the build before
 * anything starts, with one line saying what is missing and how to get it (no engine here or not: the environment
 * the goal is given, and a child JVM whose {@code DOCKER_HOST} names a socket that does not exist).
 */
class DrillMojoWorldTest {
    private static final String PREPARE = "run containers/prepare.sh as root (installs and starts a Docker engine, "
            + "builds the images; docs/containers.md)";

    @TempDir
    Path target;

    private DrillMojo mojo(String world, Map<String, String> environment) {
        DrillMojo mojo = new DrillMojo();
        mojo.scenarios = List.of("two-mirrors-healthy");
        mojo.scenariosDirectory = new File("src/test/resources/scenarios").getAbsoluteFile();
        mojo.client = "reference";
        mojo.threshold = "10%";
        mojo.resultsDirectory = target.resolve("drill-results").toFile();
        mojo.reportDirectory = target.resolve("drill-report").toFile();
        mojo.world = world;
        mojo.environment = environment;
        return mojo;
    }

    @Test
    void anUnknownWorldIsRefusedNamingTheParameterAndTheAcceptedValues() {
        assertThatThrownBy(() -> mojo("cloud", Map.of()).execute()).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: <world> (drill.world) must be one of embedded, containers, not 'cloud'");
        assertThat(target.resolve("drill-report")).as("the report folder").doesNotExist();
    }

    @Test
    void containersWithoutTheTestcontainersEnvironmentFailsInOneLineSayingWhatToExportBeforeMvn() {
        assertThatThrownBy(() -> mojo("containers", Map.of("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")).execute())
                .isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: <world>containers</world>: the environment lacks TESTCONTAINERS_RYUK_DISABLED=true "
                        + "(Testcontainers reads them from the environment only, which a Maven goal cannot set for "
                        + "its own JVM): run `export TESTCONTAINERS_RYUK_DISABLED=true "
                        + "TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1` before mvn (docs/containers.md) "
                        + "(or -Ddrill.skip=true)");
        assertThatThrownBy(() -> mojo("containers", Map.of()).execute()).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("the environment lacks TESTCONTAINERS_RYUK_DISABLED=true and "
                        + "TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (");
        assertThat(target.resolve("drill-results")).as("the results folder: nothing ran").doesNotExist();
    }

    @Test
    void skipSkipsAContainersGateThatCouldNotStart() throws Exception {
        DrillMojo mojo = mojo("containers", Map.of());
        mojo.skip = true;

        mojo.execute();

        assertThat(target.resolve("drill-results")).as("the results folder: nothing ran").doesNotExist();
    }

    @Test
    void containersWithoutAnEngineFailsInOneLineSayingToRunPrepare(@TempDir Path work) throws Exception {
        Path socket = work.resolve("no-docker.sock");

        String printed = inChildJvm("unix://" + socket);

        assertThat(printed.lines().toList()).as("what the goal failed with").containsExactly(
                "MojoExecutionException: drill: <world>containers</world>: no Docker engine reachable (no socket "
                        + socket + "); " + PREPARE + "; DOCKER_HOST names unix://" + socket + ", and the engine it "
                        + "starts listens at /var/run/docker.sock: unset DOCKER_HOST to use that one (or "
                        + "-Ddrill.skip=true)");
    }

    /**
     * The goal with {@code <world>containers</world>} in a JVM of its own (whether an engine is reachable is asked
     * once per JVM), {@code DOCKER_HOST} set and the Testcontainers settings in its environment; what it failed
     * with, or "passed". Bounded to two minutes.
     */
    private String inChildJvm(String dockerHost) throws IOException, InterruptedException {
        ChildJvm.Result child = ChildJvm.of(ContainersGoal.class).args(target.toString())
                .env("DOCKER_HOST", dockerHost).env("TESTCONTAINERS_RYUK_DISABLED", "true")
                .env("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1").run();
        assertThat(child.exit()).as("the child's exit status; stderr %s", child.stderr()).isZero();
        return child.stdout();
    }

    /** The child: the goal on containers, its environment the JVM's own, as under Maven. */
    static final class ContainersGoal {
        public static void main(String[] args) {
            DrillMojo mojo = new DrillMojo();
            mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
                @Override
                public void info(CharSequence content) {
                    // stdout holds what the goal failed with, nothing else
                }
            });
            mojo.scenarios = List.of("two-mirrors-healthy");
            mojo.scenariosDirectory = new File("src/test/resources/scenarios").getAbsoluteFile();
            mojo.client = "reference";
            mojo.threshold = "10%"; // the parameter's default, which Maven would inject
            mojo.resultsDirectory = Path.of(args[0], "drill-results").toFile();
            mojo.reportDirectory = Path.of(args[0], "drill-report").toFile();
            mojo.world = "containers";
            try {
                mojo.execute();
                System.out.println("passed");
            } catch (Exception e) {
                System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
