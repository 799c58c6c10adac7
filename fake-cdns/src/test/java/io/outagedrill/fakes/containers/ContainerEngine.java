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
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker engine answers at " + (dockerHost != null ? dockerHost : DEFAULT_SOCKET));
        }
        return Optional.empty();
    }

    /** Whether the engine holds this image (no pull). */
    static boolean hasImage(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException absent) {
            return false;
        }
    }
}
