package io.outagedrill.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A TCP socket over a {@link SocketChannel}, made for {@link EngineSocket} to run TLS on: OkHttp creates and connects
 * it as any plain socket (with its connect timeout), then hands it to the TLS socket factory, and the TLS socket
 * reads and writes its channel in non-blocking mode, straight into direct buffers.
 *
 * <p>Why a socket of its own and not the channel's {@link SocketChannel#socket() adaptor}: a read must be able to
 * wait with a time limit (OkHttp sets {@code SO_TIMEOUT}, and reads with a 1 ms limit to test a pooled connection),
 * which a channel does only through a {@link Selector}, and OkHttp cancels a call by closing the socket it connected:
 * closing a channel does not wake a thread waiting in a selector for it (it sleeps out its whole limit), so this
 * socket's {@link #close()} wakes its waits first. Every other call goes to the adaptor.
 */
final class ChannelSocket extends Socket {
    private final SocketChannel channel;
    private final Socket adaptor;
    /** One each, so that a read and a write may wait at once (OkHttp reads and writes on one thread, but closes on another). */
    private Selector readable;
    private Selector writable;
    private volatile boolean closed;
    private volatile int timeoutMillis;
    private InputStream in;

    ChannelSocket() throws IOException {
        this.channel = SocketChannel.open();
        this.adaptor = channel.socket();
    }

    /**
     * The kernel's count of bytes received and not read yet ({@code FIONREAD}); the channel answers without waiting
     * for a read in progress ({@link BudgetedSockets#waitingUnread}).
     */
    int waitingUnread() throws IOException {
        return adaptor.getInputStream().available();
    }

    SocketChannel channel() {
        return channel;
    }

    /**
     * Waits until the channel has something to read, at most {@link #getSoTimeout()} ms (0: without limit).
     * Returns false when the time ran out; throws {@link SocketException} once the socket is closed.
     */
    boolean awaitReadable() throws IOException {
        return await(SelectionKey.OP_READ, timeoutMillis);
    }

    /** Waits until the channel can take more bytes, without limit (OkHttp bounds writes by closing the socket). */
    void awaitWritable() throws IOException {
        await(SelectionKey.OP_WRITE, 0);
    }

    private boolean await(int operation, int limitMillis) throws IOException {
        Selector selector = selector(operation);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
        try {
            for (long wait = limitMillis; ; wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                if (limitMillis > 0 && wait <= 0) {
                    return false;
                }
                int ready = selector.select(wait);
                if (closed) {
                    throw new SocketException("Socket closed");
                }
                // An interrupt makes every later select return at once: without this a wait without limit would spin.
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the socket");
                }
                selector.selectedKeys().clear();
                if (ready > 0 || limitMillis == 0) {
                    return true;
                }
            }
        } catch (ClosedSelectorException closedMeanwhile) {
            throw new SocketException("Socket closed");
        }
    }

    private Selector selector(int operation) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new SocketException("Socket closed");
            }
            Selector selector = operation == SelectionKey.OP_READ ? readable : writable;
            if (selector == null) {
                if (channel.isBlocking()) {
                    channel.configureBlocking(false);
                }
                selector = Selector.open();
                channel.register(selector, operation);
                if (operation == SelectionKey.OP_READ) {
                    readable = selector;
                } else {
                    writable = selector;
                }
            }
            return selector;
        }
    }

    /**
     * Closes the channel, waking a read or write waiting on it first. The selectors are closed after the channel,
     * which releases its file descriptor (a channel registered with a selector keeps it until deregistered).
     */
    @Override
    public void close() throws IOException {
        Selector read;
        Selector write;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            read = readable;
            write = writable;
        }
        if (read != null) {
            read.wakeup();
        }
        if (write != null) {
            write.wakeup();
        }
        try {
            channel.close();
        } finally {
            if (read != null) {
                read.close();
            }
            if (write != null) {
                write.close();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed || !channel.isOpen();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        timeoutMillis = timeout;
        adaptor.setSoTimeout(timeout); // for reads through the adaptor's stream (plain HTTP)
    }

    @Override
    public int getSoTimeout() {
        return timeoutMillis;
    }

    // What follows is the adaptor's: connecting (while the channel still blocks), addresses, options, shutdowns.

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        adaptor.connect(endpoint);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        adaptor.connect(endpoint, timeout);
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        adaptor.bind(bindpoint);
    }

    /**
     * The adaptor's stream, usable only until the TLS socket on top puts the channel in non-blocking mode: what
     * OkHttp reads a plain {@code http://} mirror through (its client has one socket factory for both schemes), so its
     * reads count against the thread's {@link ReadBudget} and wait at most {@link #getSoTimeout()}, as the plain
     * sockets' do.
     */
    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            in = BudgetedSockets.counted(adaptor.getInputStream());
        }
        return in;
    }

    /** The adaptor's stream, usable only until the TLS socket on top puts the channel in non-blocking mode. */
    @Override
    public OutputStream getOutputStream() throws IOException {
        return adaptor.getOutputStream();
    }

    @Override
    public InetAddress getInetAddress() {
        return adaptor.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return adaptor.getLocalAddress();
    }

    @Override
    public int getPort() {
        return adaptor.getPort();
    }

    @Override
    public int getLocalPort() {
        return adaptor.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return adaptor.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return adaptor.getLocalSocketAddress();
    }

    @Override
    public boolean isConnected() {
        return adaptor.isConnected();
    }

    @Override
    public boolean isBound() {
        return adaptor.isBound();
    }

    @Override
    public void shutdownInput() throws IOException {
        adaptor.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        adaptor.shutdownOutput();
    }

    @Override
    public boolean isInputShutdown() {
        return adaptor.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return adaptor.isOutputShutdown();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        adaptor.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return adaptor.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        adaptor.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return adaptor.getSoLinger();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        adaptor.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return adaptor.getKeepAlive();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        adaptor.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return adaptor.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        adaptor.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return adaptor.getReceiveBufferSize();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        adaptor.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return adaptor.getReuseAddress();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        adaptor.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return adaptor.getTrafficClass();
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        adaptor.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return adaptor.getOOBInline();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        adaptor.sendUrgentData(data);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        adaptor.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return adaptor.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return adaptor.supportedOptions();
    }

    @Override
    public String toString() {
        return "ChannelSocket[" + adaptor + "]";
    }
}
