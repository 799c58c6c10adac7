package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * The last stage before Jetty: counts body bytes as they leave and acts out the timing faults on exact
 * byte counts (dribble, stall, cut short). Blocking is fine here: responses run on virtual threads, and
 * every wait is a timed wait on the rule's release latch, never a busy loop.
 */
final class WireOutputStream extends OutputStream {
    private final OutputStream out;
    private final FaultPlan.Part<FaultRule.Dribble> dribble;
    private final FaultPlan.Part<FaultRule.Stall> stall;
    private final FaultPlan.Part<FaultRule.CutShort> cut;
    private final LongConsumer counter;
    private long written;
    private boolean stalled;
    private boolean dribbleReleased;

    WireOutputStream(OutputStream out, FaultPlan plan, LongConsumer counter) {
        this.out = out;
        this.dribble = plan.dribble();
        this.stall = plan.stall();
        this.cut = plan.cutShort();
        this.counter = counter;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            beforeNextByte();
            int n = len;
            if (stall != null && !stalled) {
                n = (int) Math.min(n, stall.rule().afterBytes() - written);
            }
            if (cut != null) {
                n = (int) Math.min(n, cut.rule().afterBytes() - written);
            }
            boolean dribbling = dribble != null && !dribbleReleased;
            if (dribbling) {
                n = Math.min(n, dribble.rule().bytesPerInterval());
            }
            out.write(b, off, n);
            written += n;
            counter.accept(n);
            off += n;
            len -= n;
            if (dribbling) {
                out.flush();
                dribbleReleased = await(dribble.fault(), dribble.rule().intervalMillis());
            }
        }
    }

    /** Acts out a stall or cut that falls exactly at the current byte count. */
    private void beforeNextByte() throws IOException {
        if (cut != null && written >= cut.rule().afterBytes()) {
            out.flush();
            throw new ConnectionAbort("cut short after " + written + " body bytes");
        }
        if (stall != null && !stalled && written >= stall.rule().afterBytes()) {
            out.flush();
            stalled = true;
            if (!await(stall.fault(), stall.rule().maxHoldMillis())) {
                throw new ConnectionAbort("stalled after " + written + " body bytes for "
                        + stall.rule().maxHoldMillis() + " ms without release");
            }
        }
    }

    private static boolean await(ActiveFault fault, long millis) throws IOException {
        try {
            return fault.awaitRelease(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while holding a response");
        }
    }

    /** Ends the body; a stall or cut placed at the very end still acts. */
    void finish() throws IOException {
        if (cut != null && written >= cut.rule().afterBytes()) {
            beforeNextByte();
        }
        if (stall != null && !stalled && written >= stall.rule().afterBytes()) {
            beforeNextByte();
        }
        out.close();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    long written() {
        return written;
    }
}
