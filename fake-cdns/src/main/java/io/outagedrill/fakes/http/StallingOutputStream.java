package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@link FaultRule.Stall} on the body: passes {@code afterBytes} bytes, then, when another byte is due or
 * the body ends, holds the response until the fault is cleared (then passes the rest) or its maximum hold
 * runs out (then closes the connection).
 */
final class StallingOutputStream extends PassingOutputStream {
    private final FaultRule.Stall stall;
    private final ActiveFault source;
    private long passed;
    private boolean held;

    StallingOutputStream(OutputStream next, FaultRule.Stall stall, ActiveFault source) {
        super(next);
        this.stall = stall;
        this.source = source;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            holdIfDue();
            int n = held ? len : (int) Math.min(len, stall.afterBytes() - passed);
            next.write(b, off, n);
            passed += n;
            off += n;
            len -= n;
        }
    }

    @Override
    protected void endOfBody() throws IOException {
        holdIfDue();
    }

    private void holdIfDue() throws IOException {
        if (held || passed < stall.afterBytes()) {
            return;
        }
        next.flush(); // the client must see every byte before the stall
        held = true;
        if (!source.holdUpTo(stall.maxHoldMillis())) {
            throw new ConnectionAbort("stalled after " + passed + " body bytes for " + stall.maxHoldMillis()
                    + " ms without release");
        }
    }
}
