package io.outagedrill.fakes.proxy;

/**
 * {@code timeout}: drops all data; closes the connection {@code timeout} ms after the last chunk it swallowed
 * (Toxiproxy re-arms its timer on every chunk), or never when 0: a blackhole. Removing it closes the
 * connection, because the bytes it swallowed are gone and the stream can't be trusted any more.
 */
record TimeoutToxic(long timeoutMillis) implements Toxic {
    @Override
    public void start(ToxicContext context) {
        arm(context);
    }

    @Override
    public void pipe(Chunk chunk, ToxicContext context, ChunkSink next) {
        arm(context); // the data is dropped on the ground
    }

    @Override
    public void cleanup(ToxicContext context) {
        context.closeConnection();
    }

    @Override
    public void endOfStream(ToxicContext context) {
        context.closeConnection();
    }

    private void arm(ToxicContext context) {
        if (timeoutMillis > 0) {
            context.schedule(timeoutMillis, context::closeConnection);
        }
    }
}
