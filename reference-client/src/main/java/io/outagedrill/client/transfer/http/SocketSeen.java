package io.outagedrill.client.transfer.http;

import io.outagedrill.client.BudgetedSockets;
import java.io.IOException;
import java.net.Socket;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The socket a request went out on, for a request tagged with one ({@code Request.Builder.tag(SocketSeen.class, seen)}),
 * set by {@link #INTERCEPTOR} once OkHttp has its connection. Why the transfer wants it: a connection whose body has
 * gone silent may be silent because its mirror stopped sending, or because the thread reading it has not run (a
 * machine whose cores are busy with other work, a write to a slow disk). Only in the first case is the mirror to
 * blame, and only in the second do the mirror's bytes wait unread in the socket ({@link #waitingUnread}).
 */
public final class SocketSeen {
    /** A network interceptor: OkHttp's own API gives a call's connection to these alone. */
    public static final Interceptor INTERCEPTOR = new Interceptor() {
        @Override
        public Response intercept(Chain chain) throws IOException {
            SocketSeen seen = chain.request().tag(SocketSeen.class);
            Connection connection = chain.connection();
            if (seen != null && connection != null) {
                seen.socket = connection.socket();
            }
            return chain.proceed(chain.request());
        }
    };

    private volatile Socket socket;

    /** None seen yet: {@link #INTERCEPTOR} sets it once the request has its connection. */
    public SocketSeen() {
    }

    /** A connection already known. */
    public static SocketSeen of(Socket socket) {
        SocketSeen seen = new SocketSeen();
        seen.socket = socket;
        return seen;
    }

    /** {@code builder} with {@link #INTERCEPTOR} among its network interceptors, once. */
    public static OkHttpClient.Builder install(OkHttpClient.Builder builder) {
        if (!builder.networkInterceptors().contains(INTERCEPTOR)) {
            builder.addNetworkInterceptor(INTERCEPTOR);
        }
        return builder;
    }

    /**
     * Bytes the network has delivered to this request's connection that nobody has read yet, as the kernel counts
     * them; 0 when not known (no socket seen yet, or a socket whose count cannot be read without waiting for a read
     * in progress). Never blocks on the thread reading the connection.
     */
    public int waitingUnread() {
        Socket s = socket;
        return s == null ? 0 : BudgetedSockets.waitingUnread(s);
    }
}
