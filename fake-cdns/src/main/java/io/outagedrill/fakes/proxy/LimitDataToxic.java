package io.outagedrill.fakes.proxy;

import java.io.IOException;

/** {@code limit_data}: lets {@code bytes} bytes through (counted across updates), then closes the connection. */
record LimitDataToxic(long bytes) implements Toxic {
    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws IOException, InterruptedException {
        long remaining = Math.max(0, bytes - context.bytesPassed);
        Chunk allowed = remaining < chunk.length() ? chunk.slice(0, (int) remaining) : chunk;
        if (allowed.length() > 0) {
            next.accept(allowed);
            context.bytesPassed += allowed.length();
        }
        if (bytes - context.bytesPassed <= 0) {
            context.closeConnection();
        }
    }
}
