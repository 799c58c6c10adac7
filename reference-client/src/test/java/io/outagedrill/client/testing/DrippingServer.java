package io.outagedrill.client.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A hostile HTTP server on a raw loopback socket: after each request's headers it sends a prompt at once, then
 * one byte at a time, for ever. Each byte arrives well inside any read timeout, so only a limit on a whole phase
 * of the exchange stops a client from waiting on it. A raw socket because an HTTP server library finishes its
 * status line and headers in one write, which is exactly what these servers must not do.
 */
public final class DrippingServer implements AutoCloseable {
    private static final int BODY_BYTES = 10_000;
    private static final byte[] PARTIAL_STATUS = ascii("HTTP/1.1 206 Partial Content\r\n");
    private static final byte[] ENDLESS_HEADER = ascii("X-Drip: a\r\n");

    private final byte[] prompt;
    private final IntUnaryOperator dripByte;
    private final Duration firstDrip;
    private final Duration every;
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final ScheduledExecutorService drip = Executors.newScheduledThreadPool(2);
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    private DrippingServer(byte[] prompt, IntUnaryOperator dripByte, Duration firstDrip, Duration every)
            throws IOException {
        this.prompt = prompt;
        this.dripByte = dripByte;
        this.firstDrip = firstDrip;
        this.every = every;
        drip.execute(this::acceptLoop);
    }

    /**
     * A manifest replica that answers with prompt headers and a large Content-Length, then sends the body one
     * byte a second: only a limit on the whole request stops a client.
     */
    public static DrippingServer drippingBody() throws IOException {
        byte[] headers = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/jose\r\nContent-Length: " + BODY_BYTES
                + "\r\n\r\n");
        return new DrippingServer(headers, i -> 'e', Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /**
     * A mirror that sends its status line and headers one byte every 200 ms and never finishes them: only a limit
     * on the whole header phase stops a client.
     */
    public static DrippingServer drippingHeaders() throws IOException {
        return new DrippingServer(new byte[0], i -> i < PARTIAL_STATUS.length ? PARTIAL_STATUS[i]
                : ENDLESS_HEADER[(i - PARTIAL_STATUS.length) % ENDLESS_HEADER.length],
                Duration.ZERO, Duration.ofMillis(200));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Requests whose headers were read (each then got a drip). */
    public int requests() {
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
            RawSockets.readRequestHead(socket.getInputStream());
            requests.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            out.write(prompt);
            out.flush();
            AtomicInteger sent = new AtomicInteger();
            drip.scheduleAtFixedRate(() -> {
                try {
                    out.write(dripByte.applyAsInt(sent.getAndIncrement()));
                    out.flush();
                } catch (IOException gone) {
                    RawSockets.closeQuietly(socket);
                    throw new IllegalStateException("client went away", gone); // ends this drip only
                }
            }, firstDrip.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException gone) {
            RawSockets.closeQuietly(socket);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        drip.shutdownNow();
        server.close();
        clients.forEach(RawSockets::closeQuietly);
    }
}
