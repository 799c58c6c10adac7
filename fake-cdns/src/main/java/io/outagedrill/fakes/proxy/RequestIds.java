package io.outagedrill.fakes.proxy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request ids shaped like Toxiproxy's (it uses xid: 20 base32 characters from seconds, a process id and a
 * counter), so that log correlation tools see what they expect.
 */
final class RequestIds {
    private static final byte[] PROCESS = new byte[5];
    private static final AtomicInteger COUNTER;

    static {
        SecureRandom random = new SecureRandom();
        random.nextBytes(PROCESS);
        COUNTER = new AtomicInteger(random.nextInt());
    }

    private RequestIds() {
    }

    static String next() {
        ByteBuffer bytes = ByteBuffer.allocate(12);
        bytes.putInt((int) (System.currentTimeMillis() / 1000));
        bytes.put(PROCESS);
        int count = COUNTER.getAndIncrement();
        bytes.put((byte) (count >>> 16)).put((byte) (count >>> 8)).put((byte) count);
        String id = new BigInteger(1, bytes.array()).toString(32);
        return "0".repeat(20 - id.length()) + id;
    }
}
