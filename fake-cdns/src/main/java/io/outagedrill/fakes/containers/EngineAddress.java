package io.outagedrill.fakes.containers;

import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Where Testcontainers 2 will look for the Docker engine, in the order of its client strategies: {@code tc.host}
 * in {@code ~/.testcontainers.properties}; else {@code DOCKER_HOST} from the environment or {@code docker.host}
 * from that file; else the default socket. Read through Testcontainers' own {@link TestcontainersConfiguration}, so
 * the file is the one it reads ({@code user.home}'s).
 *
 * @param configured the address set ({@code unix:///path}, {@code tcp://host:port}), empty for the default socket
 * @param setBy      what set it, in words ({@code DOCKER_HOST}, {@code tc.host in FILE}); empty with the default
 */
record EngineAddress(Optional<String> configured, String setBy) {
    static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    /** An address {@code DOCKER_HOST} sets (the default socket when empty). */
    EngineAddress(Optional<String> configured) {
        this(configured, configured.isPresent() ? "DOCKER_HOST" : "");
    }

    /** The address Testcontainers' configuration in this JVM names. */
    static EngineAddress fromTestcontainers() {
        TestcontainersConfiguration configuration = TestcontainersConfiguration.getInstance();
        Optional<String> tcHost = Optional.ofNullable(configuration.getUserProperty("tc.host", null))
                .filter(address -> !address.isBlank());
        if (tcHost.isPresent()) {
            return new EngineAddress(tcHost, "tc.host in " + userFile());
        }
        Optional<String> dockerHost = Optional.ofNullable(configuration.getEnvVarOrUserProperty("docker.host", null))
                .filter(address -> !address.isBlank());
        return new EngineAddress(dockerHost, dockerHost.isEmpty() ? ""
                : dockerHost.get().equals(System.getenv("DOCKER_HOST")) ? "DOCKER_HOST" : "docker.host in " + userFile());
    }

    /** The user's properties file Testcontainers reads (it takes the path from {@code user.home} once per JVM). */
    static Path userFile() {
        return Path.of(System.getProperty("user.home"), ".testcontainers.properties");
    }

    /** The engine's socket on this machine, when it is one (the default, or a {@code unix://} address). */
    Optional<Path> socket() {
        if (configured.isEmpty()) {
            return Optional.of(DEFAULT_SOCKET);
        }
        return configured.filter(address -> address.startsWith("unix://"))
                .map(address -> Path.of(address.substring("unix://".length())));
    }

    /**
     * Whether the address is one other than the default socket, where {@code containers/prepare.sh} starts its engine
     * (its {@code dockerd} listens there whatever this process's settings say).
     */
    boolean elsewhere() {
        return configured.isPresent() && !socket().equals(Optional.of(DEFAULT_SOCKET));
    }

    /** The address in words. */
    String description() {
        return configured.orElse(DEFAULT_SOCKET.toString());
    }
}
