package io.outagedrill.maven;

import io.outagedrill.fakes.containers.ContainerEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the containers world needs in the environment of the JVM it runs in, and that a Maven goal cannot give
 * itself: Testcontainers reads both switches from the environment only (no system property), and a running JVM
 * cannot change its own environment. {@code ./drill} exports them; under Maven the user does, before {@code mvn}.
 */
final class TestcontainersEnvironment {
    /** The host Testcontainers reaches containers at: with host networking, the loopback. */
    static final String HOST_OVERRIDE = "TESTCONTAINERS_HOST_OVERRIDE";
    /** What a CI script puts before {@code mvn}, as {@code ./drill} sets them. */
    static final String EXPORT = "export " + ContainerEngine.RYUK_DISABLED + "=true " + HOST_OVERRIDE + "=127.0.0.1";

    private TestcontainersEnvironment() {
    }

    /** Empty when {@code environment} has both settings; otherwise what is missing and the line that fixes it. */
    static Optional<String> problem(Map<String, String> environment) {
        List<String> missing = new ArrayList<>();
        if (!Boolean.parseBoolean(environment.get(ContainerEngine.RYUK_DISABLED))) {
            // Without it Testcontainers pulls its reaper's image; the project removes containers by label instead.
            missing.add(ContainerEngine.RYUK_DISABLED + "=true");
        }
        String host = environment.get(HOST_OVERRIDE);
        if (host == null || host.isBlank()) {
            // Without it Testcontainers, inside a container itself, looks for a bridge network's gateway.
            missing.add(HOST_OVERRIDE + "=127.0.0.1");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the environment lacks " + String.join(" and ", missing) + " (Testcontainers reads them "
                + "from the environment only, which a Maven goal cannot set for its own JVM): run `" + EXPORT
                + "` before mvn (docs/containers.md)");
    }
}
