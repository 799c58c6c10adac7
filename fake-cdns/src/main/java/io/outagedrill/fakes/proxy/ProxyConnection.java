package io.outagedrill.fakes.proxy;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One accepted client connection and its upstream connection, pumped by two {@link Link}s. A source's EOF is
 * passed on as a half-close, so request-then-shutdown protocols work; the connection closes once both
 * directions have ended, or at once on an error, a toxic's decision or the proxy stopping.
 */
final class ProxyConnection {
    private final Socket client;
    private final Socket server;
    private final Link upstream;
    private final Link downstream;
    private final ToxicCollection toxics;
    private final ProxyRuntime runtime;
    private final Consumer<ProxyConnection> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger halfClosed = new AtomicInteger();

    ProxyConnection(Socket client, Socket server, ToxicCollection toxics, ProxyRuntime runtime,
                    Consumer<ProxyConnection> onClosed) throws IOException {
        this.client = client;
        this.server = server;
        this.toxics = toxics;
        this.runtime = runtime;
        this.onClosed = onClosed;
        this.upstream = new Link(StreamDirection.UPSTREAM, this, client, server, runtime);
        this.downstream = new Link(StreamDirection.DOWNSTREAM, this, server, client, runtime);
    }

    void start() {
        toxics.attach(upstream);
        toxics.attach(downstream);
        runtime.threads().newThread(upstream::run).start();
        runtime.threads().newThread(downstream::run).start();
    }

    /** The link's source ended: pass the FIN on; close when both directions have ended. */
    void halfClose(Link link) {
        try {
            link.target().shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        if (halfClosed.incrementAndGet() == 2) {
            close();
        }
    }

    /**
     * Resets the connection: SO_LINGER 0 on both sockets, as Toxiproxy does whichever stream the toxic is on,
     * so the client and the upstream each get a TCP RST ("Connection reset") instead of a FIN.
     */
    void reset() {
        for (Socket socket : new Socket[] {client, server}) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // already closed: closing anyway
            }
        }
        close();
    }

    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        upstream.close();
        downstream.close();
        closeQuietly(client);
        closeQuietly(server);
        toxics.detach(upstream);
        toxics.detach(downstream);
        onClosed.accept(this);
    }

    boolean isClosed() {
        return closed.get();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }
}
