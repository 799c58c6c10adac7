package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@link FaultRule.CutShort} on the body: passes {@code afterBytes} bytes, then closes the connection
 * when another byte is due or the body ends, whichever comes first.
 */
final class CuttingOutputStream extends PassingOutputStream {
    private final long afterBytes;
    private long passed;

    CuttingOutputStream(OutputStream next, long afterBytes) {
        super(next);
        this.afterBytes = afterBytes;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            cutIfDue();
            int n = (int) Math.min(len, afterBytes - passed);
            next.write(b, off, n);
            passed += n;
            off += n;
            len -= n;
        }
    }

    @Override
    protected void endOfBody() throws IOException {
        cutIfDue();
    }

    private void cutIfDue() throws IOException {
        if (passed >= afterBytes) {
            next.flush();
            throw new ConnectionAbort("cut short after " + passed + " body bytes");
        }
    }
}
