package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's answers on given inputs, in the order it asks: the engine's socket, the reaper switch of the
 * environment, then the engine itself (asked last and only then: it is the slow question). Reading the inputs from
 * Testcontainers' configuration: {@link ContainerEngineUserFileTest}.
 */
class ContainerEngineTest {
    private static final Map<String, String> RYUK_OFF = Map.of("TESTCONTAINERS_RYUK_DISABLED", "true");

    @TempDir
    Path dir;

    @Test
    void aMissingSocketIsNamedAndTheEngineIsNotAsked() {
        Path socket = dir.resolve("docker.sock");
        AtomicBoolean asked = new AtomicBoolean();

        Optional<String> reason = ContainerEngine.probe(address("unix://" + socket), RYUK_OFF, false, Optional::empty,
                () -> asked.getAndSet(true));

        assertThat(reason).as("the probe's answer").contains("no Docker engine reachable (no socket " + socket + ")");
        assertThat(asked).as("whether the engine was asked").isFalse();
    }

    @Test
    void theDefaultSocketIsLookedForWhereNoAddressIsSet() {
        assertThat(new EngineAddress(Optional.empty()).socket()).contains(Path.of("/var/run/docker.sock"));
        assertThat(address("tcp://127.0.0.1:2375").socket()).as("a TCP engine's socket").isEmpty();
    }

    @Test
    void aTcpEngineIsAskedWithoutLookingForASocket() {
        Optional<String> reason = ContainerEngine.probe(address("tcp://127.0.0.1:2375"), RYUK_OFF, false,
                Optional::empty, () -> false);

        assertThat(reason).as("the probe's answer").contains("no Docker engine answers at tcp://127.0.0.1:2375");
    }

    @Test
    void withoutTheReaperSwitchInTheEnvironmentTheLineSaysSoAndWhyTheUserFileDoesNotCount() throws Exception {
        Path socket = Files.createFile(dir.resolve("docker.sock"));

        Optional<String> plain = ContainerEngine.probe(address("unix://" + socket), Map.of(), false, Optional::empty, () -> true);
        Optional<String> withFile = ContainerEngine.probe(address("unix://" + socket),
                Map.of("TESTCONTAINERS_RYUK_DISABLED", "yes"), true, Optional::empty, () -> true);

        assertThat(plain).as("the answer without the switch").contains("TESTCONTAINERS_RYUK_DISABLED is not set to "
                + "true in the environment (./drill and the build set it; containers are removed by label instead of "
                + "by Testcontainers' reaper)");
        assertThat(withFile).as("the answer with ryuk.disabled=true in the user's file only").hasValueSatisfying(
                line -> assertThat(line).startsWith("TESTCONTAINERS_RYUK_DISABLED is not set to true in the "
                        + "environment (ryuk.disabled in ").contains(".testcontainers.properties does not count, "
                        + "Testcontainers reads this switch from the environment only; ./drill and the build set it"));
    }

    /**
     * A user whose environment says {@code TESTCONTAINERS_RYUK_DISABLED=false}: {@code ./drill} keeps a value the user
     * set, and {@code containers/prepare.sh} (the remedy for no engine) would change nothing, so the line names the
     * variable to set instead.
     */
    @Test
    void theReaperSwitchSetToFalseIsFixedBySettingItNotByPreparingTheEngine() throws Exception {
        Path socket = Files.createFile(dir.resolve("docker.sock"));
        String reason = ContainerEngine.probe(address("unix://" + socket), Map.of("TESTCONTAINERS_RYUK_DISABLED",
                "false"), false, Optional::empty, () -> true).orElseThrow();

        assertThat(ContainerEngine.remedy(reason)).as("what to do about: %s", reason)
                .startsWith("export TESTCONTAINERS_RYUK_DISABLED=true, or unset it (./drill sets it to true only "
                        + "where it is unset)")
                .doesNotStartWith("run containers/prepare.sh");
    }

    /**
     * {@code DOCKER_HOST} naming an address where nothing answers: {@code containers/prepare.sh} starts its engine at
     * the default socket (and, run with sudo, does not even see {@code DOCKER_HOST}), so after it the line would be
     * the same; it says so, and what to unset. Without an address set, the remedy is the script alone.
     */
    @Test
    void anAddressElsewhereThanTheDefaultSocketIsNamedWithWhatSetIt() {
        String reason = "no Docker engine answers at tcp://127.0.0.1:1 (Connection refused)";

        assertThat(ContainerEngine.remedy(reason, address("tcp://127.0.0.1:1"))).as("what to do about: %s", reason)
                .isEqualTo(LocalImages.HOW_TO_PREPARE + "; DOCKER_HOST names tcp://127.0.0.1:1, and the engine it "
                        + "starts listens at /var/run/docker.sock: unset DOCKER_HOST to use that one");
        assertThat(ContainerEngine.remedy(reason, new EngineAddress(Optional.of("unix:///run/other.sock"),
                "tc.host in /home/u/.testcontainers.properties"))).as("an address from the user's file")
                .endsWith(": remove tc.host from /home/u/.testcontainers.properties to use that one");
        assertThat(ContainerEngine.remedy(reason, address("unix:///var/run/docker.sock")))
                .as("DOCKER_HOST naming the default socket").isEqualTo(LocalImages.HOW_TO_PREPARE);
        assertThat(ContainerEngine.remedy(reason, new EngineAddress(Optional.empty())))
                .as("no address set").isEqualTo(LocalImages.HOW_TO_PREPARE);
    }

    @Test
    void anEngineThatAnswersWithTheSwitchSetIsAvailable() throws Exception {
        Path socket = Files.createFile(dir.resolve("docker.sock"));

        assertThat(ContainerEngine.probe(address("unix://" + socket), RYUK_OFF, false, Optional::empty, () -> true))
                .isEmpty();
    }

    @Test
    void theSwitchesMissingFromAnEnvironmentAreListedInOrder() {
        assertThat(ContainerEngine.missingFrom(Map.of())).containsExactly(EnvironmentSwitch.RYUK_DISABLED,
                EnvironmentSwitch.HOST_OVERRIDE);
        assertThat(ContainerEngine.missingFrom(Map.of("TESTCONTAINERS_RYUK_DISABLED", "false",
                "TESTCONTAINERS_HOST_OVERRIDE", " "))).as("false and blank count as missing")
                .containsExactly(EnvironmentSwitch.RYUK_DISABLED, EnvironmentSwitch.HOST_OVERRIDE);
        assertThat(ContainerEngine.missingFrom(Map.of("TESTCONTAINERS_RYUK_DISABLED", "TRUE",
                "TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1"))).isEmpty();
        assertThat(EnvironmentSwitch.HOST_OVERRIDE.assignment()).isEqualTo("TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1");
    }

    private static EngineAddress address(String configured) {
        return new EngineAddress(Optional.of(configured));
    }
}
