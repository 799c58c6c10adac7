package io.outagedrill.fakes.proxy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** {@code latency}: each chunk leaves {@code latency} ms (± {@code jitter} ms) after the proxy read it. */
record LatencyToxic(long latencyMillis, long jitterMillis) implements Toxic {
    /**
     * Toxiproxy's latency toxic buffers 1024 chunks so that latency delays the stream without capping its rate:
     * with only the link's own 16 chunks of 64 KiB, 1 s of latency held a download to about 1 MiB/s.
     */
    static final int BUFFER_CHUNKS = 1024;

    @Override
    public int bufferChunks() {
        return BUFFER_CHUNKS;
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws IOException, InterruptedException {
        long delay = latencyMillis;
        if (jitterMillis > 0) {
            // Toxiproxy: latency + rand(2*jitter) - jitter
            delay += context.random().nextLong(jitterMillis * 2) - jitterMillis;
        }
        long due = chunk.readNanos() + TimeUnit.MILLISECONDS.toNanos(delay);
        // Interrupted by an update or removal: deliver now rather than drop data (as Toxiproxy does).
        context.pause(due - System.nanoTime());
        next.accept(chunk);
    }
}
