package io.outagedrill.control;

/**
 * One mirror's standing in the routing table: its streaks of failed and healthy probes and whether it is
 * demoted. Not thread-safe; {@link RoutingTable} owns it.
 */
final class MirrorStanding {
    int failures;
    int successes;
    boolean demoted;
    boolean wrongBytes;
    String reason = "";
    /**
     * The chunk it was caught serving wrong bytes for, asked for again each round until it serves it right; -1 for
     * none (or not known, after a restart).
     */
    int wrongChunk = -1;
    /** The provider's status page admits a major outage (the last time it was read). */
    boolean statusAdmitsOutage;

    /** The rank used to order mirrors: healthy 0, demoted 1, serving wrong bytes 2. */
    int rank() {
        return wrongBytes ? 2 : demoted ? 1 : 0;
    }
}
