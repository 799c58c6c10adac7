package io.outagedrill.client.transfer;

import java.net.Socket;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A response whose status and headers passed every check, ready for its body to be read.
 *
 * @param response  the open response; the caller closes it
 * @param ownSocket the socket under the response when no other exchange shares it (HTTP/1.x), for the stall limit
 * @param servedBy  the mirror that answered (differs from the one asked after a redirect to another mirror)
 * @param wholeFile true when the mirror ignored Range and the body is the whole file from byte 0
 * @param ttfbNanos time from sending the request to the response headers
 */
record OpenedRange(Call call, Response response, Optional<Socket> ownSocket, MirrorHealth servedBy,
                   boolean wholeFile, long ttfbNanos) implements AutoCloseable {
    @Override
    public void close() {
        response.close();
    }
}
