package io.outagedrill.client.testing;

import io.outagedrill.client.transfer.http.ContentRange;
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
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;

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
    private final ServerSocket server;
    private final boolean tls;
    /** Over TLS, what answers a connection on which HTTP/2 was picked; null where HTTP/2 is never picked. */
    private final Script http2;
    /** Over TLS, the protocols (ALPN) each connection's client offered, in order. */
    private final List<List<String>> offered = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();

    /** Each connection closed once its script has written its answer. */
    public ScriptedMirror(Script script) throws IOException {
        this(script, false, ServerSocketFactory.getDefault(), null);
    }

    private ScriptedMirror(Script script, boolean holdOpen, ServerSocketFactory sockets, Script http2)
            throws IOException {
        this.script = script;
        this.holdOpen = holdOpen;
        this.server = sockets.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.tls = sockets instanceof SSLServerSocketFactory;
        this.http2 = http2;
        Thread.ofVirtual().name("scripted-mirror-accept").start(this::acceptLoop);
    }

    /** Each connection left open and silent after its answer, until {@link #close}. */
    public static ScriptedMirror holdingOpen(Script script) throws IOException {
        return new ScriptedMirror(script, true, ServerSocketFactory.getDefault(), null);
    }

    /**
     * Over TLS from {@code tls} (see {@link LoopbackTls}): HTTP/2 picked whenever a client offers it (ALPN), and
     * such a connection answered by {@code http2} once the client's preface is in, with the bytes it writes after
     * the TLS handshake; any other connection is HTTP/1.1, answered by {@code http1}.
     */
    public static ScriptedMirror overTlsPreferringHttp2(SSLServerSocketFactory tls, Script http2, Script http1)
            throws IOException {
        return new ScriptedMirror(http1, false, tls, http2);
    }

    /** The protocols the client offered on each connection over TLS, in order (ALPN; empty where none). */
    public List<List<String>> protocolsOffered() {
        return List.copyOf(offered);
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

    /**
     * An honest answer to a ranged request: 206 with its Content-Range and Content-Length, then
     * {@code extraHeaderLines} (each ending in CRLF; "" for none), then exactly the bytes asked of {@code content}
     * (encoded as UTF-8: a header may carry bytes past ASCII on purpose).
     */
    public static Script partial(byte[] content, String extraHeaderLines) {
        return (first, last, n, out) -> {
            out.write(("HTTP/1.1 206 Partial Content\r\nContent-Range: %s\r\nContent-Length: %d\r\n%s\r\n")
                    .formatted(ContentRange.header(first, last, content.length), last - first + 1, extraHeaderLines)
                    .getBytes(StandardCharsets.UTF_8));
            out.write(content, (int) first, (int) (last - first + 1));
        };
    }

    public String url(String path) {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort() + path;
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
                if (socket instanceof SSLSocket secured) {
                    secured.setHandshakeApplicationProtocolSelector(this::pickProtocol);
                }
                clients.add(socket);
                Thread.ofVirtual().name("scripted-mirror-answer").start(() -> answer(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private String pickProtocol(SSLSocket socket, List<String> protocols) {
        offered.add(List.copyOf(protocols));
        if (http2 != null && protocols.contains("h2")) {
            return "h2";
        }
        return protocols.contains("http/1.1") ? "http/1.1" : ""; // "": no ALPN, which HTTP/1.1 clients accept
    }

    private void answer(Socket socket) {
        try {
            // Over HTTP/2 the client's preface ("PRI * HTTP/2.0", a blank line, "SM", a blank line) ends its "head"
            // at the first blank line, as a request head does.
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
            boolean overHttp2 = socket instanceof SSLSocket secured && "h2".equals(secured.getApplicationProtocol());
            (overHttp2 ? http2 : script).answer(ranged ? Long.parseLong(range.group(1)) : -1, ranged ? Long.parseLong(range.group(2)) : -1,
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
