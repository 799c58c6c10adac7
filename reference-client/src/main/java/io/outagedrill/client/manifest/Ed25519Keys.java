package io.outagedrill.client.manifest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.outagedrill.client.Conscrypts;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Ed25519 keys between their JWK form (RFC 8037: the raw 32-byte public key {@code x} and private seed {@code d})
 * and the form the Java security API takes (RFC 8410: a SubjectPublicKeyInfo and a PKCS #8 key, each a fixed DER
 * prefix before the same raw bytes), and the provider that signs and checks with them.
 *
 * <p>Written here, with {@link JcaEd25519Signer} and {@link JcaEd25519Verifier}, because Nimbus hands Ed25519 to
 * Tink, which would bring protobuf-java and three more jars (five in all) into every application that embeds the
 * client. The JDK has had Ed25519 since 15 (SunEC), and Conscrypt has BoringSSL's; Nimbus still parses and checks
 * the JWS.
 */
final class Ed25519Keys {
    /** Bytes in a raw public key, a private seed, and a signature (RFC 8032). */
    static final int KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;
    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }: RFC 8410, section 4. */
    private static final byte[] PUBLIC_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }: section 7. */
    private static final byte[] PRIVATE_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final String ALGORITHM = "Ed25519";
    private static final BigInteger FIELD_PRIME = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** y of the points of order 8, with its negation below. */
    private static final BigInteger ORDER_8_Y =
            new BigInteger("05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826", 16);
    /** y of each point whose order divides 8: 0 (order 4), 1 (the neutral point), -1 (order 2), ±y8 (order 8). */
    private static final Set<BigInteger> SMALL_ORDER_Y = Set.of(BigInteger.ZERO, BigInteger.ONE,
            FIELD_PRIME.subtract(BigInteger.ONE), ORDER_8_Y, FIELD_PRIME.subtract(ORDER_8_Y));

    private Ed25519Keys() {
    }

    /**
     * The provider to sign and check with: {@code chosen} when the caller set one, else BoringSSL's where Conscrypt
     * loads with Ed25519 (native from the first call, as for ES256), else null for the JVM's own choice (the JDK's
     * SunEC).
     */
    static Provider provider(Provider chosen) {
        return chosen != null ? chosen : withEd25519(Conscrypts.providerOrNull());
    }

    /**
     * {@code candidate} when it signs and reads Ed25519 keys, else null. Conscrypt has Ed25519 from 2.6.0 on: an
     * application that resolves an older Conscrypt beside the client must still check its EdDSA manifests.
     */
    static Provider withEd25519(Provider candidate) {
        return candidate != null && candidate.getService("Signature", ALGORITHM) != null
                && candidate.getService("KeyFactory", ALGORITHM) != null
                && candidate.getService("KeyPairGenerator", ALGORITHM) != null ? candidate : null;
    }

    /**
     * Refuses, for {@code role} ("an Ed25519 verifier"), a key of another curve, or one with ({@code privateHalf}
     * false) or without ({@code privateHalf} true) its private part.
     */
    static void requireEd25519(OctetKeyPair key, boolean privateHalf, String role) throws JOSEException {
        if (!Curve.Ed25519.equals(key.getCurve())) {
            throw new JOSEException(role + " takes an OKP key with crv Ed25519, not " + key.getCurve());
        }
        if (key.isPrivate() != privateHalf) {
            throw new JOSEException(role + (privateHalf ? " takes a private key (with d)"
                    : " takes the public key alone (toPublicJWK())"));
        }
    }

    /** Refuses a header whose {@code alg} is not EdDSA (or its fully-specified name Ed25519) for {@code role}. */
    static void requireEdDsa(JWSHeader header, String role) throws JOSEException {
        JWSAlgorithm alg = header.getAlgorithm();
        if (!JWSAlgorithm.EdDSA.equals(alg) && !JWSAlgorithm.Ed25519.equals(alg)) {
            throw new JOSEException(role + " takes alg EdDSA or Ed25519, not " + alg);
        }
    }

    static Signature signature(Provider provider) throws NoSuchAlgorithmException {
        return provider == null ? Signature.getInstance(ALGORITHM) : Signature.getInstance(ALGORITHM, provider);
    }

    static PublicKey publicKey(byte[] x, Provider provider) throws GeneralSecurityException {
        return keyFactory(provider).generatePublic(new X509EncodedKeySpec(prefixed(PUBLIC_PREFIX, x, "x")));
    }

    static PrivateKey privateKey(byte[] d, Provider provider) throws GeneralSecurityException {
        return keyFactory(provider).generatePrivate(new PKCS8EncodedKeySpec(prefixed(PRIVATE_PREFIX, d, "d")));
    }

    /**
     * A new key pair as a private JWK ({@code crv} Ed25519, {@code x} and {@code d}), nothing else set, made by
     * the same provider that signs with it.
     */
    static OctetKeyPair.Builder generate() throws JOSEException {
        Provider provider = provider(null);
        try {
            KeyPair pair = (provider == null ? KeyPairGenerator.getInstance(ALGORITHM)
                    : KeyPairGenerator.getInstance(ALGORITHM, provider)).generateKeyPair();
            byte[] x = raw(pair.getPublic().getEncoded(), PUBLIC_PREFIX, "public");
            // The JDK's own interface where the key has it: a provider may encode the private key in PKCS #8's
            // second version, with the public key inside, where the prefix below would not match.
            byte[] d = pair.getPrivate() instanceof EdECPrivateKey edec && edec.getBytes().isPresent()
                    ? edec.getBytes().get()
                    : raw(pair.getPrivate().getEncoded(), PRIVATE_PREFIX, "private");
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d));
        } catch (NoSuchAlgorithmException e) {
            throw new JOSEException("this JVM has no Ed25519 key generator: " + e.getMessage(), e);
        }
    }

    /**
     * Why a public key {@code x} must not be trusted, or empty for a sound one: not 32 bytes; an encoding whose
     * y coordinate is not below the field's prime 2^255 - 19 (non-canonical: BoringSSL takes such a key, the
     * JDK refuses it, so it would work on one machine and not on another); or a point of small order (its order
     * divides 8: 0, 1, -1 and the two points of order 8 as y, either sign of x), for which a signature can be
     * made without any private key. No key generator ever makes one; a trust store that holds one was made by
     * hand or by someone who meant it. These are the points libsodium also refuses (its small-order blocklist).
     */
    static Optional<String> weakness(byte[] x) {
        if (x.length != KEY_BYTES) {
            return Optional.of("is %d bytes long; expected %d".formatted(x.length, KEY_BYTES));
        }
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = x[KEY_BYTES - 1 - i];
        }
        bigEndian[0] &= 0x7f; // the sign of x, not part of y
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(FIELD_PRIME) >= 0) {
            return Optional.of("is not in canonical form (its y is not below 2^255 - 19)");
        }
        if (SMALL_ORDER_Y.contains(y)) {
            return Optional.of("is a point of small order, for which signatures can be made without its private key");
        }
        return Optional.empty();
    }

    private static KeyFactory keyFactory(Provider provider) throws NoSuchAlgorithmException {
        return provider == null ? KeyFactory.getInstance(ALGORITHM) : KeyFactory.getInstance(ALGORITHM, provider);
    }

    private static byte[] prefixed(byte[] prefix, byte[] key, String name) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new GeneralSecurityException("an Ed25519 \"%s\" is %d bytes, saw %d".formatted(name, KEY_BYTES,
                    key.length));
        }
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, encoded, prefix.length, key.length);
        return encoded;
    }

    private static byte[] raw(byte[] encoded, byte[] prefix, String which) throws JOSEException {
        if (encoded == null || encoded.length != prefix.length + KEY_BYTES
                || !Arrays.equals(encoded, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new JOSEException("the generated Ed25519 %s key is not in the RFC 8410 form".formatted(which));
        }
        return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
    }
}
