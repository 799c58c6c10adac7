package io.outagedrill.client.transfer;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Spreads chunks over every healthy mirror: each request goes to the usable mirror with the fewest open
 * connections, ties broken by priority. Mirrors whose failure group is under suspicion are used only when no
 * other mirror can take the request, and a mirror whose last requests failed (its circuit's wait over, or
 * half-open) only when no mirror without failures can: otherwise two broken mirrors whose waits are shorter than
 * a request can pass a chunk back and forth while a healthy one stands idle.
 */
public final class ParallelPolicy implements FailoverPolicy {
    public static final String NAME = "parallel";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int connections(TransferConfig config) {
        return config.connections();
    }

    @Override
    public Optional<MirrorHealth> choose(List<MirrorHealth> usable, long nowNanos) {
        return usable.stream().min(Comparator
                .comparing((MirrorHealth m) -> m.demoted(nowNanos))
                .thenComparingInt(MirrorHealth::consecutiveFailures)
                .thenComparingInt(MirrorHealth::active)
                .thenComparingInt(m -> m.mirror().priority())
                .thenComparingInt(MirrorHealth::index));
    }
}
