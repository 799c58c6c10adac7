package io.outagedrill.fakes.proxy;

import java.io.IOException;

/** {@code noop}: passes everything through; registered but undocumented in Toxiproxy, useful as a marker. */
record NoopToxic() implements Toxic {
    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) throws IOException, InterruptedException {
        next.accept(chunk);
    }
}
