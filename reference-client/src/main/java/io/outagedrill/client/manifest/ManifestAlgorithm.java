package io.outagedrill.client.manifest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import io.outagedrill.client.Conscrypts;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.util.Arrays;
import java.util.Optional;

/**
 * The only signature algorithms a manifest may use (RFC 8725 §3.1: the verifier fixes the list, the token does
 * not choose). Each is tied to exactly one key type and curve, so a key can never be used with another
 * algorithm than the one it was made for.
 */
public enum ManifestAlgorithm {
    /** ECDSA on P-256 with SHA-256. */
    ES256(JWSAlgorithm.ES256, "an EC P-256 key"),
    /** Ed25519, through the Java security API ({@link Ed25519Keys}). */
    EdDSA(JWSAlgorithm.EdDSA, "an OKP Ed25519 key");

    private final JWSAlgorithm jws;
    private final String keyDescription;

    ManifestAlgorithm(JWSAlgorithm jws, String keyDescription) {
        this.jws = jws;
        this.keyDescription = keyDescription;
    }

    public JWSAlgorithm jws() {
        return jws;
    }

    /** The allowed algorithm with exactly this JOSE name, case-sensitive as RFC 7515 requires. */
    public static Optional<ManifestAlgorithm> named(String alg) {
        return Arrays.stream(values()).filter(a -> a.jws.getName().equals(alg)).findFirst();
    }

    /** The algorithm a key is for, or empty for a key type no manifest may be signed with. */
    public static Optional<ManifestAlgorithm> forKey(JWK key) {
        return Arrays.stream(values()).filter(a -> a.fits(key)).findFirst();
    }

    /** True when {@code key} is of this algorithm's key type and curve. */
    public boolean fits(JWK key) {
        return switch (this) {
            case ES256 -> key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
            case EdDSA -> key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
        };
    }

    /** Words for messages: "an EC P-256 key". */
    public String keyDescription() {
        return keyDescription;
    }

    /** Describes any key the way {@link #keyDescription()} does, for "expected ... saw ..." messages. */
    public static String describe(JWK key) {
        String curve = switch (key) {
            case ECKey ec -> " " + ec.getCurve();
            case OctetKeyPair okp -> " " + okp.getCurve();
            default -> "";
        };
        String kty = key.getKeyType().getValue();
        return (kty.startsWith("E") || kty.startsWith("O") ? "an " : "a ") + kty + curve + " key";
    }

    /** A new key pair for this algorithm, marked for signatures and with {@code alg} set, as a private JWK. */
    public JWK generate(String keyId) {
        try {
            return switch (this) {
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(KeyUse.SIGNATURE)
                        .algorithm(jws).generate();
                case EdDSA -> Ed25519Keys.generate().keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(jws)
                        .build();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("the JDK provides " + this + " key generation", e);
        }
    }

    JWSSigner signer(JWK privateKey) throws JOSEException {
        return switch (this) {
            case ES256 -> new ECDSASigner(privateKey.toECKey());
            case EdDSA -> new JcaEd25519Signer(privateKey.toOctetKeyPair());
        };
    }

    JWSVerifier verifier(JWK publicKey) throws JOSEException {
        return switch (this) {
            case ES256 -> {
                ECDSAVerifier verifier = new ECDSAVerifier(publicKey.toECKey().toPublicJWK());
                // BoringSSL's P-256 where it loads: the JDK's first ECDSA check builds its precomputed tables in
                // interpreted code, a sixth of the CLI's time before its first request.
                java.security.Provider conscrypt = Conscrypts.providerOrNull();
                if (conscrypt != null) {
                    verifier.getJCAContext().setProvider(conscrypt);
                }
                yield verifier;
            }
            // BoringSSL's too where it loads (JcaEd25519Verifier).
            case EdDSA -> new JcaEd25519Verifier(publicKey.toOctetKeyPair().toPublicJWK());
        };
    }
}
