package io.outagedrill.client.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLServerSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** A test CA of its own and a server certificate it signed for 127.0.0.1: mirrors over TLS on loopback. */
public final class LoopbackTls {
    private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    private final HeldCertificate server = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
            .signedBy(ca).build();

    /** Server sockets that present the certificate for 127.0.0.1. */
    public SSLServerSocketFactory serverSockets() {
        return new HandshakeCertificates.Builder().heldCertificate(server).build().sslContext()
                .getServerSocketFactory();
    }

    /** The key and certificate for 127.0.0.1, for a server of any TLS implementation to present. */
    public javax.net.ssl.X509KeyManager serverKeys() {
        return new HandshakeCertificates.Builder().heldCertificate(server).build().keyManager();
    }

    /** The CA's certificate, for a client to trust alone. */
    public java.security.cert.X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** Writes the CA's certificate (PEM) into {@code dir}, for a client to trust alone; returns its path. */
    public Path caPem(Path dir) throws IOException {
        return Files.writeString(dir.resolve("loopback-ca.pem"), ca.certificatePem());
    }
}
