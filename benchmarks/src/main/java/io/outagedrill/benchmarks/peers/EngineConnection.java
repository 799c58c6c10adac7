package io.outagedrill.benchmarks.peers;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.conscrypt.Conscrypt;

/**
 * One HTTPS connection for the JVM floors ({@link JvmReceiveFloor}, {@link JvmDownloadFloor}): Conscrypt's
 * BoringSSL through its {@link SSLEngine} over a blocking {@link SocketChannel}, 256 KiB reads into direct buffers,
 * HTTP/1.1 spoken by hand. Written by hand, not with an HTTP library, on purpose: the floors measure what a Java
 * program pays under any library (the JVM's start, loading Conscrypt, the handshakes, decrypting every record).
 * The certificate is checked as the client checks it: the test CA only, and the host name.
 */
final class EngineConnection implements AutoCloseable {
    private static final int NETWORK_READ = 256 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final SocketChannel channel;
    /** Bytes from the network not yet decrypted; between calls always flipped, ready to be read. */
    private final ByteBuffer fromNetwork = ByteBuffer.allocateDirect(NETWORK_READ).flip();
    private final ByteBuffer toNetwork = ByteBuffer.allocateDirect(64 * 1024);
    /** The most one record decrypts to: less room than this and the engine refuses to unwrap. */
    private final int recordRoom;

    private EngineConnection(SSLEngine engine, SocketChannel channel) {
        this.engine = engine;
        this.channel = channel;
        this.recordRoom = engine.getSession().getApplicationBufferSize();
    }

    /** Connects to {@code url} (HTTPS, with a port) and completes the TLS handshake. */
    static EngineConnection open(URI url, SSLContext context) throws IOException {
        return open(url, context, connection -> { });
    }

    /**
     * As {@link #open(URI, SSLContext)}, handing the connection to {@code connected} before the handshake, so that
     * whoever may have to end it (closing it wakes a blocked read) can from then on.
     */
    static EngineConnection open(URI url, SSLContext context, java.util.function.Consumer<EngineConnection> connected)
            throws IOException {
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getPort() < 0) {
            throw new IllegalArgumentException("expected an https URL with a port, was " + url);
        }
        SSLEngine engine = context.createSSLEngine(url.getHost(), url.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
        EngineConnection connection = new EngineConnection(engine, channel);
        try {
            connected.accept(connection);
            connection.handshake();
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A TLS context that trusts only the CA in {@code caPem}, on Conscrypt. */
    static SSLContext context(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Provider conscrypt = Conscrypt.newProvider();
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX", conscrypt);
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS", conscrypt);
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Sends a GET for {@code url}'s path, with a {@code Range} header when {@code range} is not null. */
    void get(URI url, String range, boolean close) throws IOException {
        String request = "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\n" + (range == null ? "" : "Range: bytes=" + range + "\r\n")
                + (close ? "Connection: close\r\n" : "") + "\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            wrap(out);
        }
    }

    /**
     * Reads a response's head, which must have {@code status} and a {@code Content-Length}; returns that length.
     * {@code plain} (a buffer of {@link #plainBuffer()}) is left flipped, holding the first bytes of the body that
     * came with the head.
     */
    long head(ByteBuffer plain, int status) throws IOException {
        StringBuilder header = new StringBuilder();
        while (true) {
            plain.clear();
            if (!decryptInto(plain)) {
                throw new EOFException("the server closed the connection before the end of the response's head");
            }
            plain.flip();
            while (plain.hasRemaining() && !endsWithBlankLine(header)) {
                header.append((char) (plain.get() & 0xff));
            }
            if (endsWithBlankLine(header)) {
                return contentLength(header.toString(), status);
            }
            if (header.length() > MAX_HEADER_BYTES) {
                throw new IOException("no end of the response header in %d bytes".formatted(header.length()));
            }
        }
    }

    /** A buffer to decrypt into: room for several records. */
    ByteBuffer plainBuffer() {
        return ByteBuffer.allocateDirect(16 * recordRoom);
    }

    /**
     * Decrypts into {@code plain} every whole record the network buffer holds, as long as a record still fits, reading
     * from the network (blocking) only while nothing was decrypted yet: so the caller can work on what came while
     * the next bytes arrive. Returns false when the server closed the connection and nothing was decrypted. Each
     * 256 KiB read is compacted once, not once per record: a compact per record would shift the rest of the buffer
     * each time, some eight bytes copied per byte received, and the floor would be the copying's.
     */
    boolean decryptInto(ByteBuffer plain) throws IOException {
        int start = plain.position();
        while (plain.remaining() >= recordRoom) {
            SSLEngineResult result = engine.unwrap(fromNetwork, plain);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                return plain.position() > start;
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new IOException("TLS unwrap: no room for a record in %d bytes".formatted(plain.remaining()));
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                if (plain.position() > start) {
                    return true;
                }
                fromNetwork.compact();
                int n = channel.read(fromNetwork);
                fromNetwork.flip();
                if (n < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void handshake() throws IOException {
        ByteBuffer plain = ByteBuffer.allocate(recordRoom);
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult result = engine.unwrap(fromNetwork, plain);
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        throw new IOException("TLS unwrap: no room for a record in %d bytes"
                                .formatted(plain.remaining()));
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new EOFException("the server closed TLS during the handshake");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        fromNetwork.compact();
                        int n = channel.read(fromNetwork);
                        fromNetwork.flip();
                        if (n < 0) {
                            throw new EOFException("the server closed the connection during the TLS handshake");
                        }
                    }
                }
                case NEED_TASK -> {
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    return;
                }
            }
        }
    }

    private void wrap(ByteBuffer source) throws IOException {
        toNetwork.clear();
        SSLEngineResult result = engine.wrap(source, toNetwork);
        if (result.getStatus() != SSLEngineResult.Status.OK) {
            throw new IOException("TLS wrap: " + result);
        }
        toNetwork.flip();
        while (toNetwork.hasRemaining()) {
            channel.write(toNetwork);
        }
    }

    private static boolean endsWithBlankLine(StringBuilder header) {
        int n = header.length();
        return n >= 4 && header.charAt(n - 4) == '\r' && header.charAt(n - 3) == '\n' && header.charAt(n - 2) == '\r'
                && header.charAt(n - 1) == '\n';
    }

    private static long contentLength(String header, int status) throws IOException {
        String[] lines = header.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 " + status + " ")) {
            throw new IOException("expected HTTP/1.1 " + status + ", the server said '" + lines[0] + "'");
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        throw new IOException("the response has no Content-Length: " + lines[0]);
    }
}
