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
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.conscrypt.Conscrypt;

/**
 * The {@code jvm-receive-floor} contender: the least a Java program pays to receive and decrypt the bench's file
 * over HTTPS from one mirror, in a fresh JVM started with the client's own flags. It uses the fastest TLS a JVM
 * can load here, Conscrypt's BoringSSL, through its {@link SSLEngine} over a blocking {@link SocketChannel} with
 * 256 KiB reads into direct buffers, and throws every byte away once counted: nothing is written or hashed.
 *
 * <p>Written by hand, not with an HTTP library, on purpose: what it measures is the cost under any library (the
 * JVM's start, loading Conscrypt, one handshake, decrypting every record), so that the bench can tell the
 * JVM's share of the client's CPU from the share of the client's own code. Measured side by side on 1 GiB, this
 * path cost about 0.2 core-s less than Conscrypt's engine socket (what OkHttp gets) read 64 KiB at a time. The
 * certificate is checked as the client checks it: the test CA only, and the host name.
 *
 * <p>Prints the body's length on standard output and exits 0 when the response was a 200 whose body was as long
 * as its {@code Content-Length}; else says what went wrong on standard error and exits 1 (2 for wrong arguments).
 */
public final class JvmReceiveFloor {
    private static final int NETWORK_READ = 256 * 1024;
    /** One decrypted record at a time (Conscrypt's unwrap takes one per call), with room to spare. */
    private static final int PLAIN_BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final SocketChannel channel;
    private final ByteBuffer fromNetwork = ByteBuffer.allocateDirect(NETWORK_READ);
    private final ByteBuffer toNetwork = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer plain = ByteBuffer.allocateDirect(PLAIN_BUFFER);

    private JvmReceiveFloor(SSLEngine engine, SocketChannel channel) {
        this.engine = engine;
        this.channel = channel;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: JvmReceiveFloor HTTPS_URL CA_CERTIFICATE_PEM");
            System.exit(2);
        }
        try {
            // As drill get's own process does: the certificate chain's ECDSA check then runs in BoringSSL, not in the
            // JDK's P-256 code, whose first use builds its tables in interpreted Java (about 0.1 core-s). Only in
            // this process's main: tests call receive() in a JVM they share.
            Security.insertProviderAt(Conscrypt.newProvider(), 1);
            System.out.println(receive(URI.create(args[0]), Path.of(args[1])));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            System.err.println("jvm-receive-floor: " + e);
            System.exit(1);
        }
    }

    /** Downloads {@code url} (HTTPS) trusting only the CA in {@code caPem}; returns the body's length. */
    static long receive(URI url, Path caPem) throws IOException, GeneralSecurityException {
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getPort() < 0) {
            throw new IllegalArgumentException("expected an https URL with a port, was " + url);
        }
        SSLEngine engine = context(caPem).createSSLEngine(url.getHost(), url.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()))) {
            JvmReceiveFloor connection = new JvmReceiveFloor(engine, channel);
            connection.handshake();
            connection.send(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return connection.body();
        }
    }

    private static SSLContext context(Path caPem) throws IOException, GeneralSecurityException {
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

    private void handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (needsMore(unwrap())) {
                        fill();
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

    private void send(byte[] request) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            wrap(out);
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

    /** During the handshake: decrypts what {@code fromNetwork} holds into {@code plain} (both left ready for more). */
    private SSLEngineResult unwrap() throws IOException {
        fromNetwork.flip();
        try {
            SSLEngineResult result = engine.unwrap(fromNetwork, plain);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new IOException("TLS unwrap: no room for a record in %d bytes".formatted(plain.remaining()));
            }
            return result;
        } finally {
            fromNetwork.compact();
        }
    }

    private void fill() throws IOException {
        if (channel.read(fromNetwork) < 0) {
            throw new EOFException("the server closed the connection");
        }
    }

    /**
     * Reads the response: a 200 with a Content-Length, whose body is counted as it is decrypted, then dropped. Each
     * 256 KiB read is decrypted record by record (Conscrypt's {@code unwrap} takes one record per call) from the
     * same flipped buffer, which is compacted once per read, not once per record: a compact per record would shift
     * the rest of the buffer each time, some eight bytes copied per byte received, and the floor would be the
     * copying's.
     */
    private long body() throws IOException {
        StringBuilder header = new StringBuilder();
        long length = -1;
        long received = 0;
        fromNetwork.flip();
        while (length < 0 || received < length) {
            plain.clear();
            SSLEngineResult result = engine.unwrap(fromNetwork, plain);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new IOException("TLS unwrap: no room for a record in %d bytes".formatted(plain.remaining()));
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                break;
            }
            if (needsMore(result)) {
                fromNetwork.compact();
                fill();
                fromNetwork.flip();
                continue;
            }
            plain.flip();
            if (length < 0) {
                while (plain.hasRemaining() && !endsWithBlankLine(header)) {
                    header.append((char) (plain.get() & 0xff));
                }
                if (!endsWithBlankLine(header)) {
                    if (header.length() > MAX_HEADER_BYTES) {
                        throw new IOException("no end of the response header in %d bytes".formatted(header.length()));
                    }
                    continue;
                }
                length = contentLength(header.toString());
            }
            received += plain.remaining();
        }
        if (length < 0 || received != length) {
            throw new IOException("the body ended after %d bytes; Content-Length said %d".formatted(received, length));
        }
        return received;
    }

    /** Whether the engine can do nothing more with the bytes it holds (a record not whole yet). */
    private static boolean needsMore(SSLEngineResult result) {
        return result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                || result.bytesConsumed() == 0 && result.bytesProduced() == 0;
    }

    private static boolean endsWithBlankLine(StringBuilder header) {
        int n = header.length();
        return n >= 4 && header.charAt(n - 4) == '\r' && header.charAt(n - 3) == '\n' && header.charAt(n - 2) == '\r'
                && header.charAt(n - 1) == '\n';
    }

    private static long contentLength(String header) throws IOException {
        String[] lines = header.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 200 ")) {
            throw new IOException("expected HTTP/1.1 200, the server said '" + lines[0] + "'");
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
