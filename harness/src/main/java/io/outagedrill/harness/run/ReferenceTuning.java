package io.outagedrill.harness.run;

import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.client.transfer.TransferOption;
import io.outagedrill.client.transfer.TransferOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A client group's {@code options} for the in-process reference client, by the names of {@link TransferOptions}
 * (the same as the command line's: {@code stall-timeout: 2s}, {@code connections: 8}); unknown names are an error
 * naming the known ones.
 */
final class ReferenceTuning {
    /**
     * Knobs a scenario sets elsewhere: the group's {@code policy}, the run's seed, and the deadline the runner
     * derives from the scenario's timeout. An option would silently fight them.
     */
    static final Set<String> SET_BY_THE_SCENARIO = Set.of("policy", "seed", "deadline");

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

    private static TransferOption<?> option(String key) {
        return TransferOptions.byName(key).filter(o -> !SET_BY_THE_SCENARIO.contains(o.name()))
                .orElseThrow(() -> new IllegalArgumentException("unknown option '%s' for the reference client; "
                        .formatted(key) + "known: " + String.join(", ", known())));
    }
}
