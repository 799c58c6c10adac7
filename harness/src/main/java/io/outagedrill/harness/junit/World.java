package io.outagedrill.harness.junit;

import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.containers.ContainersWorld;
import io.outagedrill.harness.run.WorldStarter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/**
 * Where an {@link OutageScenario}'s or a {@link FakeWorld}'s providers and fault proxy live: the same two worlds as
 * {@code drill run --world embedded|containers}, started by the same {@link WorldStarter}s.
 */
public enum World {
    /** Fake servers and the fault proxy in the test's JVM (the default). */
    EMBEDDED {
        @Override
        WorldStarter starter() {
            return WorldStarter.EMBEDDED;
        }

        @Override
        Topology start(Topology.Builder builder) {
            return builder.start();
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
        Topology start(Topology.Builder builder) {
            return ContainersWorld.start(builder);
        }

        @Override
        Optional<String> unavailableReason() {
            return ContainersWorld.unavailableReason();
        }
    };

    /**
     * The build log gets the skip line once per JVM, whichever annotation skips first; each skipped test's report
     * carries it too.
     */
    private static final AtomicBoolean SKIP_LOGGED = new AtomicBoolean();

    /** A new starter for one run. */
    abstract WorldStarter starter();

    /** {@code builder}'s world (no scenario) in this world; closing it stops everything it started. */
    abstract Topology start(Topology.Builder builder);

    /** Why this world cannot start here, in one line saying how to get it; empty when it can. */
    abstract Optional<String> unavailableReason();

    /**
     * Aborts the test or class in progress, as a failed assumption does, with one line saying how to get this
     * world when it cannot start here ({@code WHAT skipped, the containers world is unavailable: REASON}); does
     * nothing when it can. Called from a callback, never a parameter resolver: JUnit reports an abort there as a
     * failure.
     */
    void skipUnlessAvailable(String what) {
        unavailableReason().ifPresent(reason -> {
            String line = "%s skipped, the %s world is unavailable: %s".formatted(what,
                    name().toLowerCase(Locale.ROOT), reason);
            if (SKIP_LOGGED.compareAndSet(false, true)) {
                System.err.println(line);
            }
            Assumptions.abort(line);
        });
    }
}
