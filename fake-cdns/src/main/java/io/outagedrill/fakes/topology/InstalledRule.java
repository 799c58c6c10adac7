package io.outagedrill.fakes.topology;

import java.util.function.LongSupplier;

/**
 * An HTTP fault rule put on one provider's server ({@link Topology#addHttpFault}): how to take it off, and how often
 * it has acted, so a run can tell a fault that no request ever met from one that was met and survived.
 *
 * @param remover takes the rule off (idempotent)
 * @param counter responses the rule acted on so far; null where the server acting it out counts none (nginx or
 *                Varnish in a container)
 */
public record InstalledRule(Runnable remover, LongSupplier counter) {
    /** {@link #acted()} when nothing counts. */
    public static final long UNCOUNTED = -1;

    /** A rule a real server acts out, which tells nobody how often it did. */
    static InstalledRule uncounted(Runnable remover) {
        return new InstalledRule(remover, null);
    }

    public void clear() {
        remover.run();
    }

    /** Responses the rule acted on so far, or {@link #UNCOUNTED}. */
    public long acted() {
        return counter == null ? UNCOUNTED : counter.getAsLong();
    }
}
