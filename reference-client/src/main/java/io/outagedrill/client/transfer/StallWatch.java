package io.outagedrill.client.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * Relative stall detection: a connection that has delivered nothing for {@code floor} while the download's other
 * connections delivered at least {@link #PEER_CHUNKS} chunks' worth in that same time is stalled, whatever the
 * fixed stall limit says. A blackholed mirror mid-download keeps its connections open and silent; with peers at
 * hundreds of MB/s, waiting the fixed limit (seconds) for it is pure loss. The fixed limit stays the rule when
 * nobody else delivers (one mirror, or every connection slow): then there is nothing to compare with.
 *
 * <p>Needing whole chunks from the peers scales the rule to the link: on a fast link it fires after {@code floor},
 * on a slow one only once the peers could have served the idle connection's chunk twice over.
 */
final class StallWatch {
    /** Chunks the peers must deliver while one connection is idle before it counts as stalled. */
    static final int PEER_CHUNKS = 2;

    private final long floorNanos;
    private final long peerBytesNeeded;

    StallWatch(long floorNanos, long chunkSize) {
        this.floorNanos = floorNanos;
        this.peerBytesNeeded = PEER_CHUNKS * chunkSize;
    }

    /**
     * Looks at the attempts receiving now, with the download's total of bytes received so far; returns those
     * newly judged stalled (each once). Each attempt stamps its own last progress ({@link Attempt#progressed}),
     * so the judgement does not depend on how often, or how late, this is called: a watcher thread starved on a
     * busy machine once first looked after the peers had finished, and saw no peer bytes "since" at all.
     */
    List<Attempt> check(List<Attempt> live, long totalReceived, long nowNanos) {
        List<Attempt> stalled = new ArrayList<>();
        for (Attempt a : live) {
            long idle = nowNanos - a.progressNanos();
            // Nothing arrived on this attempt since its stamp, so everything received since came from its peers.
            long peers = totalReceived - a.totalAtProgress();
            if (idle >= floorNanos && peers >= peerBytesNeeded && !a.cancelled() && a.stall(describe(idle, peers))) {
                stalled.add(a);
            }
        }
        return stalled;
    }

    private static String describe(long idleNanos, long peerBytes) {
        return "no data for %d ms while the other connections received %d MiB (%s): stalled relative to its peers"
                .formatted(idleNanos / 1_000_000, peerBytes >> 20, BodyReader.rate(peerBytes / (idleNanos / 1e9)));
    }
}
