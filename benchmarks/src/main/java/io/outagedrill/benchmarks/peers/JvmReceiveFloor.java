package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Security;
import org.conscrypt.Conscrypt;

/**
 * The {@code jvm-receive-floor} contender: the least a Java program pays to receive and decrypt the bench's file
 * over HTTPS from one mirror, in a fresh JVM started with the client's own flags. It uses the fastest TLS a JVM
 * can load here, Conscrypt's BoringSSL, through its engine over a blocking channel ({@link EngineConnection}), and
 * throws every byte away once counted: nothing is written or hashed.
 *
 * <p>No HTTP library, on purpose: what it measures is the cost under any library (the JVM's start, loading
 * Conscrypt, one handshake, decrypting every record), so that the bench can tell the JVM's share of the client's
 * CPU from the share of the client's own code. Measured side by side on 1 GiB, this path cost about 0.2 core-s less
 * than Conscrypt's engine socket (what OkHttp gets) read 64 KiB at a time.
 *
 * <p>Prints the body's length on standard output and exits 0 when the response was a 200 whose body was as long
 * as its {@code Content-Length}; else says what went wrong on standard error and exits 1 (2 for wrong arguments).
 */
public final class JvmReceiveFloor {
    private JvmReceiveFloor() {
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
        try (EngineConnection connection = EngineConnection.open(url, EngineConnection.context(caPem))) {
            connection.get(url, null, true);
            ByteBuffer plain = connection.plainBuffer();
            long length = connection.head(plain, 200);
            long received = plain.remaining();
            while (received < length) {
                plain.clear();
                if (!connection.decryptInto(plain)) {
                    break;
                }
                received += plain.position();
            }
            if (received != length) {
                throw new IOException("the body ended after %d bytes; Content-Length said %d".formatted(received,
                        length));
            }
            return received;
        }
    }
}
