package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@link FaultRule.CutShort} on the body: passes {@code afterBytes} bytes, then closes the connection
 * when another byte is due or the body ends, whichever comes first.
 */
final class CuttingOutputStream extends AfterBytesOutputStream {

    CuttingOutputStream(OutputStream next, long afterBytes) {
        super(next, afterBytes);
    }

    @Override
    protected void reached(long passed) throws IOException {
        throw new ConnectionAbort("cut short after " + passed + " body bytes");
    }
}
