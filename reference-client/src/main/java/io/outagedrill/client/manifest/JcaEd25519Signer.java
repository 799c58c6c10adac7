package io.outagedrill.client.manifest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.EdDSAProvider;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;

/**
 * Makes Ed25519 JWS signatures with the Java security API ({@link Ed25519Keys} says why not Nimbus's own); it
 * takes the same key as Nimbus's {@code Ed25519Signer}. Ed25519 is deterministic: the same key and input give the
 * same signature whichever provider makes it.
 */
final class JcaEd25519Signer extends EdDSAProvider implements JWSSigner {
    private static final String ROLE = "an Ed25519 signer";
    private final byte[] d;
    /** The key for the default provider, made here so that a key that cannot be used says so now. */
    private final PrivateKey key;

    /** @param privateKey an Ed25519 private JWK (with {@code d}) */
    JcaEd25519Signer(OctetKeyPair privateKey) throws JOSEException {
        Ed25519Keys.requireEd25519(privateKey, true, ROLE);
        this.d = privateKey.getDecodedD();
        try {
            this.key = Ed25519Keys.privateKey(d, Ed25519Keys.provider(null));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not a usable Ed25519 private key: " + e.getMessage(), e);
        }
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        Ed25519Keys.requireEdDsa(header, ROLE);
        Provider chosen = getJCAContext().getProvider();
        Provider provider = Ed25519Keys.provider(chosen);
        try {
            Signature signer = Ed25519Keys.signature(provider);
            signer.initSign(chosen == null ? key : Ed25519Keys.privateKey(d, provider));
            signer.update(signingInput);
            return Base64URL.encode(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new JOSEException("could not make an Ed25519 signature: " + e.getMessage(), e);
        }
    }
}
