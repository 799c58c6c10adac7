package io.outagedrill.fakes.dns;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FaultyResolver} answers for one host name instead of the truth. Each kind is one real
 * incident's DNS symptom (see ../shared/reference/outages.md): a client must tell "no such name" from
 * "the name server failed", and must not hang on a slow answer forever.
 */
public sealed interface DnsFault {

    /** The name does not exist (RCODE 3): a provider's record deleted, or a typo in a manifest. */
    record NxDomain() implements DnsFault {
    }

    /**
     * The name server failed to answer (RCODE 2): Akamai Edge DNS, 2021-07-22. A failure of the provider's
     * DNS, not a statement that the name is gone, so it is never cached.
     */
    record ServFail() implements DnsFault {
    }

    /**
     * The name exists but has no address records (NOERROR, empty answer): AWS us-east-1's DynamoDB name,
     * 2025-10-20. Cached like any negative answer, so recovery waits for the TTL.
     */
    record EmptyAnswer() implements DnsFault {
    }

    /**
     * The true answer, but only after {@code delay} (bounded by {@link #MAX_DELAY}, so no test hangs on
     * it). Clearing or replacing the fault releases every waiting lookup at once.
     */
    record Slow(Duration delay) implements DnsFault {
        public static final Duration MAX_DELAY = Duration.ofMinutes(5);

        public Slow {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
                throw new IllegalArgumentException("delay: expected 0 to " + MAX_DELAY + ", was " + delay);
            }
        }

        public static Slow ofMillis(long millis) {
            return new Slow(Duration.ofMillis(millis));
        }
    }
}
