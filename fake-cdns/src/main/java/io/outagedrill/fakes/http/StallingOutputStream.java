package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@link FaultRule.Stall} on the body: passes {@code afterBytes} bytes, then, when another byte is due or
 * the body ends, holds the response until the fault is cleared (then passes the rest) or its maximum hold
 * runs out (then closes the connection).
 */
final class StallingOutputStream extends AfterBytesOutputStream {
    private final FaultRule.Stall stall;
    private final ActiveFault source;

    StallingOutputStream(OutputStream next, FaultRule.Stall stall, ActiveFault source) {
        super(next, stall.afterBytes());
        this.stall = stall;
        this.source = source;
    }

    @Override
    protected void reached(long passed) throws IOException {
        if (!source.holdUpTo(stall.maxHoldMillis())) {
            throw new ConnectionAbort("stalled after " + passed + " body bytes for " + stall.maxHoldMillis()
                    + " ms without release");
        }
    }
}
