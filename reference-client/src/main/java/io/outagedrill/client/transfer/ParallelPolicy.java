package io.outagedrill.client.transfer;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Spreads chunks over every healthy mirror: each request goes to the usable mirror with the fewest open
 * connections, ties broken by priority. Mirrors whose failure group is under suspicion are used only when no
 * other mirror can take the request.
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
                .thenComparingInt(MirrorHealth::active)
                .thenComparingInt(m -> m.mirror().priority())
                .thenComparingInt(MirrorHealth::index));
    }
}
