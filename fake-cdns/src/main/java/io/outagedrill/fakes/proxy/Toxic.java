package io.outagedrill.fakes.proxy;

import java.io.IOException;

/**
 * One kind of fault, Toxiproxy style: an immutable set of attributes plus behaviour. A toxic acts on one
 * direction of one connection at a time through a {@link ToxicContext}, which carries the per-connection
 * state (timers, counters, random source) and knows when the toxic was updated or removed.
 */
sealed interface Toxic
        permits LatencyToxic, BandwidthToxic, SlowCloseToxic, TimeoutToxic, ResetPeerToxic, SlicerToxic,
        LimitDataToxic, NoopToxic, CorruptToxic {

    /** Handles one chunk: passes it (or what survives) to {@code next}, possibly later, possibly in pieces. */
    void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws IOException, InterruptedException;

    /**
     * Chunks this toxic may hold in flight beyond the link's own few (Toxiproxy's {@code BufferedToxic}): a toxic
     * that holds each chunk for a while without slowing the stream needs room for all it holds, or it caps the
     * link's bandwidth at that room over its delay. None by default: the reader then feels a slow toxic at once,
     * as a slow network's sender would.
     */
    default int bufferChunks() {
        return 0;
    }

    /** The toxic starts acting on a live connection (added, updated, or the connection just opened). */
    default void start(ToxicContext context) {
    }

    /** The toxic was removed while the connection is open (Toxiproxy's CleanupToxic). */
    default void cleanup(ToxicContext context) {
    }

    /** The source half-closed; runs before the proxy half-closes the other side. */
    default void endOfStream(ToxicContext context) throws InterruptedException {
    }
}
