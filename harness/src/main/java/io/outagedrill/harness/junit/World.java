package io.outagedrill.harness.junit;

import io.outagedrill.harness.containers.ContainersWorld;
import io.outagedrill.harness.run.WorldStarter;
import java.util.Optional;

/**
 * Where an {@link OutageScenario}'s providers and fault proxy live: the same two worlds as {@code drill run
 * --world embedded|containers}, started by the same {@link WorldStarter}s.
 */
public enum World {
    /** Fake servers and the fault proxy in the test's JVM (the default). */
    EMBEDDED {
        @Override
        WorldStarter starter() {
            return WorldStarter.EMBEDDED;
        }

        @Override
        Optional<String> unavailableReason() {
            return Optional.empty();
        }
    },

    /**
     * nginx servers (S3Proxy where a scenario asks for it) and the fault proxy in Docker containers, from the
     * images {@code containers/prepare.sh} builds; tests are skipped where no engine or image is there.
     */
    CONTAINERS {
        @Override
        WorldStarter starter() {
            return new ContainersWorld();
        }

        @Override
        Optional<String> unavailableReason() {
            return ContainersWorld.unavailableReason();
        }
    };

    /** A new starter for one run. */
    abstract WorldStarter starter();

    /** Why this world cannot start here, in one line saying how to get it; empty when it can. */
    abstract Optional<String> unavailableReason();
}
