package io.outagedrill.client;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLContext;

/**
 * The TLS socket factory to give OkHttp beside {@link BudgetedSockets#channels()}: a plain socket it connected from
 * there gets an {@link EngineSocket} on an engine of {@code context}; any other plain socket (a factory of the
 * caller's own) gets {@code context}'s own TLS socket, as before. Sockets this factory connects itself (OkHttp never
 * asks for one) are {@code context}'s own too.
 */
public final class EngineSockets extends DelegatingTlsFactory {
    private final SSLContext context;

    public EngineSockets(SSLContext context) {
        super(context.getSocketFactory());
        this.context = context;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        if (socket instanceof ChannelSocket channelSocket) {
            if (!channelSocket.isConnected()) {
                throw new SocketException("Socket is not connected");
            }
            return new EngineSocket(channelSocket, context.createSSLEngine(host, port), autoClose);
        }
        return delegate.createSocket(socket, host, port, autoClose);
    }
}
