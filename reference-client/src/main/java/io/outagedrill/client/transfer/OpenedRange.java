package io.outagedrill.client.transfer;

import io.outagedrill.client.transfer.http.SocketSeen;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A response whose status and headers passed every check, ready for its body to be read.
 *
 * @param response  the open response; the caller closes it
 * @param servedBy  the mirror that answered (differs from the one asked after a redirect to another mirror)
 * @param wholeFile true when the mirror ignored Range and the body is the whole file from byte 0
 * @param ttfbNanos time from sending the request to the response headers
 * @param socket    the connection it came on, for what waits unread in it
 */
record OpenedRange(Call call, Response response, MirrorHealth servedBy, boolean wholeFile, long ttfbNanos,
                   SocketSeen socket) implements AutoCloseable {
    @Override
    public void close() {
        response.close();
    }
}
