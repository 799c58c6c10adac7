package io.outagedrill.client.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A hostile manifest replica on a raw loopback socket: it answers every request with prompt headers and a
 * large Content-Length, then sends the body one byte per second. Each byte arrives well inside any read
 * timeout, so only a limit on the whole request stops a client from waiting for it. Public for the command-line
 * tests, which point {@code --manifest-timeout} at it.
 */
public final class DrippingReplica implements AutoCloseable {

    private static final int BODY_BYTES = 10_000;

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final ScheduledExecutorService drip = Executors.newScheduledThreadPool(2);

    public DrippingReplica() throws IOException {
        drip.execute(this::acceptLoop);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                drip.execute(() -> answer(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try {
            readHeaders(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/jose\r\nContent-Length: " + BODY_BYTES
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            drip.scheduleAtFixedRate(() -> {
                try {
                    out.write('e');
                    out.flush();
                } catch (IOException gone) {
                    close(socket);
                    throw new IllegalStateException("client went away", gone); // ends this drip only
                }
            }, 1, 1, TimeUnit.SECONDS);
        } catch (IOException gone) {
            close(socket);
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int b = in.read(); b != -1; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
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
    }
}
