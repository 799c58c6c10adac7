package io.outagedrill.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS socket factory that is another one in all but how it layers TLS over a socket already connected, which is
 * all OkHttp asks of it: the subclass decides that ({@link EngineSockets}, {@link BudgetedSockets#layered}). The
 * sockets it connects itself, and its cipher suites, are the other factory's.
 */
abstract class DelegatingTlsFactory extends SSLSocketFactory {
    protected final SSLSocketFactory delegate;

    DelegatingTlsFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public abstract Socket createSocket(Socket beneath, String host, int port, boolean autoClose) throws IOException;

    @Override
    public final String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public final String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public final Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public final Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public final Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public final Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }
}
