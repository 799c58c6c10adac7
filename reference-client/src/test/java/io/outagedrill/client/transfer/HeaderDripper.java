package io.outagedrill.client.transfer;

import io.outagedrill.client.manifest.Mirror;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile mirror on a raw loopback socket: it answers every request with a status line and headers sent one
 * byte every 200 ms, and never finishes them. Each byte arrives well inside any read timeout, so only a limit
 * on the whole header phase stops a client from waiting on it.
 */
final class HeaderDripper implements AutoCloseable {
    private static final long DRIP_MILLIS = 200;
    private static final byte[] STATUS = "HTTP/1.1 206 Partial Content\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENDLESS_HEADER = "X-Drip: a\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String provider;
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final ScheduledExecutorService drip = Executors.newScheduledThreadPool(2);
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    HeaderDripper(String provider) throws IOException {
        this.provider = provider;
        drip.execute(this::acceptLoop);
    }

    Mirror mirror() {
        return new Mirror(provider, URI.create("http://127.0.0.1:" + server.getLocalPort() + "/files/video.bin"),
                1, "", provider);
    }

    /** Requests whose headers were read (each then got a drip). */
    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                clients.add(socket);
                drip.execute(() -> answer(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try {
            readRequestHeaders(socket.getInputStream());
            requests.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            AtomicInteger sent = new AtomicInteger();
            drip.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                byte b = i < STATUS.length ? STATUS[i] : ENDLESS_HEADER[(i - STATUS.length) % ENDLESS_HEADER.length];
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException gone) {
                    close(socket);
                    throw new IllegalStateException("client went away", gone); // ends this drip only
                }
            }, 0, DRIP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException gone) {
            close(socket);
        }
    }

    private static void readRequestHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int b = in.read(); b != -1; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
        throw new IOException("client closed before its request headers ended");
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        drip.shutdownNow();
        server.close();
        clients.forEach(HeaderDripper::close);
    }
}
