package io.outagedrill.client.transfer;

import java.util.List;
import java.util.Optional;

/**
 * The simplest multi-mirror loop: one connection, one mirror at a time in priority order. It stays on a mirror until
 * that mirror fails, then moves to the next one (wrapping around once the others are spent). The baseline the
 * other policies are compared with.
 */
public final class SequentialPolicy implements FailoverPolicy {
    public static final String NAME = "sequential";

    private MirrorHealth current;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int connections(TransferConfig config) {
        return 1;
    }

    @Override
    public synchronized Optional<MirrorHealth> choose(List<MirrorHealth> usable, long nowNanos) {
        if (current != null && usable.contains(current)) {
            return Optional.of(current);
        }
        MirrorHealth next = usable.getFirst();
        if (current != null) {
            // The next mirror after the one that failed, in manifest order, not the first again.
            for (MirrorHealth candidate : usable) {
                if (candidate.index() > current.index()) {
                    next = candidate;
                    break;
                }
            }
        }
        current = next;
        return Optional.of(current);
    }
}
