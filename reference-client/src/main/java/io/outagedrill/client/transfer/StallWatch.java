package io.outagedrill.client.transfer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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

    /** What was last seen of one attempt. */
    private static final class Seen {
        long bytes;
        long sinceNanos;
        long peersAt;
    }

    private final long floorNanos;
    private final long peerBytesNeeded;
    private final Map<Attempt, Seen> seen = new IdentityHashMap<>();

    StallWatch(long floorNanos, long chunkSize) {
        this.floorNanos = floorNanos;
        this.peerBytesNeeded = PEER_CHUNKS * chunkSize;
    }

    /**
     * Looks at the attempts in flight now, with the download's total of bytes received so far; returns those
     * newly judged stalled (each once). Attempts that ended are forgotten.
     */
    List<Attempt> check(List<Attempt> live, long totalReceived, long nowNanos) {
        seen.keySet().retainAll(new java.util.HashSet<>(live));
        List<Attempt> stalled = new ArrayList<>();
        for (Attempt a : live) {
            long bytes = a.bytes.get();
            Seen s = seen.get(a);
            if (s == null || s.bytes != bytes) {
                if (s == null) {
                    s = new Seen();
                    seen.put(a, s);
                }
                s.bytes = bytes;
                s.sinceNanos = nowNanos;
                s.peersAt = totalReceived;
                continue;
            }
            long idle = nowNanos - s.sinceNanos;
            // This attempt's bytes did not move, so everything received since came from its peers.
            long peers = totalReceived - s.peersAt;
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
