package io.outagedrill.client.manifest;

import com.nimbusds.jose.CriticalHeaderParamsAware;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.crypto.impl.EdDSAProvider;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Set;

/**
 * Checks Ed25519 JWS signatures with the Java security API ({@link Ed25519Keys} says why not Nimbus's own): the
 * same rules as Nimbus's {@code Ed25519Verifier}, which takes the same key. The header must say EdDSA (or
 * Ed25519); a critical header parameter this verifier does not know fails the check; a signature of the wrong
 * length, or one the key did not make, is false.
 */
final class JcaEd25519Verifier extends EdDSAProvider implements JWSVerifier, CriticalHeaderParamsAware {
    private static final String ROLE = "an Ed25519 verifier";
    private final CriticalHeaderParamsDeferral critical = new CriticalHeaderParamsDeferral();
    private final byte[] x;
    /** The key for the default provider, made here so that a key that cannot be used says so now. */
    private final PublicKey key;

    /** @param publicKey an Ed25519 public JWK (no {@code d}) */
    JcaEd25519Verifier(OctetKeyPair publicKey) throws JOSEException {
        Ed25519Keys.requireEd25519(publicKey, false, ROLE);
        this.x = publicKey.getDecodedX();
        try {
            this.key = Ed25519Keys.publicKey(x, Ed25519Keys.provider(null));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not a usable Ed25519 public key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        Ed25519Keys.requireEdDsa(header, ROLE);
        if (!critical.headerPasses(header)) {
            return false;
        }
        byte[] bytes = signature.decode();
        if (bytes.length != Ed25519Keys.SIGNATURE_BYTES) {
            return false;
        }
        Provider chosen = getJCAContext().getProvider();
        Provider provider = Ed25519Keys.provider(chosen);
        try {
            Signature check = Ed25519Keys.signature(provider);
            check.initVerify(chosen == null ? key : Ed25519Keys.publicKey(x, provider));
            check.update(signingInput);
            return check.verify(bytes);
        } catch (SignatureException notMadeByThisKey) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new JOSEException("could not check an Ed25519 signature: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> getProcessedCriticalHeaderParams() {
        return critical.getProcessedCriticalHeaderParams();
    }

    @Override
    public Set<String> getDeferredCriticalHeaderParams() {
        return critical.getDeferredCriticalHeaderParams();
    }
}
