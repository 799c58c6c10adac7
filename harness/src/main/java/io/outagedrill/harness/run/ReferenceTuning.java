package io.outagedrill.harness.run;

import io.outagedrill.client.EditDistance;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.client.transfer.TransferOption;
import io.outagedrill.client.transfer.TransferOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A client group's {@code options} for the in-process reference client, by the names of {@link TransferOptions}
 * (the same as the command line's: {@code stall-timeout: 2s}, {@code connections: 8}); unknown names are an error
 * naming the known ones. {@link #problems} applies the same rules when a scenario loads, so a typo is refused there
 * rather than failing every download of the run.
 */
public final class ReferenceTuning {
    /**
     * Knobs a scenario sets elsewhere: the group's {@code policy}, the run's seed, and the deadline the runner
     * derives from the scenario's timeout. An option would silently fight them.
     */
    static final Set<String> SET_BY_THE_SCENARIO = Set.of("policy", "seed", "deadline");

    /**
     * What is wrong with a group's options.
     *
     * @param option      the option's name, or null for a problem of the options taken together
     * @param unknownName whether the name is wrong (not its value)
     */
    public record Problem(String option, boolean unknownName, String message) {
    }

    private ReferenceTuning() {
    }

    /** The option names a scenario may use, in the table's order. */
    static List<String> known() {
        return TransferOptions.names().stream().filter(n -> !SET_BY_THE_SCENARIO.contains(n)).toList();
    }

    static UnaryOperator<TransferConfig.Builder> from(Map<String, ?> options, long seed) {
        return builder -> {
            builder.seed(seed);
            options.forEach((key, raw) -> option(key).set(builder, String.valueOf(raw)));
            return builder;
        };
    }

    /**
     * Every problem {@link #from} and building the configuration would meet with {@code options}: each unknown name
     * or unreadable value, by option; when each is fine, a combination the configuration refuses. Empty when the
     * options are good.
     */
    public static List<Problem> problems(Map<String, ?> options) {
        List<Problem> problems = new ArrayList<>();
        // By name: a group's options keep no file order, and messages should come out the same each time.
        new TreeMap<>(options).forEach((key, raw) -> {
            if (SET_BY_THE_SCENARIO.contains(key)) {
                problems.add(new Problem(key, true, "set by the scenario, not in options: the group's policy is its "
                        + "own field, the seed is the scenario's, and the deadline comes from the run's time limit"));
                return;
            }
            Optional<TransferOption<?>> option = usable(key);
            if (option.isEmpty()) {
                problems.add(new Problem(key, true, "unknown option for the reference client"
                        + EditDistance.closest(key, known()).map(n -> " (did you mean \"" + n + "\"?)").orElse("")
                        + "; known: " + String.join(", ", known())));
                return;
            }
            try {
                option.get().parse().apply(String.valueOf(raw));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(key, false, e.getMessage()));
            }
        });
        if (problems.isEmpty()) {
            try {
                from(options, 0).apply(TransferConfig.builder()).build();
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(null, false, e.getMessage()));
            }
        }
        return problems;
    }

    private static Optional<TransferOption<?>> usable(String key) {
        return TransferOptions.byName(key).filter(o -> !SET_BY_THE_SCENARIO.contains(o.name()));
    }

    private static TransferOption<?> option(String key) {
        return usable(key).orElseThrow(() -> new IllegalArgumentException("unknown option '%s' for the reference "
                .formatted(key) + "client; known: " + String.join(", ", known())));
    }
}
