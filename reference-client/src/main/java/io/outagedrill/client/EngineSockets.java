package io.outagedrill.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket factory to give OkHttp beside {@link BudgetedSockets#channels()}: a plain socket it connected from
 * there gets an {@link EngineSocket} on an engine of {@code context}; any other plain socket (a factory of the
 * caller's own) gets {@code context}'s own TLS socket, as before. Sockets this factory connects itself (OkHttp never
 * asks for one) are {@code context}'s own too.
 */
public final class EngineSockets extends SSLSocketFactory {
    private final SSLContext context;
    private final SSLSocketFactory own;

    public EngineSockets(SSLContext context) {
        this.context = context;
        this.own = context.getSocketFactory();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        if (socket instanceof ChannelSocket channelSocket) {
            if (!channelSocket.isConnected()) {
                throw new SocketException("Socket is not connected");
            }
            return new EngineSocket(channelSocket, context.createSSLEngine(host, port), autoClose);
        }
        return own.createSocket(socket, host, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return own.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return own.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return own.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return own.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return own.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return own.createSocket(address, port, localAddress, localPort);
    }
}
