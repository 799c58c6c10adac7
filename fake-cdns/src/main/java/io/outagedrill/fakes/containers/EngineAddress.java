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
 */
record EngineAddress(Optional<String> configured) {
    static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    /** The address Testcontainers' configuration in this JVM names. */
    static EngineAddress fromTestcontainers() {
        TestcontainersConfiguration configuration = TestcontainersConfiguration.getInstance();
        return new EngineAddress(Optional.ofNullable(configuration.getUserProperty("tc.host", null))
                .or(() -> Optional.ofNullable(configuration.getEnvVarOrUserProperty("docker.host", null)))
                .filter(address -> !address.isBlank()));
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

    /** The address in words. */
    String description() {
        return configured.orElse(DEFAULT_SOCKET.toString());
    }
}
