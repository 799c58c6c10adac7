package io.outagedrill.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TLS socket for OkHttp over an {@link SSLEngine} (Conscrypt's: BoringSSL) and a {@link ChannelSocket}: the
 * engine does all of TLS (handshake, certificate check through the caller's trust manager, records, key updates,
 * alerts); this class only moves bytes between it and the channel, and answers as a socket.
 *
 * <p>Why by hand: no library gives an {@link SSLSocket} that reads the network into direct buffers (tls-channel, the
 * nearest, is a {@code ByteChannel}, not the socket OkHttp takes, and reads at most one record per call). Conscrypt's own
 * socket for a connection OkHttp connected wraps the socket's streams, so each byte received is copied from the JDK's
 * temporary buffer into a heap array, from that into Conscrypt's, and decrypted from there; with the 256 KiB buffer
 * the client read through to save calls into the kernel, one copy more. Here the channel reads up to 256 KiB of
 * records straight into a direct buffer, and BoringSSL decrypts them into another, from which OkHttp copies what it
 * asks for (async-profiler in the peers bench: about 0.2 core-s per GiB less than Conscrypt's socket;
 * docs/benchmark-rounds.md, "The thirtieth round"). Every byte read from the network counts against the reading
 * thread's {@link ReadBudget}, as the plain sockets' reads do.
 *
 * <p>Reads wait at most {@link #getSoTimeout()} for bytes ({@link SocketTimeoutException}, the socket still usable,
 * as a socket's); {@link #close()} from any thread (OkHttp's cancel closes the plain socket beneath, which wakes a
 * waiting read too) ends a read or write in progress with a {@link SocketException}, at once where it closes the socket
 * beneath ({@code autoClose}, as OkHttp asks), else once that wait ends. Reads and writes may run on two threads at
 * once; two reads or two writes at once wait for each other.
 */
final class EngineSocket extends SSLSocket {
    /** The most read from the network at once: many records per call into the kernel, as the plain sockets' buffer. */
    static final int NETWORK_READ = 256 * 1024;
    /** How many records' worth of plaintext one pass decrypts before OkHttp copies it out. */
    private static final int RECORDS_PER_PASS = 4;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final ChannelSocket raw;
    private final SocketChannel channel;
    private final SSLEngine engine;
    private final boolean autoClose;
    private final ReentrantLock reading = new ReentrantLock();
    private final ReentrantLock writing = new ReentrantLock();
    /** Records from the network not yet decrypted; between calls flipped, ready to unwrap. */
    private final ByteBuffer fromNetwork;
    /** Decrypted bytes OkHttp has not read yet; between calls flipped, ready to copy out. */
    private final ByteBuffer plain;
    private final ByteBuffer toNetwork;
    /** The least room an unwrap needs: the largest record's plaintext. */
    private final int recordRoom;
    private final List<HandshakeCompletedListener> listeners = new CopyOnWriteArrayList<>();
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    private volatile boolean handshaken;
    /** The peer closed TLS (close_notify) or the connection: reads return end of stream once {@link #plain} is empty. */
    private boolean inputEnded;
    private volatile boolean closed;

    EngineSocket(ChannelSocket raw, SSLEngine engine, boolean autoClose) throws IOException {
        this.raw = raw;
        this.channel = raw.channel();
        channel.configureBlocking(false); // reads and writes wait in the socket beneath, within its timeout
        this.engine = engine;
        this.autoClose = autoClose;
        engine.setUseClientMode(true);
        SSLSession session = engine.getSession();
        this.recordRoom = session.getApplicationBufferSize();
        this.fromNetwork = ByteBuffer.allocateDirect(Math.max(NETWORK_READ, session.getPacketBufferSize())).flip();
        this.plain = ByteBuffer.allocateDirect(RECORDS_PER_PASS * recordRoom).flip();
        this.toNetwork = ByteBuffer.allocateDirect(session.getPacketBufferSize());
    }

    @Override
    public void startHandshake() throws IOException {
        if (handshaken) {
            return;
        }
        reading.lock(); // a read's unwrap must not interleave with the handshake's
        try {
            if (handshaken) {
                return;
            }
            requireOpen();
            engine.beginHandshake();
            while (!handshaken) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> send(NOTHING);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> handshakeUnwrap();
                    case NEED_TASK -> runTasks();
                    case FINISHED, NOT_HANDSHAKING -> {
                        requireOpen(); // a closed engine says NOT_HANDSHAKING too
                        handshaken = true;
                    }
                }
            }
        } finally {
            reading.unlock();
        }
        if (!listeners.isEmpty()) {
            HandshakeCompletedEvent event = new HandshakeCompletedEvent(this, engine.getSession());
            listeners.forEach(listener -> listener.handshakeCompleted(event));
        }
    }

    private void handshakeUnwrap() throws IOException {
        plain.compact(); // a server may send data right behind its last handshake message: kept for the first read
        SSLEngineResult result;
        try {
            result = engine.unwrap(fromNetwork, plain);
        } finally {
            plain.flip();
        }
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                if (!readNetwork()) {
                    throw new SSLHandshakeException("the server closed the connection during the TLS handshake");
                }
            }
            case CLOSED -> {
                requireOpen(); // closed here, not by the server
                throw new SSLHandshakeException("the server closed TLS during the handshake");
            }
            case BUFFER_OVERFLOW -> throw new SSLException("no room to decrypt a record during the handshake");
            case OK -> { }
        }
    }

    /**
     * Decrypts at least one record's bytes into {@link #plain} (empty on entry), reading from the network only while
     * nothing is decrypted yet, or notes that the input ended. Several records at once where the network buffer holds
     * them, so that OkHttp's small reads mostly copy.
     */
    private void decrypt() throws IOException {
        plain.clear();
        try {
            while (plain.remaining() >= recordRoom) {
                SSLEngineResult result = engine.unwrap(fromNetwork, plain);
                switch (result.getHandshakeStatus()) {
                    case NEED_WRAP -> send(NOTHING); // a TLS 1.3 key update the peer asked to be answered
                    case NEED_TASK -> runTasks();
                    default -> { }
                }
                switch (result.getStatus()) {
                    case OK -> {
                        if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
                                && result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                            throw new SSLException("the TLS engine neither read nor wrote: " + result);
                        }
                        if (!fromNetwork.hasRemaining() && plain.position() > 0) {
                            return;
                        }
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (plain.position() > 0) {
                            return;
                        }
                        if (!readNetwork()) {
                            inputEnded = true; // closed without close_notify: OkHttp judges a body cut short
                            return;
                        }
                    }
                    case BUFFER_OVERFLOW -> {
                        if (plain.position() > 0) {
                            return;
                        }
                        throw new SSLException("a record larger than %d bytes".formatted(plain.remaining()));
                    }
                    case CLOSED -> {
                        requireOpen(); // closed here, not by the peer: no end of stream
                        inputEnded = true;
                        return;
                    }
                }
            }
        } finally {
            plain.flip();
        }
    }

    /**
     * Reads what the network has (waiting up to the socket's timeout) behind the records not yet decrypted. False at
     * the end of the stream.
     */
    private boolean readNetwork() throws IOException {
        fromNetwork.compact();
        try {
            if (!fromNetwork.hasRemaining()) {
                throw new SSLException("a TLS record larger than %d bytes".formatted(fromNetwork.capacity()));
            }
            while (true) {
                int n = channel.read(fromNetwork);
                if (n > 0) {
                    ReadBudget.spend(n);
                    return true;
                }
                if (n < 0) {
                    return false;
                }
                if (!raw.awaitReadable()) {
                    throw new SocketTimeoutException("Read timed out");
                }
            }
        } catch (ClosedChannelException closedMeanwhile) {
            throw new SocketException("Socket closed");
        } finally {
            fromNetwork.flip();
        }
    }

    /** Encrypts all of {@code source} (nothing: a handshake or key-update message the engine has ready) and sends it. */
    private void send(ByteBuffer source) throws IOException {
        writing.lock();
        try {
            do {
                toNetwork.clear();
                SSLEngineResult result = engine.wrap(source, toNetwork);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED && result.bytesProduced() == 0) {
                    throw new SocketException("TLS is closed on this connection");
                }
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    throw new SSLException("no room for a record in %d bytes".formatted(toNetwork.capacity()));
                }
                if (result.bytesConsumed() == 0 && result.bytesProduced() == 0 && source.hasRemaining()) {
                    throw new SSLException("the TLS engine would not encrypt: " + result);
                }
                toNetwork.flip();
                while (toNetwork.hasRemaining()) {
                    if (channel.write(toNetwork) == 0) {
                        raw.awaitWritable();
                    }
                }
                if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
            } while (source.hasRemaining());
        } catch (ClosedChannelException closedMeanwhile) {
            throw new SocketException("Socket closed");
        } finally {
            writing.unlock();
        }
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    /**
     * Fails once the socket is closed. Also the one rule for what the engine says when it seems to end: {@link #close}
     * closes the engine while a read or handshake may be running (so that its native state goes at once), and a
     * closed engine answers as if the peer had closed TLS or the handshake had finished; each such answer is checked
     * here first, so that a local close fails as closed and is never taken for the peer's end.
     */
    private void requireOpen() throws SocketException {
        if (closed || raw.isClosed()) {
            throw new SocketException("Socket closed");
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            startHandshake();
            reading.lock();
            try {
                while (!plain.hasRemaining()) {
                    if (inputEnded) {
                        return -1;
                    }
                    requireOpen();
                    decrypt();
                }
                int n = Math.min(len, plain.remaining());
                plain.get(b, off, n);
                return n;
            } finally {
                reading.unlock();
            }
        }

        /** What is decrypted and not read yet: nothing is asked of the network, and a read in progress is not waited for. */
        @Override
        public int available() {
            if (!reading.tryLock()) {
                return 0;
            }
            try {
                return plain.remaining();
            } finally {
                reading.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            EngineSocket.this.close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return;
            }
            startHandshake();
            requireOpen();
            send(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            EngineSocket.this.close();
        }
    }

    /**
     * Bytes that reached this connection and OkHttp has not read yet: what the kernel holds for it, and, when no read
     * is under way (a read in progress is not waited for), the records this socket holds undecrypted and the
     * plaintext it holds decrypted ({@link BudgetedSockets#waitingUnread}).
     */
    int waitingUnreadBeneath() throws IOException {
        int held = 0;
        if (reading.tryLock()) {
            try {
                held = fromNetwork.remaining() + plain.remaining();
            } finally {
                reading.unlock();
            }
        }
        return held + raw.waitingUnread();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireOpen();
        return out;
    }

    /**
     * Closes the connection: a close_notify first when nothing else is writing (best effort, never waiting), then
     * the socket beneath, which wakes a read or write waiting on it, then the engine. Conscrypt frees an engine's
     * native state, a pipe (two file descriptors) among it, only once both its directions are closed; left open, each
     * connection's stayed until the garbage collector finalised its engine.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (handshaken && writing.tryLock()) {
            try {
                engine.closeOutbound();
                toNetwork.clear();
                engine.wrap(NOTHING, toNetwork);
                toNetwork.flip();
                channel.write(toNetwork); // what the socket takes now; a peer that reads nothing gets nothing more
            } catch (IOException | RuntimeException notSent) {
                // the connection is going anyway
            } finally {
                writing.unlock();
            }
        }
        try {
            if (autoClose) {
                raw.close();
            }
        } finally {
            engine.closeOutbound();
            engine.closeInbound(); // no close_notify from the peer is waited for: the connection is going
        }
    }

    @Override
    public boolean isClosed() {
        return closed || raw.isClosed();
    }

    @Override
    public SSLSession getSession() {
        try {
            startHandshake();
        } catch (IOException failed) {
            // as SSLSocket's contract has it: the session as the engine has it (invalid) rather than an exception
        }
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        engine.setSSLParameters(params);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        if (!listeners.remove(listener)) {
            throw new IllegalArgumentException("listener not registered");
        }
    }

    @Override
    public void setUseClientMode(boolean mode) {
        if (!mode) {
            throw new IllegalArgumentException("a client socket only");
        }
    }

    @Override
    public boolean getUseClientMode() {
        return true;
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    // The socket beneath answers for addresses, options and timeouts.

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        raw.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() {
        return raw.getSoTimeout();
    }

    @Override
    public InetAddress getInetAddress() {
        return raw.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return raw.getLocalAddress();
    }

    @Override
    public int getPort() {
        return raw.getPort();
    }

    @Override
    public int getLocalPort() {
        return raw.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return raw.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return raw.getLocalSocketAddress();
    }

    @Override
    public boolean isConnected() {
        return raw.isConnected();
    }

    @Override
    public boolean isBound() {
        return raw.isBound();
    }

    @Override
    public boolean isInputShutdown() {
        return raw.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return raw.isOutputShutdown();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        raw.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return raw.getTcpNoDelay();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        raw.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return raw.getKeepAlive();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        raw.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return raw.getSoLinger();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        raw.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return raw.getReceiveBufferSize();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        raw.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return raw.getSendBufferSize();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        raw.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return raw.getReuseAddress();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        raw.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return raw.getTrafficClass();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        raw.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return raw.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return raw.supportedOptions();
    }

    // Not for a socket over a connection made already, nor for TLS (no urgent data): the base class would answer
    // these on a socket of its own, never connected, opening a descriptor for nothing.

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new SocketException("a TLS socket over a connection made already: it cannot connect again");
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        throw new SocketException("a TLS socket over a connection made already: it cannot be bound again");
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        throw new SocketException("TLS carries no urgent data");
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        throw new SocketException("TLS carries no urgent data");
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        throw new SocketException("TLS carries no urgent data");
    }

    @Override
    public void shutdownInput() throws IOException {
        throw new UnsupportedOperationException("a TLS socket cannot shut down its input alone");
    }

    @Override
    public void shutdownOutput() throws IOException {
        throw new UnsupportedOperationException("a TLS socket cannot shut down its output alone");
    }

    @Override
    public String toString() {
        return "EngineSocket[" + raw.getRemoteSocketAddress() + ", " + engine.getSession().getProtocol() + "]";
    }
}
