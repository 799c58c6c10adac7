package io.outagedrill.fakes.proxy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** {@code slow_close}: data passes untouched; the close is passed on {@code delay} ms late. */
record SlowCloseToxic(long delayMillis) implements Toxic {
    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws IOException, InterruptedException {
        next.accept(chunk);
    }

    @Override
    public void endOfStream(ToxicContext context) throws InterruptedException {
        context.pause(TimeUnit.MILLISECONDS.toNanos(delayMillis));
    }
}
