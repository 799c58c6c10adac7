package io.outagedrill.client.transfer;

import java.util.List;
import java.util.random.RandomGenerator;

/** The built-in failover policies by name, as the CLI, config files and reports spell them. */
public final class Policies {
    public static final List<String> NAMES = List.of(SequentialPolicy.NAME, ParallelPolicy.NAME, AdaptivePolicy.NAME);

    private Policies() {
    }

    /** A fresh policy for one download; throws with the list of known names for an unknown one. */
    public static FailoverPolicy create(String name, RandomGenerator random) {
        return switch (name) {
            case SequentialPolicy.NAME -> new SequentialPolicy();
            case ParallelPolicy.NAME -> new ParallelPolicy();
            case AdaptivePolicy.NAME -> new AdaptivePolicy(random);
            default -> throw new IllegalArgumentException(
                    "unknown failover policy '%s'; expected one of %s".formatted(name, String.join(", ", NAMES)));
        };
    }
}
