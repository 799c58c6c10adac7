package io.outagedrill.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * Plain sockets (TCP, beneath TLS where there is TLS) whose reads count against the reading thread's
 * {@link ReadBudget}, which bounds the framing a response may send without delivering anything: {@link #direct()}
 * for plain HTTP and the JDK's TLS, and {@link #channels()} beneath Conscrypt's engine ({@link EngineSockets}), whose
 * TLS socket counts what it reads from the network itself (and for plain HTTP in the same client, counted as here).
 */
public final class BudgetedSockets extends SocketFactory {
    private final boolean overChannels;
    /** The local address every socket is bound to before it connects ({@link #boundTo}); null for the kernel's. */
    private final InetAddress local;

    private BudgetedSockets(boolean overChannels, InetAddress local) {
        this.overChannels = overChannels;
        this.local = local;
    }

    private BudgetedSockets(boolean overChannels) {
        this(overChannels, null);
    }

    /**
     * These sockets, each bound to {@code address} (port chosen by the kernel) before it connects: connections from a
     * source address of the caller's choosing, as curl's and aria2c's {@code --interface} make them.
     */
    public BudgetedSockets boundTo(InetAddress address) {
        return new BudgetedSockets(overChannels, java.util.Objects.requireNonNull(address, "address"));
    }

    /** Read as OkHttp and the JDK's TLS ask: what their own buffers take. */
    public static BudgetedSockets direct() {
        return new BudgetedSockets(false);
    }

    /**
     * Sockets over channels, for {@link EngineSockets} to run TLS on ({@link EngineSocket} counts its reads against
     * the budget itself); a client given them reads its plain {@code http://} mirrors through them too, counted.
     */
    public static BudgetedSockets channels() {
        return new BudgetedSockets(true);
    }

    /**
     * {@code base}'s builder with the framing its responses may send bounded: OkHttp's default socket factory replaced
     * by {@link #direct()} (a factory of the caller's own is kept, and reads through it go uncounted), and HTTP/1.1
     * the only protocol offered.
     *
     * <p>HTTP/1.1 alone because the budget cannot bound HTTP/2. Its frames are read on OkHttp's own reader thread,
     * one per connection, where no budget is armed; and OkHttp (5.5.1) keeps every entry of a header block until
     * the block ends, counting only their names' and values' bytes: a mirror that answers with empty entries, three
     * bytes each, in CONTINUATION frames without end, filled a 256 MiB heap with 12 MiB of them in two seconds and
     * wedged the process. Nothing is lost by it: every CDN and object store serves HTTP/1.1, and the transfer runs
     * several connections side by side anyway, which is how downloaders of large files use HTTP/1.1.
     */
    public static OkHttpClient.Builder bounding(OkHttpClient base) {
        OkHttpClient.Builder builder = base.newBuilder().protocols(List.of(Protocol.HTTP_1_1));
        if (base.socketFactory() == SocketFactory.getDefault()) {
            builder.socketFactory(direct());
        }
        return builder;
    }

    /** The socket beneath each TLS socket {@link #layered} made, for {@link #waitingUnread}; gone with the socket. */
    private static final Map<Socket, Socket> LAYERED = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * {@code tls} (the JDK's TLS, whose sockets give no way to the socket beneath them) with each TLS socket it layers
     * over one of these sockets remembered, so that {@link #waitingUnread} can ask the kernel's count beneath it.
     */
    public static SSLSocketFactory layered(SSLSocketFactory tls) {
        return new LayeredTls(tls);
    }

    /**
     * Bytes that have reached {@code socket} from the network and are not read yet (the kernel's count, {@code
     * FIONREAD}): for the sockets this factory makes, for {@link EngineSocket}'s TLS over them (its ciphertext
     * not yet read) and for the JDK's TLS sockets {@link #layered} made over them; 0 for any other socket (another
     * JDK TLS socket, whose stream would wait for a read in progress) and for one that is closed. Never blocks on a
     * thread reading the socket.
     */
    public static int waitingUnread(Socket socket) {
        try {
            if (socket instanceof EngineSocket tls) {
                return tls.waitingUnreadBeneath();
            }
            Socket beneath = LAYERED.get(socket);
            if (beneath != null) {
                // The JDK's TLS reads no further ahead than the record it decrypts: what waits beneath is unread.
                return waitingUnread(beneath);
            }
            if (socket instanceof ChannelSocket channel) {
                return channel.waitingUnread();
            }
            if (socket instanceof BudgetedSocket plain) {
                return plain.waitingUnread();
            }
        } catch (IOException | RuntimeException closedMeanwhile) {
            // A socket closed or shut down under the look: nothing waits on it.
        }
        return 0;
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = overChannels ? new ChannelSocket() : new BudgetedSocket();
        ConnectCancel.adopt(socket); // a cancel while it connects closes it
        if (local != null) {
            try {
                socket.bind(new InetSocketAddress(local, 0));
            } catch (IOException e) {
                socket.close();
                throw new java.net.BindException("cannot connect from %s: %s".formatted(local.getHostAddress(),
                        e.getMessage()));
            }
        }
        return socket;
    }

    // OkHttp asks for unconnected sockets (above); SocketFactory requires the connecting forms too.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress from) throws IOException {
        // A local address the caller names wins over the factory's own.
        Socket socket = from == null ? createSocket() : overChannels ? new ChannelSocket() : new BudgetedSocket();
        if (from != null) {
            socket.bind(from);
        }
        socket.connect(remote);
        return socket;
    }

    /** {@code in} with what each read returns counted against the reading thread's {@link ReadBudget}. */
    static InputStream counted(InputStream in) {
        return new Counted(in);
    }

    private static final class BudgetedSocket extends Socket {
        private InputStream in;

        /** The kernel's count of bytes not read yet; the socket's stream answers without waiting for a read. */
        int waitingUnread() throws IOException {
            return getInputStream().available();
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new Counted(super.getInputStream());
            }
            return in;
        }
    }

    /** Counts what each read returns against the reading thread's {@link ReadBudget}. */
    private static final class Counted extends FilterInputStream {
        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                ReadBudget.spend(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                ReadBudget.spend(n);
            }
            return n;
        }
    }

    /** A TLS socket factory that remembers the socket beneath each socket it layers ({@link #layered}). */
    private static final class LayeredTls extends DelegatingTlsFactory {
        LayeredTls(SSLSocketFactory tls) {
            super(tls);
        }

        // OkHttp layers TLS over a socket of its own; the other forms make their own sockets, unremembered.
        @Override
        public Socket createSocket(Socket beneath, String host, int port, boolean autoClose) throws IOException {
            Socket layered = delegate.createSocket(beneath, host, port, autoClose);
            LAYERED.put(layered, beneath);
            return layered;
        }
    }
}
