package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/** The last stage before Jetty: reports body bytes as they leave the server, for {@link ServerStats}. */
final class CountingOutputStream extends PassingOutputStream {
    private final LongConsumer counter;

    CountingOutputStream(OutputStream next, LongConsumer counter) {
        super(next);
        this.counter = counter;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        next.write(b, off, len);
        counter.accept(len);
    }
}
