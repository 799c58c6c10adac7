package io.outagedrill.fakes.dns;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How a {@link FaultyResolver} answers for one host name instead of the truth. Each kind is one real
 * incident's DNS symptom (see ../shared/reference/outages.md): a client must tell "no such name" from
 * "the name server failed", and must not hang on a slow answer forever. Faults are data, with a JSON
 * {@code type} name like {@link io.outagedrill.fakes.http.FaultRule}, so scenario files can name them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DnsFault.NxDomain.class, name = "nxdomain"),
        @JsonSubTypes.Type(value = DnsFault.ServFail.class, name = "servfail"),
        @JsonSubTypes.Type(value = DnsFault.EmptyAnswer.class, name = "empty-answer"),
        @JsonSubTypes.Type(value = DnsFault.Slow.class, name = "slow"),
})
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
     * The true answer, but only after {@code delayMillis} (at most {@link #MAX_DELAY_MILLIS}, so no test
     * hangs on it). Clearing or replacing the fault releases every waiting lookup at once.
     */
    record Slow(long delayMillis) implements DnsFault {
        public static final long MAX_DELAY_MILLIS = 5 * 60_000;

        public Slow {
            if (delayMillis < 0 || delayMillis > MAX_DELAY_MILLIS) {
                throw new IllegalArgumentException(
                        "delayMillis: expected 0 to " + MAX_DELAY_MILLIS + ", was " + delayMillis);
            }
        }
    }
}
