package io.outagedrill.fakes.dns;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.outagedrill.fakes.cdn.LoopbackAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a {@link FaultyResolver} answers for one host name instead of the truth. Each kind is one real
 * incident's DNS symptom (named on each kind below): a client must tell "no such name" from
 * "the name server failed", and must not hang on a slow answer forever. Faults are data, with a JSON
 * {@code type} name like {@link io.outagedrill.fakes.http.FaultRule}, so scenario files can name them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DnsFault.NxDomain.class, name = "nxdomain"),
        @JsonSubTypes.Type(value = DnsFault.ServFail.class, name = "servfail"),
        @JsonSubTypes.Type(value = DnsFault.EmptyAnswer.class, name = "empty-answer"),
        @JsonSubTypes.Type(value = DnsFault.Slow.class, name = "slow"),
        @JsonSubTypes.Type(value = DnsFault.Stale.class, name = "stale"),
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

    /**
     * An old address where nothing listens: a provider moved and its resolvers (or its clients) still hand out
     * where it used to be. Connections are refused. The TTL cache makes it stale for real: a client that asked
     * while the fault was on keeps the dead address until the TTL passes, whether or not the fault is cleared.
     *
     * @param address a loopback literal; null (absent in JSON) means {@link LoopbackAddresses#unused()}, which
     *                no fake ever binds
     */
    record Stale(String address) implements DnsFault {
        public Stale {
            address = address == null ? LoopbackAddresses.unused().getHostAddress() : address;
            if (!asInetAddress(address).isLoopbackAddress()) {
                throw new IllegalArgumentException("address: expected a loopback address literal, was " + address);
            }
        }

        public Stale() {
            this(null);
        }

        /** The address the resolver answers. */
        public InetAddress inetAddress() {
            return asInetAddress(address);
        }

        private static InetAddress asInetAddress(String literal) {
            // Only literals: a name here would be resolved by the real DNS, which a fake never asks.
            if (!literal.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
                throw new IllegalArgumentException("address: expected an address literal, was " + literal);
            }
            try {
                return InetAddress.getByName(literal);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("address: not an address literal: " + literal, e);
            }
        }
    }
}
