package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A body stage that passes {@code afterBytes} bytes, then, when another byte is due or the body ends, flushes
 * them to the client and acts once ({@link #reached}): a throw ends the connection there, a return lets the
 * rest pass. The shared part of the faults that break a body at a byte offset ({@link FaultRule.CutShort},
 * {@link FaultRule.Stall}).
 */
abstract class AfterBytesOutputStream extends PassingOutputStream {
    private final long afterBytes;
    private long passed;
    private boolean reached;

    AfterBytesOutputStream(OutputStream next, long afterBytes) {
        super(next);
        this.afterBytes = afterBytes;
    }

    /** Acts at the offset, after every byte before it went out; {@code passed} is how many did. */
    protected abstract void reached(long passed) throws IOException;

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            reachIfDue();
            int n = reached ? len : (int) Math.min(len, afterBytes - passed);
            next.write(b, off, n);
            passed += n;
            off += n;
            len -= n;
        }
    }

    @Override
    protected final void endOfBody() throws IOException {
        reachIfDue();
    }

    private void reachIfDue() throws IOException {
        if (reached || passed < afterBytes) {
            return;
        }
        next.flush(); // the client must see every byte before the offset
        reached = true;
        reached(passed);
    }
}
