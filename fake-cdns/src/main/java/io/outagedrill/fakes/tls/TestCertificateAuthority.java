package io.outagedrill.fakes.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

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

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration LEAF_VALIDITY = Duration.ofDays(7);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Clock clock;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final AtomicLong serials = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    private TestCertificateAuthority(Clock clock) {
        this.clock = clock;
        this.caKeys = newKeyPair();
        X500Name name = new X500Name("CN=Outage Drill Test CA " + Long.toHexString(serials.get()) + ",O=Outage Drill");
        Instant now = clock.instant();
        this.caCertificate = sign(new JcaX509v3CertificateBuilder(name, nextSerial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                caKeys.getPublic()), caKeys.getPrivate(), builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions().createSubjectKeyIdentifier(caKeys.getPublic()));
        });
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

    /** A valid server certificate for these names (DNS names, or IPv4 literals as IP addresses). */
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
        X500Name subject = new X500Name("CN=" + names.getFirst());
        X500Name issuer = selfSigned ? subject : X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
        X509Certificate leaf = sign(new JcaX509v3CertificateBuilder(issuer, nextSerial(), Date.from(notBefore),
                Date.from(notAfter), subject, keys.getPublic()), selfSigned ? keys.getPrivate() : caKeys.getPrivate(),
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                            .map(n -> new GeneralName(IPV4.matcher(n).matches() ? GeneralName.iPAddress
                                    : GeneralName.dNSName, n))
                            .toArray(GeneralName[]::new)));
                    if (!selfSigned) {
                        builder.addExtension(Extension.authorityKeyIdentifier, false,
                                extensions().createAuthorityKeyIdentifier(caCertificate));
                    }
                });
        return new ServerCredentials(keys.getPrivate(), selfSigned ? List.of(leaf) : List.of(leaf, caCertificate));
    }

    /** The CA certificate in PEM. */
    public String pem() {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(caCertificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
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

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException, GeneralSecurityException;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, Extensions extensions) {
        try {
            extensions.add(builder);
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static JcaX509ExtensionUtils extensions() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 for key identifiers is missing", e);
        }
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
