package io.outagedrill.client.transfer.http;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets whose input is read in large gulps. Conscrypt's TLS socket reads the socket beneath it one TLS
 * record (at most about 16 KiB) per read, so a GiB over HTTPS costs some 65,000 {@code read} calls into the kernel;
 * read through a 256 KiB buffer, it costs about 9,000 (a read returns what the socket holds, often less than the
 * buffer), for one more copy of the bytes in user space.
 *
 * <p>{@link BufferedInputStream} asks the stream beneath how many bytes are {@code available()} whenever a read
 * finds fewer buffered than asked for, and on a socket that is one more call into the kernel ({@code ioctl
 * FIONREAD}): about 8,000 per GiB, beside as many reads. The socket's stream beneath answers 0 here, so such a
 * read returns what was buffered and the next one fills the buffer with one {@code read}. Nothing needs the real
 * answer: Conscrypt's TLS socket only reads this stream (its own {@code available()} counts the bytes it has
 * decrypted), and OkHttp and Okio never ask. That is 8,000 fewer calls, not CPU the peers bench can tell from
 * its noise (docs/benchmarks.md, "The nineteenth round").
 */
public final class BufferedReadSockets extends SocketFactory {
    static final int BUFFER = 256 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedReadSocket();
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

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    private static final class BufferedReadSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(new NothingAvailable(super.getInputStream()), BUFFER);
            }
            return in;
        }
    }

    /**
     * Says nothing is available without asking the kernel: see the class comment. Reads pass straight through
     * ({@link FilterInputStream} hands {@code read(byte[], int, int)} to the stream beneath as it is).
     */
    private static final class NothingAvailable extends FilterInputStream {
        NothingAvailable(InputStream in) {
            super(in);
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
