package io.outagedrill.client.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hostile mirror on a raw loopback socket: it answers each ranged request with exactly the bytes asked, as one
 * chunk of a chunked body, and never sends the last chunk ({@code 0\r\n\r\n}) that ends the response; the
 * connection stays open and silent. A raw socket because an HTTP server library ends every response it writes.
 */
public final class HeldEndServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("(?im)^Range: *bytes=(\\d+)-(\\d+)");

    private final byte[] content;
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    public HeldEndServer(byte[] content) throws IOException {
        this.content = content;
        Thread.ofVirtual().name("held-end-accept").start(this::acceptLoop);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    private void acceptLoop() {
        while (!server.isClosed()) { // ends when close() closes the server socket
            try {
                Socket socket = server.accept();
                clients.add(socket);
                Thread.ofVirtual().name("held-end-answer").start(() -> answer(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try {
            Matcher range = RANGE.matcher(RawSockets.readRequestHead(socket.getInputStream()));
            if (!range.find()) {
                socket.close();
                return;
            }
            int first = Integer.parseInt(range.group(1));
            int last = Math.min(Integer.parseInt(range.group(2)), content.length - 1);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes %d-%d/%d\r\nTransfer-Encoding: chunked"
                    + "\r\n\r\n%x\r\n").formatted(first, last, content.length, last - first + 1)
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(content, first, last - first + 1);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII)); // the chunk ends; the body never does
            out.flush();
        } catch (IOException | RuntimeException gone) {
            RawSockets.closeQuietly(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        clients.forEach(RawSockets::closeQuietly);
    }
}
