package io.outagedrill.harness.scenario;

import java.time.Duration;

/**
 * What the in-process resolver answers for the target's hostname. {@code ttl} is how long a client may
 * cache the bad answer, so recovery after the fault clears lags by up to it (AWS 2025).
 */
public sealed interface DnsFault extends Fault {
    Duration ttl();

    record NxDomain(String id, String target, Duration ttl) implements DnsFault {
    }

    record ServFail(String id, String target, Duration ttl) implements DnsFault {
    }

    /** NOERROR with no address: the DynamoDB empty record. */
    record Empty(String id, String target, Duration ttl) implements DnsFault {
    }

    record Slow(String id, String target, Duration ttl, Duration delay) implements DnsFault {
    }

    /** Keeps answering an old address where nothing listens. */
    record Stale(String id, String target, Duration ttl) implements DnsFault {
    }
}
