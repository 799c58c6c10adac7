package io.outagedrill.client.transfer;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, per mirror: {@code base * multiplier^(failures-1)}, spread by +/- jitter so
 * that many clients that failed together do not come back together (the thundering herd), and never shorter
 * than a server's {@code Retry-After} (capped).
 */
final class Backoff {
    private final Duration base;
    private final double multiplier;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    Backoff(TransferConfig config, RandomGenerator random) {
        this.base = config.backoffBase();
        this.multiplier = config.backoffMultiplier();
        this.jitter = config.backoffJitter();
        this.maxRetryAfter = config.maxRetryAfter();
        this.random = random;
    }

    /** The wait after the {@code consecutiveFailures}-th failure in a row (1 for the first). */
    Duration delay(int consecutiveFailures, Optional<Duration> retryAfter) {
        double nanos = base.toNanos() * Math.pow(multiplier, Math.max(0, consecutiveFailures - 1));
        if (jitter > 0) {
            double spread;
            synchronized (random) {
                spread = random.nextDouble(-jitter, jitter);
            }
            nanos *= 1 + spread;
        }
        Duration computed = Duration.ofNanos((long) nanos);
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
            return asked.compareTo(computed) > 0 ? asked : computed;
        }
        return computed;
    }
}
