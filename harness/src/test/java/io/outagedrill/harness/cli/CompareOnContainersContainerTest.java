package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.testing.SharedResources;
import io.outagedrill.harness.containers.ContainersWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import picocli.CommandLine;

/**
 * {@code drill compare --world containers}: the reference client and curl side by side on the same real servers,
 * as a team would compare downloaders before choosing one. Curl failing an SLO is a result, not an error.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "two runs on real servers, about a minute: runs with -Doutagedrill.containers.full=true")
@Timeout(300)
// Not beside another class that starts containers: a check that none of this JVM's is left would see them.
@ResourceLock(SharedResources.OWN_CONTAINERS)
class CompareOnContainersContainerTest {

    @Test
    void compareOnRealServersPutsTheReferenceClientBesideCurl(@TempDir Path results) {
        ContainersWorld.unavailableReason().ifPresent(Assumptions::abort);
        CompareCommand command = new CompareCommand();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(command).execute("reset-mid-transfer", "--world", "containers",
                "--clients", "reference,curl", "--policies", "adaptive", "--scale", "2",
                "--scenarios", Path.of("..", "scenarios").toString(), "--results", results.toString());

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("reset-mid-transfer: every step can be acted out on real servers")
                .containsPattern("reference/adaptive\\s+5 of 5 \\*")
                .contains("curl/default");
    }
}
