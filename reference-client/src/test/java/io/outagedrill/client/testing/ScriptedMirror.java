package io.outagedrill.client.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hostile mirror on a raw loopback socket that answers each request with whatever bytes its script writes: the
 * test says exactly what goes on the wire (a status line, headers, framing), which an HTTP server library would
 * not let it get wrong.
 */
public final class ScriptedMirror implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("(?im)^Range: *bytes=(\\d+)-(\\d+)");

    /**
     * Writes the answer to one request for bytes {@code first..last} (the {@code n}-th request, from 1); both are -1
     * for a request without a Range (a status page's, say).
     */
    public interface Script {
        void answer(long first, long last, int n, OutputStream out) throws IOException;
    }

    private final Script script;
    private final boolean holdOpen;
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();

    /** Each connection closed once its script has written its answer. */
    public ScriptedMirror(Script script) throws IOException {
        this(script, false);
    }

    private ScriptedMirror(Script script, boolean holdOpen) throws IOException {
        this.script = script;
        this.holdOpen = holdOpen;
        Thread.ofVirtual().name("scripted-mirror-accept").start(this::acceptLoop);
    }

    /** Each connection left open and silent after its answer, until {@link #close}. */
    public static ScriptedMirror holdingOpen(Script script) throws IOException {
        return new ScriptedMirror(script, true);
    }

    /**
     * Answers each ranged request with exactly the bytes asked of {@code content}, as one chunk of a chunked body,
     * and never sends the last chunk ({@code 0\r\n\r\n}) that ends the response: the connection stays open and
     * silent. A raw socket because an HTTP server library ends every response it writes.
     */
    public static ScriptedMirror heldEnd(byte[] content) throws IOException {
        return holdingOpen((first, last, n, out) -> {
            int from = (int) first;
            int to = (int) Math.min(last, content.length - 1);
            out.write(("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes %d-%d/%d\r\nTransfer-Encoding: chunked"
                    + "\r\n\r\n%x\r\n").formatted(from, to, content.length, to - from + 1)
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(content, from, to - from + 1);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII)); // the chunk ends; the body never does
        });
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    public int requests() {
        return requests.get();
    }

    /** Bytes the scripts wrote, all requests together. */
    public long written() {
        return written.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) { // ends when close() closes the server socket
            try {
                Socket socket = server.accept();
                clients.add(socket);
                Thread.ofVirtual().name("scripted-mirror-answer").start(() -> answer(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try {
            Matcher range = RANGE.matcher(RawSockets.readRequestHead(socket.getInputStream()));
            boolean ranged = range.find();
            OutputStream counting = new OutputStream() {
                private final OutputStream out = socket.getOutputStream();

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    written.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.addAndGet(len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }
            };
            script.answer(ranged ? Long.parseLong(range.group(1)) : -1, ranged ? Long.parseLong(range.group(2)) : -1,
                    requests.incrementAndGet(), counting);
            counting.flush();
            if (!holdOpen) {
                socket.close();
            }
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
