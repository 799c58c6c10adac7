package io.outagedrill.fakes.manifest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;

/**
 * The keys of {@link ReplicaFault.ForeignKey}'s attacker, made on first use and kept for the service's life, and the
 * manifests it signs with them. The unknown-kid and same-kid forms go through the reference client's
 * {@link ManifestSigner} (a valid JWS, only the key is wrong), with the publisher's algorithm so that the only
 * thing wrong is the key; the embedded-jwk form is assembled from Nimbus's parts, since no signer of the project's
 * puts a key in a header (on purpose).
 */
final class ForeignKeys {
    /** The attacker's own kid: no trust store of the project holds it. */
    static final String ATTACKER_KID = "attacker-key";

    private JWK ownKid;
    private JWK publishersKid;
    private ECKey embedded;

    /** The latest manifest as {@code form}'s attacker signs it; {@code publisher} gives the kid and algorithm to mimic. */
    synchronized String sign(Manifest manifest, ReplicaFault.ForeignKey.Form form, ManifestSigner publisher) {
        return switch (form) {
            case UNKNOWN_KID -> {
                if (ownKid == null) {
                    ownKid = ManifestKeys.generate(publisher.algorithm(), ATTACKER_KID);
                }
                yield signer(ownKid).sign(manifest);
            }
            case SAME_KID -> {
                if (publishersKid == null || !publishersKid.getKeyID().equals(publisher.keyId())) {
                    publishersKid = ManifestKeys.generate(publisher.algorithm(), publisher.keyId());
                }
                yield signer(publishersKid).sign(manifest);
            }
            case EMBEDDED_JWK -> embeddedJwk(manifest, publisher.keyId());
        };
    }

    /** The attacker signs anything: plain-HTTP mirrors of a plain-HTTP world included. */
    private static ManifestSigner signer(JWK key) {
        return new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP);
    }

    private String embeddedJwk(Manifest manifest, String publishersKid) {
        if (embedded == null) {
            embedded = ManifestKeys.generate(ManifestAlgorithm.ES256, publishersKid).toECKey();
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(publishersKid).type(ManifestSigner.TYPE)
                .jwk(embedded.toPublicJWK()).build();
        JWSObject jws = new JWSObject(header, new Payload(ManifestJson.write(manifest)));
        try {
            jws.sign(new ECDSASigner(embedded));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with a freshly made P-256 key failed: " + e.getMessage(), e);
        }
        return jws.serialize();
    }
}
