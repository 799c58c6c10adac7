package io.outagedrill.fakes.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code slicer}: cuts each chunk into pieces of about {@code average_size} ± {@code size_variation} bytes with
 * {@code delay} MICROseconds between them, splitting in halves recursively like Toxiproxy so that no piece size
 * is favoured at the start or end.
 */
record SlicerToxic(int averageSize, int sizeVariation, long delayMicros) implements Toxic {
    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws IOException, InterruptedException {
        List<Integer> cuts = new ArrayList<>();
        cut(0, chunk.length(), context, cuts);
        for (int i = 1; i < cuts.size(); i += 2) {
            next.accept(chunk.slice(cuts.get(i - 1), cuts.get(i)));
            if (i + 1 < cuts.size() && !context.pause(TimeUnit.MICROSECONDS.toNanos(delayMicros))) {
                next.accept(chunk.slice(cuts.get(i), chunk.length())); // changed meanwhile: the rest at once
                return;
            }
        }
    }

    private void cut(int start, int end, ToxicContext context, List<Integer> cuts) {
        int average = Math.max(1, averageSize); // 0 would never stop splitting
        if ((end - start) - average <= sizeVariation) {
            cuts.add(start);
            cuts.add(end);
            return;
        }
        int variation = sizeVariation > 0 ? context.random().nextInt(sizeVariation * 2) - sizeVariation : 0;
        int mid = Math.min(end - 1, Math.max(start + 1, start + (end - start) / 2 + variation));
        cut(start, mid, context, cuts);
        cut(mid, end, context, cuts);
    }
}
