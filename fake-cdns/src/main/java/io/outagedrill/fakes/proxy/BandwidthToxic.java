package io.outagedrill.fakes.proxy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * {@code bandwidth}: at most {@code rate} KB/s (1 KB = 1000 bytes). Big chunks go out in 100 ms slices and the
 * sleep carries its own error forward, as Toxiproxy's does. Rate 0 stalls the stream until the toxic changes.
 */
record BandwidthToxic(long rateKbPerSecond) implements Toxic {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws IOException, InterruptedException {
        if (rateKbPerSecond <= 0) {
            context.pauseUntilStale();
            next.accept(chunk);
            return;
        }
        // rate KB/s == rate bytes/ms
        context.debtNanos += chunk.length() * 1_000_000L / rateKbPerSecond;
        long sliceBytes = rateKbPerSecond * 100;
        Chunk rest = chunk;
        while (rest.length() > sliceBytes) {
            if (!context.pause(SLICE_NANOS)) {
                next.accept(rest);
                return;
            }
            next.accept(rest.slice(0, (int) sliceBytes));
            rest = rest.slice((int) sliceBytes, rest.length());
            context.debtNanos -= SLICE_NANOS;
        }
        long start = System.nanoTime();
        context.pause(context.debtNanos);
        context.debtNanos -= System.nanoTime() - start;
        next.accept(rest);
    }
}
