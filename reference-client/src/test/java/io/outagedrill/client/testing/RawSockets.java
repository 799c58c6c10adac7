package io.outagedrill.client.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** What the hostile raw-socket servers of these tests share: reading a request's head, closing a socket. */
final class RawSockets {
    /** The most of a request head read; a client sending more is not one these servers answer. */
    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private RawSockets() {
    }

    /** A request's status line and headers, up to and including the blank line that ends them. */
    static String readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b != -1 && head.size() < MAX_HEAD; b = in.read()) {
            head.write(b);
            matched = b == END[matched] ? matched + 1 : (b == END[0] ? 1 : 0);
            if (matched == END.length) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        throw new IOException("client closed before its request headers ended (or sent more than 64 KiB of them)");
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
