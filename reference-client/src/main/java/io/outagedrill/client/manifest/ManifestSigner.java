package io.outagedrill.client.manifest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.ClientException;

/**
 * Signs manifests into compact JWS ({@code header.payload.signature}) with header {@code alg}, {@code kid} and
 * {@code typ: manifest+jws}. The algorithm follows from the key: EC P-256 signs ES256, OKP Ed25519 signs EdDSA.
 * Thread-safe.
 */
public final class ManifestSigner {

    /** Explicit typing (RFC 8725 §3.11): a manifest signature can not be passed off as another kind of token. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("manifest+jws");

    private final ManifestAlgorithm algorithm;
    private final String keyId;
    private final JWSSigner signer;
    private final ManifestJson.Options options;

    /** Refuses to sign manifests with plain-http mirrors; see {@link #ManifestSigner(JWK, ManifestJson.Options)}. */
    public ManifestSigner(JWK privateKey) {
        this(privateKey, ManifestJson.Options.STRICT);
    }

    /**
     * @param privateKey an EC P-256 or OKP Ed25519 private JWK with a {@code kid}
     * @param options    the rules raw JSON must pass before it is signed (so a publisher never signs a manifest
     *                   every client would reject); use {@code ALLOW_PLAIN_HTTP} for loopback test manifests
     */
    public ManifestSigner(JWK privateKey, ManifestJson.Options options) {
        this.options = options;
        this.algorithm = ManifestAlgorithm.forKey(privateKey).orElseThrow(() -> new IllegalArgumentException(
                "expected %s or %s, saw %s".formatted(ManifestAlgorithm.ES256.keyDescription(),
                        ManifestAlgorithm.EdDSA.keyDescription(), ManifestAlgorithm.describe(privateKey))));
        if (!privateKey.isPrivate()) {
            throw new IllegalArgumentException("expected a private key, saw the public key " + privateKey.getKeyID());
        }
        this.keyId = privateKey.getKeyID();
        if (keyId == null || keyId.isEmpty()) {
            throw new IllegalArgumentException("expected a key with a \"kid\"; verifiers select keys by kid");
        }
        try {
            this.signer = algorithm.signer(privateKey);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable " + algorithm + " key " + keyId + ": " + e.getMessage(), e);
        }
    }

    public ManifestAlgorithm algorithm() {
        return algorithm;
    }

    public String keyId() {
        return keyId;
    }

    /** Signs {@link ManifestJson#write(Manifest)} of {@code manifest}, after the same checks as raw JSON. */
    public String sign(Manifest manifest) {
        return sign(ManifestJson.write(manifest));
    }

    /**
     * Signs exactly these bytes (the verifier checks exactly them, so the publisher controls the bytes), after
     * checking that they parse as a manifest under this signer's options.
     */
    public String sign(byte[] manifestJson) {
        ManifestJson.parse(manifestJson, options);
        return signExactly(manifestJson);
    }

    private String signExactly(byte[] json) {
        JWSHeader header = new JWSHeader.Builder(algorithm.jws()).keyID(keyId).type(TYPE).build();
        JWSObject jws = new JWSObject(header, new Payload(json));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new ClientException("signing with key " + keyId + " failed: " + e.getMessage(), e);
        }
        return jws.serialize();
    }
}
