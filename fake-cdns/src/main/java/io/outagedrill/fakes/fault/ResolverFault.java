package io.outagedrill.fakes.fault;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.outagedrill.fakes.dns.DnsFault;

import java.time.Duration;
import java.util.Objects;

/**
 * What the in-process resolver answers for the target's hostname ({@link DnsFault}). {@code ttlMillis} is how long a
 * client may cache the bad answer, so recovery after the fault clears lags by up to it (AWS 2025).
 */
public record ResolverFault(String id, String target, long ttlMillis, DnsFault answer) implements Fault {
    public ResolverFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
        Objects.requireNonNull(answer, "answer: required, e.g. {\"type\": \"nxdomain\"}");
        if (ttlMillis < 0) {
            throw new IllegalArgumentException("ttlMillis must not be negative, was " + ttlMillis);
        }
    }

    public ResolverFault(String id, String target, Duration ttl, DnsFault answer) {
        this(id, target, ttl.toMillis(), answer);
    }

    @JsonIgnore
    public Duration ttl() {
        return Duration.ofMillis(ttlMillis);
    }

    @Override
    public String kind() {
        return "dns." + switch (answer) {
            case DnsFault.NxDomain n -> "nxdomain";
            case DnsFault.ServFail s -> "servfail";
            case DnsFault.EmptyAnswer e -> "empty";
            case DnsFault.Slow s -> "slow";
            case DnsFault.Stale s -> "stale";
        };
    }
}
