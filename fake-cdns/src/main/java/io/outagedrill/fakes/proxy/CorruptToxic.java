package io.outagedrill.fakes.proxy;

import java.io.IOException;

/**
 * {@code corrupt} (Outage Drill extension; a real Toxiproxy answers "invalid toxic type"): flips one bit in a
 * byte with {@code probability} (0..1, default 1) for bytes whose position in the stream lies in the window
 * [{@code offset}, {@code offset + length}) ({@code length} 0 = to the end of the stream). The random source is
 * seeded with {@code seed} per connection and drawn once per eligible byte in stream order, so the same seed and
 * the same bytes give the same flips however the stream was chunked.
 */
record CorruptToxic(double probability, long offset, long length, long seed) implements Toxic {
    @Override
    public void start(ToxicContext context) {
        if (context.corruptRandom == null) {
            context.corruptRandom = new java.util.Random(seed);
        }
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws IOException, InterruptedException {
        long first = Math.max(chunk.streamOffset(), offset);
        long windowEnd = length <= 0 ? Long.MAX_VALUE : offset + length;
        long last = Math.min(chunk.streamOffset() + chunk.length(), windowEnd);
        java.util.Random random = context.corruptRandom;
        byte[] data = chunk.data();
        for (long position = first; position < last; position++) {
            if (probability >= 1.0 || random.nextDouble() < probability) {
                int index = chunk.offset() + (int) (position - chunk.streamOffset());
                data[index] ^= (byte) (1 << random.nextInt(8));
            }
        }
        next.accept(chunk);
    }
}
