package io.outagedrill.fakes.proxy;

import java.util.concurrent.TimeUnit;

/**
 * {@code reset_peer}: on the first data after it takes effect, drops that data, waits {@code timeout} ms and
 * resets the connection: SO_LINGER 0, so the peer gets a TCP RST ("Connection reset") instead of a FIN.
 * Like Toxiproxy it waits for data, so a silent connection is never reset.
 */
record ResetPeerToxic(long timeoutMillis) implements Toxic {
    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws InterruptedException {
        context.sleep(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        context.resetConnection();
    }
}
