package io.outagedrill.harness.junit;

import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.cli.WorldOption;
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
    EMBEDDED(WorldOption.World.embedded),

    /**
     * nginx servers (S3Proxy where a scenario asks for it) and the fault proxy in Docker containers, from the
     * images {@code containers/prepare.sh} builds; tests are skipped where no engine or image is there.
     */
    CONTAINERS(WorldOption.World.containers);

    /** The same world as {@code --world}'s, which starts and checks it. */
    private final WorldOption.World choice;

    World(WorldOption.World choice) {
        this.choice = choice;
    }

    /**
     * The build log gets the skip line once per JVM, whichever annotation skips first; each skipped test's report
     * carries it too.
     */
    private static final AtomicBoolean SKIP_LOGGED = new AtomicBoolean();

    /** A new starter for one run. */
    WorldStarter starter() {
        return choice.starter();
    }

    /** {@code builder}'s world (no scenario) in this world; closing it stops everything it started. */
    Topology start(Topology.Builder builder) {
        return choice.start(builder);
    }

    /** Why this world cannot start here, in one line saying how to get it; empty when it can. */
    Optional<String> unavailableReason() {
        return choice.unavailableReason();
    }

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
