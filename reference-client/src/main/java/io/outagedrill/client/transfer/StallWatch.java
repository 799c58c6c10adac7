package io.outagedrill.client.transfer;

import io.outagedrill.client.transfer.http.BodyReader;
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
 *
 * <p>Two phases are judged. A body that stops mid-stream is judged after {@code floor}. A request still waiting
 * for its response headers (connect, TLS handshake, the server's first byte) is weaker evidence, so it is judged
 * only on a mirror that has already served in this download, and after the longer of {@code floor} and
 * {@link #HEADER_TTFB_MULTIPLE} times that mirror's average time to first byte: a mirror that served and then froze
 * (takes new connections, answers none) is caught as fast as a frozen body, while a mirror whose first bytes are
 * known to be slow (a cold CDN edge fetching from its origin) is given a wait in proportion, and a mirror's very
 * first answer is left to the first-byte limit: on a busy machine a first TLS handshake alone took over 500 ms while
 * another mirror's warm connection delivered 17 MiB, and cutting it moved chunks for nothing.
 *
 * <p>The chunk at the frontier of the verified prefix (the first not yet verified) is judged at half the floor:
 * see {@link #FRONTIER_FLOOR_DIVISOR}.
 *
 * <p>Silence is the mirror's only when nothing it sent waits unread: a connection whose thread has fallen behind
 * (unscheduled on a busy machine, or writing to a slow disk) is neither cut nor taken over ({@link #readerBehind}).
 */
final class StallWatch {
    /** Chunks the peers must deliver while one connection is idle before it counts as stalled. */
    static final int PEER_CHUNKS = 2;
    /**
     * A header wait is stalled only past this many times the mirror's average time to first byte. Four: an edge
     * whose first bytes vary by 2-3x around their mean (a cold cache now and then) is not cut for it.
     */
    static final int HEADER_TTFB_MULTIPLE = 4;
    /**
     * Nor before twice the slowest first byte it has shown: a mirror whose first connection took 400 ms to answer
     * on a busy machine (a TLS handshake, then the headers) may take that again on its next new connection, while
     * its average is pulled down by answers on warm ones. The scenario suite on a loaded machine cut two healthy
     * mirrors' header waits of 762 and 886 ms by the average alone.
     */
    static final int HEADER_SLOWEST_MULTIPLE = 2;
    /**
     * The attempt on the frontier chunk (the first not yet verified) is judged at the floor divided by this, on a
     * mirror whose first-byte time is known (see {@link #bodyFloorNanos}). The whole-file hash follows the
     * verified prefix, so while that chunk waits, every chunk verified after it waits to be hashed too, and once it
     * comes the hash has a backlog to clear, which on a small machine takes its CPU from the download: in the peers
     * bench, a mirror frozen with the frontier chunk on it let 300 to 410 MiB be verified beyond it before it was cut
     * at 500 ms and the chunk came from elsewhere, and the download's rate then fell by half for a second while the
     * hash caught up. A cut that is wrong is not free (the mirror's circuit opens, it backs off and must answer a
     * 1-byte request before it gets more; its bytes are kept for the next mirror), so the halved floor never goes
     * below what a lost packet costs.
     */
    static final int FRONTIER_FLOOR_DIVISOR = 2;
    /**
     * A healthy TCP connection falls silent after a lost packet until its retransmission timer fires: at least
     * 200 ms on Linux (TCP_RTO_MIN), then a round trip for the resent data. The frontier's floor stays above this
     * plus twice the mirror's average first-byte time, which bounds its round trip from above.
     */
    static final long RETRANSMIT_NANOS = 200_000_000L;
    /**
     * The frontier chunk's attempt is taken over by another connection ({@link ChunkAssigner#takeOver}) once it has
     * been silent for the floor divided by this while its peers delivered a chunk. Sooner than any cut: a takeover
     * blames nobody and costs at most one chunk fetched twice, and each 100 ms the whole-file hash waits lets some
     * 60-75 MiB pile up behind it on a 2-core machine (the peers bench, a frozen mirror holding the frontier).
     */
    static final int TAKEOVER_FLOOR_DIVISOR = 4;
    /**
     * Nor sooner than this, whatever the floor: on a busy machine a healthy connection's thread can go unscheduled,
     * or wait out a garbage collection, for tens of milliseconds, and a takeover for that fetches a chunk twice.
     */
    static final long TAKEOVER_MIN_NANOS = 100_000_000L;
    /**
     * A mirror that has gone on after a silence (a server pacing its sending in bursts: nginx's {@code limit_rate}
     * paused 267 ms at a time at 4 MB/s) is allowed twice its longest such silence before a cut, and that silence
     * before a takeover, but never more than this many floors: with two of three mirrors paced so, 4 connections cut
     * them 5 to 8 times a download and 2 connections 16 to 21 times, each cut a chunk fetched again (a tenth of the
     * file) for no time gained. Reads on an unpaced mirror on loopback go silent for far less, so a mirror that
     * freezes is still cut at the floor.
     */
    static final int PACING_FLOORS_MAX = 4;
    static final int PACING_MULTIPLE = 2;

    private final long floorNanos;
    private final long peerBytesNeeded;

    StallWatch(long floorNanos, long chunkSize) {
        this.floorNanos = floorNanos;
        this.peerBytesNeeded = PEER_CHUNKS * chunkSize;
    }

    /**
     * Looks at the attempts waiting for headers or receiving now, with the first chunk not yet verified
     * ({@code frontier}) and the download's total of bytes received so far; returns those newly judged stalled
     * (each once). Each attempt stamps its own last progress
     * ({@link Attempt#progressed}), so the judgement does not depend on how often, or how late, this is called: a
     * watcher thread starved on a busy machine once first looked after the peers had finished, and saw no peer
     * bytes "since" at all.
     */
    List<Attempt> check(List<Attempt> live, int frontier, long totalReceived, long nowNanos) {
        List<Attempt> stalled = new ArrayList<>();
        for (Attempt a : live) {
            if (!a.phase.judged()) {
                // Nothing sent yet, headers being checked, or a whole-file stream (its count says nothing alone).
                continue;
            }
            boolean body = a.phase == Attempt.Phase.RECEIVING;
            long idle = nowNanos - a.progressNanos();
            // Nothing arrived on this attempt since its stamp, so everything received since came from its peers.
            long peers = totalReceived - a.totalAtProgress();
            // The headers awaited are those of the mirror the call went to: after a redirect, the target's. An
            // attempt taken over was on the frontier, and is judged as it was.
            boolean atFrontier = a.chunk == frontier || a.superseded();
            long floor = body ? bodyFloorNanos(a.awaiting(), atFrontier) : headerFloorNanos(a.awaiting(), atFrontier);
            if (idle >= floor && peers >= peerBytesNeeded && !a.cancelled() && !readerBehind(a)
                    && a.stall(describe(body, idle, peers))) {
                stalled.add(a);
            }
        }
        return stalled;
    }

    /**
     * The attempt on the frontier chunk ({@code frontier}, the first not yet verified) when it is due to be taken
     * over: receiving or awaiting headers on a mirror that has served (its first-byte time known), not a hedge,
     * silent for a quarter of the floor ({@link #TAKEOVER_FLOOR_DIVISOR}) while its peers received a chunk's worth,
     * and not ended or taken over already; null otherwise. Whether the chunk may move is the assigner's to say
     * ({@link ChunkAssigner#canTakeOver}).
     */
    Attempt takeoverDue(List<Attempt> live, int frontier, long totalReceived, long nowNanos) {
        for (Attempt a : live) {
            if (a.chunk != frontier || !a.phase.judged() || a.hedge || a.queued || a.superseded()
                    || a.cancelled()
                    || a.stalledReason() != null || Double.isNaN(a.awaiting().timeToFirstByteMillis())) {
                continue;
            }
            long idle = nowNanos - a.progressNanos();
            long peers = totalReceived - a.totalAtProgress();
            if (idle >= takeoverFloorNanos(a) && peers >= peerBytesNeeded / PEER_CHUNKS && !readerBehind(a)) {
                return a;
            }
        }
        return null;
    }

    /**
     * Whether {@code a}'s silence is its reader's, not its mirror's: bytes the mirror sent wait unread in its
     * connection. On a machine whose cores are busy (a build beside the download, a fleet of simulated clients) a
     * connection's thread can go unscheduled for longer than the floor while its peers' threads run, and a thread
     * writing to a slow disk reads nothing meanwhile; either way the mirror delivered, and cutting it would open its
     * circuit, back it off and fetch its chunk again elsewhere. Asked only of an attempt otherwise due, so the
     * kernel is asked rarely.
     */
    private static boolean readerBehind(Attempt a) {
        return a.waitingUnread() > 0;
    }

    /**
     * The silence after which {@code a} is taken over: a quarter of the floor but at least
     * {@link #TAKEOVER_MIN_NANOS}, for a body no less than the longest silence its mirror has gone on from (at most
     * the floor: a pacing mirror's rhythm), and for a wait for headers no less than
     * twice the mirror's average first byte and its slowest (a cold edge that is known to answer late is not taken
     * over for doing so once more).
     */
    private long takeoverFloorNanos(Attempt a) {
        long floor = Math.max(TAKEOVER_MIN_NANOS, floorNanos / TAKEOVER_FLOOR_DIVISOR);
        if (a.phase != Attempt.Phase.AWAITING_HEADERS) {
            return Math.max(floor, Math.min(a.awaiting().longestResumedGapNanos(), floorNanos));
        }
        MirrorHealth mirror = a.awaiting();
        double millis = Math.max(2 * mirror.timeToFirstByteMillis(), mirror.slowestTimeToFirstByteMillis());
        return Math.max(floor, (long) (millis * 1e6));
    }

    /**
     * How long a body from {@code mirror} may stay silent: the floor, or for the frontier chunk half of it, but no
     * less than a retransmission after a lost packet ({@link #RETRANSMIT_NANOS} plus twice the mirror's average first
     * byte), and the whole floor while that first-byte time is unknown (its first chunk); for a mirror that paces its
     * sending, no less than twice its longest silence gone on from ({@link #PACING_MULTIPLE}, at most
     * {@link #PACING_FLOORS_MAX} floors).
     */
    long bodyFloorNanos(MirrorHealth mirror, boolean atFrontier) {
        long pacing = Math.min(PACING_MULTIPLE * mirror.longestResumedGapNanos(), PACING_FLOORS_MAX * floorNanos);
        double ttfbMillis = mirror.timeToFirstByteMillis();
        if (!atFrontier || Double.isNaN(ttfbMillis)) {
            return Math.max(floorNanos, pacing);
        }
        long retransmit = RETRANSMIT_NANOS + (long) (2 * ttfbMillis * 1e6);
        return Math.max(pacing, Math.min(floorNanos, Math.max(floorNanos / FRONTIER_FLOOR_DIVISOR, retransmit)));
    }

    /**
     * The wait for headers judged stalled on {@code mirror}: the body's floor ({@link #bodyFloorNanos}), or more for
     * a mirror known to be slow (four times its average first byte, twice its slowest); {@code Long.MAX_VALUE}
     * (never) before it has served, when there is no wait of its own to compare with.
     */
    long headerFloorNanos(MirrorHealth mirror, boolean atFrontier) {
        double ttfbMillis = mirror.timeToFirstByteMillis();
        if (Double.isNaN(ttfbMillis)) {
            return Long.MAX_VALUE;
        }
        double slowestMillis = mirror.slowestTimeToFirstByteMillis();
        return Math.max(bodyFloorNanos(mirror, atFrontier), (long) (Math.max(HEADER_TTFB_MULTIPLE * ttfbMillis,
                HEADER_SLOWEST_MULTIPLE * slowestMillis) * 1e6));
    }

    private static String describe(boolean body, long idleNanos, long peerBytes) {
        return "%s for %d ms while the other connections received %d MiB (%s): stalled relative to its peers"
                .formatted(body ? "no data" : "no response headers", idleNanos / 1_000_000, peerBytes >> 20,
                        BodyReader.rate(peerBytes / (idleNanos / 1e9)));
    }
}
