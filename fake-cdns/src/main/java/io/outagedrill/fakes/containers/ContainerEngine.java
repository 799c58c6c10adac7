package io.outagedrill.fakes.containers;

import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine can be used, asked once per JVM. Without the engine's socket (the default one or
 * {@code DOCKER_HOST}'s) the answer is "no" at once: asking Testcontainers then would log a page of failed strategies for a
 * machine that simply has no Docker.
 */
public final class ContainerEngine {
    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    /** Testcontainers' switch for its reaper, read from the environment only. */
    public static final String RYUK_DISABLED = "TESTCONTAINERS_RYUK_DISABLED";
    private static volatile Optional<String> unavailable;

    private ContainerEngine() {
    }

    /** Empty when an engine answers; else why not, in words. */
    public static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    private static Optional<String> probe() {
        String dockerHost = System.getenv("DOCKER_HOST");
        Path socket = dockerHost == null || dockerHost.isBlank() ? DEFAULT_SOCKET
                : dockerHost.startsWith("unix://") ? Path.of(dockerHost.substring("unix://".length())) : null;
        if (socket != null && !Files.exists(socket)) {
            return Optional.of("no Docker engine reachable (no socket " + socket + ")");
        }
        if (!Boolean.parseBoolean(System.getenv(RYUK_DISABLED))) {
            // Testcontainers reads this from the environment only, and would otherwise pull its reaper's image
            // from a registry that is not reachable here; ContainerJanitor removes the containers instead.
            return Optional.of(RYUK_DISABLED + " is not set to true in the environment (./drill and the build set "
                    + "it; containers are removed by label instead of by Testcontainers' reaper)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker engine answers at " + (dockerHost != null ? dockerHost : DEFAULT_SOCKET));
        }
        return Optional.empty();
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
