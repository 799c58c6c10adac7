package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@link FaultRule.Dribble} on the body: passes {@code bytesPerInterval} bytes at a time, each flushed to the
 * wire, and waits {@code intervalMillis} after each; once the fault is cleared the rest goes at full speed.
 */
final class DribblingOutputStream extends PassingOutputStream {
    private final FaultRule.Dribble dribble;
    private final ActiveFault source;
    private boolean released;

    DribblingOutputStream(OutputStream next, FaultRule.Dribble dribble, ActiveFault source) {
        super(next);
        this.dribble = dribble;
        this.source = source;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0 && !released) {
            int n = Math.min(len, dribble.bytesPerInterval());
            next.write(b, off, n);
            next.flush();
            released = source.holdUpTo(dribble.intervalMillis());
            off += n;
            len -= n;
        }
        if (len > 0) {
            next.write(b, off, len);
        }
    }
}
