package io.outagedrill.fakes.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One X.509 v3 certificate (RFC 5280) for an EC P-256 key, signed ECDSA with SHA-256, written in DER by
 * {@link Der}. Only what the test CA needs: a CN and O name, validity, basic constraints, key usage, server
 * auth, subject alternative names and key identifiers.
 *
 * <p>Written here rather than with BouncyCastle: BouncyCastle's jars are signed, and the JDK checks those
 * signatures (and a digest of every class it reads from them) the first time a class is loaded, which with
 * the 400-odd classes certificate building touches cost about half a second of every first topology start.
 */
final class CertificateBuilder {
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** KeyUsage bit numbers (RFC 5280 §4.2.1.3). */
    static final int DIGITAL_SIGNATURE = 0;
    static final int KEY_CERT_SIGN = 5;
    static final int CRL_SIGN = 6;
    /** A dotted quad of 0-255 each, without leading zeros (which some parsers read as octal). */
    private static final Pattern IPV4 =
            Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** Only digits and dots: a host name never looks like this (RFC 1123 §2.1), so it is a broken IPv4 literal. */
    private static final Pattern NUMERIC = Pattern.compile("[\\d.]+");

    private final byte[] issuer;
    private final byte[] subject;
    private final BigInteger serial;
    private final Instant notBefore;
    private final Instant notAfter;
    private final ECPublicKey publicKey;
    private final List<byte[]> extensions = new ArrayList<>();

    /** {@code issuer} and {@code subject} are DER names ({@link #name}, or a certificate's own encoding). */
    CertificateBuilder(byte[] issuer, byte[] subject, BigInteger serial, Instant notBefore, Instant notAfter,
                       ECPublicKey publicKey) {
        this.issuer = issuer;
        this.subject = subject;
        this.serial = serial;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.publicKey = publicKey;
    }

    /** A distinguished name of a common name and, when not null, an organization. */
    static byte[] name(String commonName, String organization) {
        List<byte[]> rdns = new ArrayList<>();
        if (organization != null) {
            rdns.add(Der.set(Der.sequence(Der.oid(ORGANIZATION), Der.utf8String(organization))));
        }
        rdns.add(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
        return Der.sequence(rdns.toArray(byte[][]::new));
    }

    /** A CA ({@code pathLen} 0: it issues leaves only), or a leaf; critical either way. */
    CertificateBuilder basicConstraints(boolean ca) {
        return extension(BASIC_CONSTRAINTS, true,
                ca ? Der.sequence(Der.bool(true), Der.integer(BigInteger.ZERO)) : Der.sequence());
    }

    /** Critical key usage with these bits ({@link #DIGITAL_SIGNATURE}, {@link #KEY_CERT_SIGN}, ...). */
    CertificateBuilder keyUsage(int... bits) {
        return extension(KEY_USAGE, true, Der.namedBits(bits));
    }

    CertificateBuilder serverAuth() {
        return extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH)));
    }

    /**
     * DNS names, and IP literals (IPv4, or IPv6 with or without brackets) as IP addresses: a verifier matches
     * a connection to an address only against IP address entries, and the JDK refuses a certificate whose
     * DNS name holds a colon.
     */
    CertificateBuilder subjectAlternativeNames(List<String> names) {
        List<byte[]> general = new ArrayList<>();
        for (String name : names) {
            byte[] address = ipLiteral(name);
            general.add(address != null ? Der.implicit(7, address)
                    : Der.implicit(2, name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        return extension(SUBJECT_ALT_NAME, false, Der.sequence(general.toArray(byte[][]::new)));
    }

    CertificateBuilder subjectKeyIdentifier() {
        return extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier(publicKey)));
    }

    /** Names the issuing key, so a verifier picks the right CA certificate. */
    CertificateBuilder authorityKeyIdentifier(ECPublicKey issuerKey) {
        return extension(AUTHORITY_KEY_IDENTIFIER, false, Der.sequence(Der.implicit(0, keyIdentifier(issuerKey))));
    }

    /** Signs with {@code issuerKey} and parses the result with the JDK's own X.509 parser. */
    X509Certificate sign(PrivateKey issuerKey) throws GeneralSecurityException {
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
                Der.integer(serial),
                algorithm,
                issuer,
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                subject,
                publicKey.getEncoded(), // already a DER SubjectPublicKeyInfo
                Der.explicit(3, Der.sequence(extensions.toArray(byte[][]::new))));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(issuerKey);
        signer.update(tbs);
        byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private CertificateBuilder extension(String oid, boolean critical, byte[] value) {
        extensions.add(critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value)));
        return this;
    }

    /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the public key's bits (the uncompressed point). */
    private static byte[] keyIdentifier(ECPublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(uncompressedPoint(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static byte[] uncompressedPoint(ECPublicKey key) {
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] point = new byte[1 + 2 * size];
        point[0] = 0x04;
        unsigned(key.getW().getAffineX(), point, 1, size);
        unsigned(key.getW().getAffineY(), point, 1 + size, size);
        return point;
    }

    /** {@code value} as exactly {@code size} big-endian bytes (BigInteger may add a sign byte or drop zeros). */
    private static void unsigned(BigInteger value, byte[] out, int offset, int size) {
        byte[] bytes = value.toByteArray();
        int skip = Math.max(0, bytes.length - size);
        System.arraycopy(bytes, skip, out, offset + size - (bytes.length - skip), bytes.length - skip);
    }

    /**
     * The address bytes of an IP literal (4 for IPv4, 16 for IPv6), or null for a DNS name.
     *
     * @throws IllegalArgumentException for something that is neither, such as {@code 999.1.1.1}
     */
    static byte[] ipLiteral(String name) {
        if (IPV4.matcher(name).matches()) {
            byte[] address = new byte[4];
            String[] octets = name.split("\\.");
            for (int i = 0; i < 4; i++) {
                address[i] = (byte) Integer.parseInt(octets[i]);
            }
            return address;
        }
        if (NUMERIC.matcher(name).matches()) {
            throw new IllegalArgumentException("not an IPv4 address (four numbers 0-255) nor a host name: " + name);
        }
        if (!name.contains(":")) {
            return null;
        }
        String literal = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (literal.contains("%") || literal.contains("[") || literal.contains("]")) {
            // A zone names an interface of one machine: no certificate can name it.
            throw new IllegalArgumentException("not an IPv6 address a certificate can name: " + name);
        }
        try {
            // With a colon in it the JDK reads it as an IPv6 literal, never a host name: no lookup. An
            // IPv4-mapped one (::ffff:a.b.c.d) comes back as its IPv4 address, as the JDK compares it too.
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + name, e);
        }
    }
}
