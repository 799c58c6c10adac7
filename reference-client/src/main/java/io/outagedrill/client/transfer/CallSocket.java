package io.outagedrill.client.transfer;

import java.net.Socket;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Protocol;

/**
 * The socket under one call, when the call has it to itself: an HTTP/1.x connection carries one exchange at a
 * time, so its read timeout may be set for this body alone (the body reader's stall limit). An HTTP/2 connection's
 * socket is shared by every stream on it, and is never handed out. Told by OkHttp when the call gets its connection
 * ({@link EventListener#connectionAcquired}), per call, beside the client's own listener.
 */
final class CallSocket extends EventListener {
    private volatile Socket socket;

    private CallSocket() {
    }

    /** Watches {@code call}, which has not started yet. */
    static CallSocket watch(Call call) {
        CallSocket watcher = new CallSocket();
        call.addEventListener(watcher);
        return watcher;
    }

    /** The call's socket if its connection speaks HTTP/1.x; empty before the connection or over HTTP/2. */
    Optional<Socket> ownSocket() {
        return Optional.ofNullable(socket);
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        Protocol protocol = connection.protocol();
        socket = protocol == Protocol.HTTP_1_1 || protocol == Protocol.HTTP_1_0 ? connection.socket() : null;
    }
}
