package io.outagedrill.harness.run;

import io.outagedrill.client.cli.DurationConverter;
import io.outagedrill.client.transfer.TransferConfig;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A client group's {@code options} for the in-process reference client, by the same names as its command-line
 * options ({@code stall-timeout: 2s}, {@code connections: 8}); unknown names are an error naming the known ones.
 */
final class ReferenceTuning {
    private static final DurationConverter DURATION = new DurationConverter();

    private ReferenceTuning() {
    }

    static UnaryOperator<TransferConfig.Builder> from(Map<String, ?> options, long seed) {
        return builder -> {
            builder.seed(seed);
            options.forEach((key, raw) -> {
                String value = String.valueOf(raw);
                switch (key) {
                    case "connections" -> builder.connections(Integer.parseInt(value));
                    case "connections-per-mirror" -> builder.connectionsPerMirror(Integer.parseInt(value));
                    case "connect-timeout" -> builder.connectTimeout(DURATION.convert(value));
                    case "first-byte-timeout" -> builder.firstByteTimeout(DURATION.convert(value));
                    case "stall-timeout" -> builder.stallTimeout(DURATION.convert(value));
                    case "min-speed" -> builder.minSpeed(Long.parseLong(value));
                    case "speed-window" -> builder.speedWindow(DURATION.convert(value));
                    case "backoff" -> builder.backoffBase(DURATION.convert(value));
                    case "backoff-multiplier" -> builder.backoffMultiplier(Double.parseDouble(value));
                    case "jitter" -> builder.backoffJitter(Double.parseDouble(value));
                    case "retries" -> builder.maxRetriesPerMirror(Integer.parseInt(value));
                    case "max-retry-after" -> builder.maxRetryAfter(DURATION.convert(value));
                    case "max-corrupt-chunks" -> builder.maxCorruptChunks(Integer.parseInt(value));
                    case "hedging" -> builder.hedging(Boolean.parseBoolean(value));
                    case "hedge-factor" -> builder.hedgeSlowFactor(Double.parseDouble(value));
                    case "status-feeds" -> builder.statusFeeds(Boolean.parseBoolean(value));
                    case "status-feed-timeout" -> builder.statusFeedTimeout(DURATION.convert(value));
                    case "range-ignored" -> builder.rangeIgnored(TransferConfig.RangeIgnoredAction.valueOf(
                            value.toUpperCase(java.util.Locale.ROOT)));
                    default -> throw new IllegalArgumentException(("unknown option '%s' for the reference client; "
                            + "known: connections, connections-per-mirror, connect-timeout, first-byte-timeout, "
                            + "stall-timeout, min-speed, speed-window, backoff, backoff-multiplier, jitter, retries, "
                            + "max-retry-after, max-corrupt-chunks, hedging, hedge-factor, status-feeds, status-feed-timeout, "
                            + "range-ignored")
                            .formatted(key));
                }
            });
            return builder;
        };
    }
}
