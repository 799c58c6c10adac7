package io.outagedrill.fakes.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throwaway certificate authority made at start (EC P-256: generating keys takes milliseconds). It
 * issues server certificates for fake CDN host names, and the bad ones a client must refuse
 * ({@link CertificateKind}). Clients under test trust this CA and nothing else: {@link #trustManager()},
 * {@link #clientSslContext()}, or the PEM file for curl's {@code --cacert} / aria2's {@code --ca-certificate}.
 * Validity is computed from an injected {@link Clock}.
 */
public final class TestCertificateAuthority {
    /** The only name in a {@link CertificateKind#WRONG_HOST} certificate. */
    public static final String WRONG_HOST = "wrong-host.invalid";

    private static final Duration LEAF_VALIDITY = Duration.ofDays(7);

    private final Clock clock;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final AtomicLong serials = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    private TestCertificateAuthority(Clock clock) {
        this.clock = clock;
        this.caKeys = newKeyPair();
        byte[] name = CertificateBuilder.name("Outage Drill Test CA " + Long.toHexString(serials.get()), "Outage Drill");
        Instant now = clock.instant();
        this.caCertificate = sign(new CertificateBuilder(name, name, nextSerial(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)), publicKey(caKeys))
                .basicConstraints(true)
                .keyUsage(CertificateBuilder.KEY_CERT_SIGN, CertificateBuilder.CRL_SIGN)
                .subjectKeyIdentifier(), caKeys.getPrivate());
    }

    public static TestCertificateAuthority create() {
        return create(Clock.systemUTC());
    }

    public static TestCertificateAuthority create(Clock clock) {
        return new TestCertificateAuthority(Objects.requireNonNull(clock, "clock"));
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    /** A valid server certificate for these names (DNS names, or IPv4 and IPv6 literals as IP addresses). */
    public ServerCredentials issue(String... hostnames) {
        return issue(CertificateKind.VALID, hostnames);
    }

    /** A server certificate of the given kind for these names (a wrong-host one ignores them). */
    public ServerCredentials issue(CertificateKind kind, String... hostnames) {
        if (hostnames.length == 0) {
            throw new IllegalArgumentException("a server certificate names at least one host");
        }
        Instant now = clock.instant();
        KeyPair keys = newKeyPair();
        List<String> names = kind == CertificateKind.WRONG_HOST ? List.of(WRONG_HOST) : Arrays.asList(hostnames);
        Instant notBefore = kind == CertificateKind.EXPIRED ? now.minus(Duration.ofDays(8)) : now.minus(Duration.ofHours(1));
        Instant notAfter = kind == CertificateKind.EXPIRED ? now.minus(Duration.ofDays(1)) : now.plus(LEAF_VALIDITY);
        boolean selfSigned = kind == CertificateKind.SELF_SIGNED;
        byte[] subject = CertificateBuilder.name(names.getFirst(), null);
        // The issuer exactly as the CA certificate encodes its subject: chain building compares the bytes.
        byte[] issuer = selfSigned ? subject : caCertificate.getSubjectX500Principal().getEncoded();
        CertificateBuilder leaf = new CertificateBuilder(issuer, subject, nextSerial(), notBefore, notAfter,
                publicKey(keys))
                .basicConstraints(false)
                .keyUsage(CertificateBuilder.DIGITAL_SIGNATURE)
                .serverAuth()
                .subjectAlternativeNames(names);
        if (!selfSigned) {
            leaf.authorityKeyIdentifier(publicKey(caKeys));
        }
        X509Certificate certificate = sign(leaf, selfSigned ? keys.getPrivate() : caKeys.getPrivate());
        return new ServerCredentials(keys.getPrivate(),
                selfSigned ? List.of(certificate) : List.of(certificate, caCertificate));
    }

    /** The CA certificate in PEM. */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(caCertificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the CA certificate cannot be encoded", e);
        }
    }

    /** Writes the CA certificate as PEM to {@code file} and returns it. */
    public Path writePem(Path file) throws IOException {
        return Files.writeString(file, pem());
    }

    /** A trust manager that trusts this CA and nothing else (not the JDK's default roots). */
    public X509TrustManager trustManager() {
        try {
            KeyStore roots = KeyStore.getInstance("PKCS12");
            roots.load(null, null);
            roots.setCertificateEntry("outage-drill-ca", caCertificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(roots);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offered no X509TrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager for the test CA", e);
        }
    }

    /** A client TLS context that trusts only this CA (for {@code java.net.http.HttpClient}). */
    public SSLContext clientSslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }

    /**
     * The socket factory of {@link #clientSslContext()}; pair it with {@link #trustManager()} for OkHttp's
     * {@code sslSocketFactory(factory, trustManager)}.
     */
    public SSLSocketFactory socketFactory() {
        return clientSslContext().getSocketFactory();
    }

    private BigInteger nextSerial() {
        return BigInteger.valueOf(serials.incrementAndGet());
    }

    private static X509Certificate sign(CertificateBuilder certificate, PrivateKey issuerKey) {
        try {
            return certificate.sign(issuerKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static ECPublicKey publicKey(KeyPair keys) {
        return (ECPublicKey) keys.getPublic();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has EC P-256", e);
        }
    }
}
