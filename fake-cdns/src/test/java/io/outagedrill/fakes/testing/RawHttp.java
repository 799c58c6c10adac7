package io.outagedrill.fakes.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client for asserting exactly what is on the wire: it decodes nothing the
 * test does not ask for, never follows redirects, never decompresses, and reports a connection that closed
 * before the promised body was complete.
 */
public final class RawHttp implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 20_000;

    private final Socket socket;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    public static RawHttp connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new RawHttp(socket);
    }

    /** One GET with {@code Connection: close} and extra header lines, read to the end. */
    public static Response get(InetSocketAddress address, String path, String... headerLines) throws IOException {
        return exchange(address, "GET", path, headerLines);
    }

    public static Response exchange(InetSocketAddress address, String method, String path, String... headerLines)
            throws IOException {
        try (RawHttp http = connect(address)) {
            http.send(method, path, headerLines);
            Response head = http.readHead();
            return "HEAD".equals(method) ? head.withBody(http.readToEnd(), false) : http.readBody(head);
        }
    }

    public Socket socket() {
        return socket;
    }

    public void send(String method, String path, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: fake.test\r\n"
                + "Connection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads the status line and headers only. */
    public Response readHead() throws IOException {
        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed before a status line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, new byte[0], false);
    }

    /** Reads the body as framed (Content-Length, chunked or to EOF), noting a premature close. */
    public Response readBody(Response head) throws IOException {
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                if (sizeLine == null) {
                    return head.withBody(body.toByteArray(), true);
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    readLine();
                    return head.withBody(body.toByteArray(), false);
                }
                byte[] chunk = in.readNBytes(size);
                body.write(chunk);
                if (chunk.length < size) {
                    return head.withBody(body.toByteArray(), true);
                }
                readLine();
            }
        }
        String length = head.header("content-length");
        if (length != null) {
            long n = Long.parseLong(length);
            byte[] body = in.readNBytes((int) n);
            return head.withBody(body, body.length < n);
        }
        return head.withBody(readToEnd(), false);
    }

    public byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** Reads exactly {@code n} bytes or fewer if the connection closes first. */
    public byte[] readUpTo(int n) throws IOException {
        return in.readNBytes(n);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * @param truncated the connection closed before the framing said the body was complete
     */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean truncated) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        Response withBody(byte[] newBody, boolean cut) {
            return new Response(status, headers, newBody, cut);
        }
    }
}
