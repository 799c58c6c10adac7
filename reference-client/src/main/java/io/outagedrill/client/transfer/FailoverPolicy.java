package io.outagedrill.client.transfer;

import java.util.List;
import java.util.Optional;

/**
 * Decides which mirror serves the next request. The engine owns everything else that keeps a download safe
 * (verification, blame, backoff, circuits, replacing broken connections), so policies differ only in how they
 * spread work, and can be compared on equal terms. One instance serves one download; it may keep state.
 */
public interface FailoverPolicy {

    /** The name used on the command line and in reports. */
    String name();

    /** How many connections this policy opens for one download. */
    int connections(TransferConfig config);

    /**
     * Picks a mirror for a request.
     *
     * @param usable mirrors that may take a request now (not abandoned, circuit admits, below the per-mirror
     *               limit, not blamed for this chunk), in manifest priority order; never empty
     * @param nowNanos the engine's clock, for {@link MirrorHealth#demoted}
     */
    Optional<MirrorHealth> choose(List<MirrorHealth> usable, long nowNanos);

    /** Whether slow chunks at the tail of a download are raced on a faster mirror. */
    default boolean hedges(TransferConfig config) {
        return false;
    }
}
