package io.outagedrill.fakes.proxy;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One proxy: a loopback listener that connects each accepted client to {@code upstream} and pumps the bytes
 * through its toxics. Stopping it (disable, delete, listen or upstream change) closes the listener and cuts
 * every open connection, as Toxiproxy does.
 */
final class TcpProxy {
    private static final int UPSTREAM_CONNECT_TIMEOUT_MILLIS = 5_000;
    /** How long a restart waits for the address this proxy just let go of ({@link #bindAgain}). */
    static final Duration PORT_RELEASE = Duration.ofSeconds(2);
    private static final Duration PORT_RELEASE_POLL = Duration.ofMillis(5);

    final ToxicCollection toxics = new ToxicCollection();
    private final ProxyRuntime runtime;
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private ProxyConfig config;
    private ServerSocket listener;
    private Thread acceptor;
    /** The address the last listener held, until a listener is bound again ({@link #bindAgain}). */
    private InetSocketAddress released;

    TcpProxy(ProxyConfig config, ProxyRuntime runtime) {
        this.config = config.withEnabled(false);
        this.runtime = runtime;
    }

    synchronized ProxyConfig config() {
        return config;
    }

    synchronized InetSocketAddress listenAddress() {
        return listener == null ? null : (InetSocketAddress) listener.getLocalSocketAddress();
    }

    int openConnections() {
        return connections.size();
    }

    /** Binds and starts accepting; on failure the proxy stays disabled and the caller gets a 500. */
    synchronized void start() {
        if (listener != null) {
            return;
        }
        ServerSocket socket = bindAgain(config.listen(), released);
        released = null;
        listener = socket;
        InetSocketAddress bound = (InetSocketAddress) socket.getLocalSocketAddress();
        config = config.withListen(bound.getAddress().getHostAddress() + ":" + bound.getPort()).withEnabled(true);
        acceptor = runtime.threads().newThread(() -> acceptLoop(socket));
        acceptor.start();
    }

    synchronized void stop() {
        if (listener != null) {
            released = (InetSocketAddress) listener.getLocalSocketAddress();
            try {
                listener.close();
            } catch (IOException ignored) {
                // it is closed either way
            }
            listener = null;
            awaitAcceptorExit();
        }
        connections.forEach(ProxyConnection::close);
        config = config.withEnabled(false);
    }

    /** Toxiproxy's Proxy.Update: a new listen or upstream restarts; then the enabled flag is applied. */
    synchronized void update(String listen, String upstream, boolean enabled) {
        if (differs(listen, upstream)) {
            stop();
            config = new ProxyConfig(config.name(), listen, upstream, false);
        }
        if (enabled && !config.enabled()) {
            start();
        } else if (!enabled && config.enabled()) {
            stop();
        }
    }

    /**
     * Toxiproxy's Proxy.Differs: the listen addresses are compared resolved ({@code localhost:P} is the proxy
     * bound to {@code 127.0.0.1:P}), the upstream as written. Only a real difference restarts a proxy, which
     * drops its open connections (and, in populate, its toxics).
     */
    synchronized boolean differs(String listen, String upstream) {
        return !sameListenAddress(config.listen(), listen) || !upstream.equals(config.upstream());
    }

    /** Both resolved as a bind would resolve them; a text that does not resolve is compared as text. */
    static boolean sameListenAddress(String a, String b) {
        try {
            return loopbackListenAddress(a).equals(loopbackListenAddress(b));
        } catch (IOException | IllegalArgumentException unresolvable) {
            return a.equals(b); // the bind will fail and say why
        }
    }

    /**
     * With a thread blocked in accept(), the JDK defers the real close of the socket until that thread has
     * left; wait for it, or an immediate restart on the same port (upstream change, populate) finds it taken.
     */
    private void awaitAcceptorExit() {
        Thread thread = acceptor;
        acceptor = null;
        if (thread == null) {
            return;
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop(ServerSocket socket) {
        while (true) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed by stop()
            }
            runtime.threads().newThread(() -> connect(socket, client)).start();
        }
    }

    private void connect(ServerSocket acceptedBy, Socket client) {
        Socket server = new Socket();
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            InetSocketAddress upstream = Upstream.resolve(config().upstream());
            if (ownSourceAddress(client.getInetAddress(), upstream.getAddress())) {
                // From the client's own address, so the server sees which client each request is from (faults
                // counted per client; Toxiproxy connects from its own). Any 127.x address is this host's on Linux.
                server.bind(new InetSocketAddress(client.getInetAddress(), 0));
            }
            server.connect(upstream, UPSTREAM_CONNECT_TIMEOUT_MILLIS);
            ProxyConnection connection = new ProxyConnection(client, server, toxics, runtime, connections::remove);
            synchronized (this) {
                if (listener != acceptedBy) { // stopped while we were dialling
                    connection.close();
                    return;
                }
                connections.add(connection);
            }
            connection.start();
        } catch (IOException | IllegalArgumentException e) {
            // Upstream unreachable, or a name that led outside loopback: Toxiproxy drops the client connection too.
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /**
     * Whether the client connected from a loopback address of its own, which the upstream connection then keeps.
     * Not for 127.0.0.1, where the kernel's choice is the same address anyway: binding first takes a port for every
     * destination at once, and a fleet's connections from one address would run through the ephemeral ports sooner.
     */
    static boolean ownSourceAddress(InetAddress client, InetAddress upstream) {
        return client instanceof Inet4Address && upstream instanceof Inet4Address && client.isLoopbackAddress()
                && upstream.isLoopbackAddress() && !client.getHostAddress().equals("127.0.0.1");
    }

    /**
     * Binds {@code listen}, waiting up to {@link #PORT_RELEASE} when it is the address this proxy's own listener held
     * until just now ({@code released}): a restart on the same port (enable after disable, an upstream change,
     * populate) must not fail because the old listening socket outlives its close for a moment. It does whenever
     * this JVM starts a process meanwhile (the harness starts downloaders while it toggles proxies): the JDK opens
     * sockets without close-on-exec, so the child holds a copy of every descriptor until its launcher closes them
     * before the exec, and until then the kernel keeps the socket listening (it even completes connections to it,
     * reset when the copy closes). Measured on JDK 25 with a thread starting {@code true} in a loop: 7 of 2,000
     * immediate re-binds failed, none without it. Another owner of the port is not waited for past the bound.
     */
    static ServerSocket bindAgain(String listen, InetSocketAddress released) {
        InetSocketAddress address;
        try {
            address = loopbackListenAddress(listen);
        } catch (BadListenPort e) {
            throw new ApiException(500, "listen tcp: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException(500, "listen tcp " + listen + ": " + e.getMessage());
        }
        long deadline = System.nanoTime() + PORT_RELEASE.toNanos();
        while (true) {
            try {
                return bind(address);
            } catch (IOException e) {
                if (!(e instanceof BindException) || !address.equals(released) || System.nanoTime() - deadline > 0) {
                    throw new ApiException(500, listenError(address, e));
                }
            }
            LockSupport.parkNanos(PORT_RELEASE_POLL.toNanos());
        }
    }

    private static ServerSocket bind(InetSocketAddress address) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            // Room for a fleet connecting at once (the kernel caps it at net.core.somaxconn): a full queue drops
            // SYNs, and each dropped client waits out a retransmission timer of a second or more.
            socket.bind(address, 4096);
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Go's net.Listen error text, as Toxiproxy passes it on: {@code listen tcp 127.0.0.1:P: bind: address already
     * in use}, naming the resolved address. The JDK's "Address already in use" (on some platforms followed by
     * "(Bind failed)") is the same errno in other words; Go writes errno texts in lower case.
     */
    static String listenError(InetSocketAddress address, IOException e) {
        String host = address.getAddress().getHostAddress();
        String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        String why = String.valueOf(e.getMessage());
        if (e instanceof BindException) {
            why = "bind: " + why.replaceFirst("\\s*\\(Bind failed\\)$", "").toLowerCase(Locale.ROOT);
        }
        return "listen tcp " + hostPort + ": " + why;
    }

    /**
     * Loopback only (no traffic ever leaves 127.0.0.0/8): a wildcard or empty host binds 127.0.0.1; another host is
     * refused. HOST:PORT is required, as by Go's net.Listen: {@code 127.0.0.1} alone would otherwise bind a port
     * nobody asked for, and Toxiproxy refuses it; an empty PORT ({@code 127.0.0.1:}) is 0, any free port, as there.
     */
    static InetSocketAddress loopbackListenAddress(String listen) throws IOException {
        int colon = listen.lastIndexOf(':');
        if (colon < 0 || (listen.startsWith("[") && !listen.substring(0, colon).endsWith("]"))) {
            throw new BadListenPort("address " + listen + ": missing port in address");
        }
        String host = listen.substring(0, colon);
        String portText = listen.substring(colon + 1);
        int port;
        try {
            // An empty port is port 0, any free one, as Go's net.Listen takes it ("127.0.0.1:").
            port = portText.isEmpty() ? 0 : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new BadListenPort("lookup tcp/" + portText + ": unknown port");
        }
        if (port < 0 || port > 65535) {
            throw new BadListenPort("address " + portText + ": invalid port");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        InetAddress address = InetAddress.getByName(host);
        if (!address.isLoopbackAddress()) {
            throw new SocketException("this proxy binds loopback addresses only");
        }
        return new InetSocketAddress(address, port);
    }

    /** A listen address without a usable port, worded as Go's net.Listen words it after {@code listen tcp: }. */
    private static final class BadListenPort extends IOException {
        private static final long serialVersionUID = 1L;

        BadListenPort(String message) {
            super(message);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }
}
