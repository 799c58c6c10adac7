package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A body stage that passes bytes on towards the wire. Unlike {@link java.io.FilterOutputStream} it never
 * closes the next stream when it fails: closing the response's stream would end the response as if
 * complete, while a fault that fails mid-body must leave it incomplete so the connection is dropped.
 */
abstract class PassingOutputStream extends OutputStream {
    protected final OutputStream next;

    PassingOutputStream(OutputStream next) {
        this.next = next;
    }

    @Override
    public abstract void write(byte[] b, int off, int len) throws IOException;

    @Override
    public final void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    /** Ends the body: acts out whatever is due at its very end, then closes the next stage. */
    @Override
    public final void close() throws IOException {
        endOfBody();
        next.close();
    }

    /** What this stage does when the body ends; nothing by default. */
    protected void endOfBody() throws IOException {
    }
}
