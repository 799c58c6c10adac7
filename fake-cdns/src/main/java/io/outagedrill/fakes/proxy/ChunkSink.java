package io.outagedrill.fakes.proxy;

import java.io.IOException;

/** The rest of a toxic chain after one toxic: where that toxic passes what it lets through. */
@FunctionalInterface
interface ChunkSink {
    void accept(Chunk chunk) throws IOException, InterruptedException;
}
