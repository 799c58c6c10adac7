package io.outagedrill.fakes.containers;

import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Whether the containers world can reach a Docker engine, asked once per JVM: the one probe behind {@code drill
 * ... --world containers}, the JUnit extension's {@code World.CONTAINERS}, the Maven goal's {@code
 * <world>containers</world>} and the containers tests, which all say why not in the same words. Without the
 * engine's socket the answer is "no" at once: asking Testcontainers then would log a page of failed strategies
 * for a machine that simply has no Docker.
 *
 * <p>The engine's address is found as Testcontainers 2 finds it ({@link EngineAddress}), so a {@code docker.host}
 * in {@code ~/.testcontainers.properties} is honoured; the reaper switch is read, as Testcontainers reads it, from
 * the environment only ({@link EnvironmentSwitch}). The engine is pinged with a time limit first ({@link EnginePing}),
 * so an engine that accepts connections and never answers is a line, not a hang.
 */
public final class ContainerEngine {
    private static volatile Optional<String> unavailable;

    private ContainerEngine() {
    }

    /** Empty when an engine answers; else why not, in words. */
    public static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            EngineAddress address = EngineAddress.fromTestcontainers();
            Optional<String> answer = probe(address, System.getenv(),
                    Boolean.parseBoolean(TestcontainersConfiguration.getInstance().getUserProperty("ryuk.disabled",
                            "false")),
                    () -> EnginePing.problem(address, EnginePing.LIMIT),
                    () -> DockerClientFactory.instance().isDockerAvailable());
            if (Thread.currentThread().isInterrupted()) {
                return answer; // an interrupted question says nothing about the engine: asked again next time
            }
            unavailable = answer;
        }
        return unavailable;
    }

    /**
     * What would fix {@code reason} (one of {@link #unavailableReason()}'s): for a socket this user may not open,
     * joining its group, since the engine is there and {@code containers/prepare.sh} would change nothing for this
     * user; for the reaper switch, setting it (the script cannot: it is this process's environment, which {@code
     * ./drill} fills only where the user left it unset); otherwise preparing an engine and the images, and where the
     * address is set to one other than the default socket, that the engine the script starts is not there.
     */
    public static String remedy(String reason) {
        return remedy(reason, EngineAddress.fromTestcontainers());
    }

    /** As {@link #remedy(String)} for an engine looked for at {@code address}. */
    static String remedy(String reason, EngineAddress address) {
        if (reason.startsWith(EnvironmentSwitch.RYUK_DISABLED.variable())) {
            return "export " + EnvironmentSwitch.RYUK_DISABLED.assignment() + ", or unset it (./drill sets it to true "
                    + "only where it is unset); containers/prepare.sh cannot set it (docs/containers.md)";
        }
        if (reason.contains(EnginePing.NOT_LET_IN)) {
            return "add this user to the socket's group, usually docker (as root: usermod -aG docker USER; then log in "
                    + "again), or run as root (docs/containers.md)";
        }
        if (address.elsewhere()) {
            // prepare.sh's dockerd listens on the default socket: run alone, it would leave this line unchanged.
            return LocalImages.HOW_TO_PREPARE + "; " + address.setBy() + " names " + address.description()
                    + ", and the engine it starts listens at " + EngineAddress.DEFAULT_SOCKET + ": "
                    + (address.setBy().equals("DOCKER_HOST") ? "unset DOCKER_HOST"
                    : "remove " + address.setBy().replace(" in ", " from ")) + " to use that one";
        }
        return LocalImages.HOW_TO_PREPARE;
    }

    /**
     * The switches Testcontainers reads from the environment only that {@code environment} lacks, in the order of
     * {@link EnvironmentSwitch}: what a caller that cannot set its own environment (the Maven goal) reports.
     */
    public static List<EnvironmentSwitch> missingFrom(Map<String, String> environment) {
        return Arrays.stream(EnvironmentSwitch.values()).filter(flag -> !flag.isSetIn(environment)).toList();
    }

    /**
     * The probe on given inputs: {@code ryukInUserFile} says whether {@code ~/.testcontainers.properties} says
     * {@code ryuk.disabled=true}, which Testcontainers 2 ignores, so the line then says that it does not count.
     */
    static Optional<String> probe(EngineAddress address, Map<String, String> environment, boolean ryukInUserFile,
                                  Supplier<Optional<String>> ping, BooleanSupplier engineAnswers) {
        Optional<Path> socket = address.socket();
        if (socket.isPresent() && !Files.exists(socket.get())) {
            return Optional.of("no Docker engine reachable (no socket " + socket.get() + ")");
        }
        if (!EnvironmentSwitch.RYUK_DISABLED.isSetIn(environment)) {
            // Testcontainers would otherwise pull its reaper's image from a registry that is not reachable here;
            // ContainerJanitor removes the containers instead.
            return Optional.of(EnvironmentSwitch.RYUK_DISABLED.variable() + " is not set to true in the environment ("
                    + (ryukInUserFile ? "ryuk.disabled in " + EngineAddress.userFile() + " does not count, "
                    + "Testcontainers reads this switch from the environment only; " : "")
                    + "./drill and the build set it; containers are removed by label instead of by Testcontainers' "
                    + "reaper)");
        }
        Optional<String> silent = ping.get(); // bounded in time, unlike the Docker client's first request
        if (silent.isPresent()) {
            return silent;
        }
        if (!engineAnswers.getAsBoolean()) {
            return Optional.of("no Docker engine answers at " + address.description());
        }
        return Optional.empty();
    }

    /** The value of the label {@code key} on {@code image}, which the engine holds; empty when it has none. */
    public static Optional<String> label(String image, String key) {
        var config = DockerClientFactory.instance().client().inspectImageCmd(image).exec().getConfig();
        return Optional.ofNullable(config == null ? null : config.getLabels()).map(labels -> labels.get(key));
    }

    /** Whether the engine holds this image (no pull). */
    public static boolean hasImage(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException absent) {
            return false;
        }
    }
}
