package io.outagedrill.client.manifest;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;

import java.nio.charset.StandardCharsets;

/** Builds compact JWS with any header at all, as an attacker would, to test the verifier's refusals. */
final class Tokens {

    private Tokens() {
    }

    static String header(String alg, String kid, String extra) {
        return "{\"alg\":\"%s\",\"typ\":\"manifest+jws\"%s%s}".formatted(alg,
                kid == null ? "" : ",\"kid\":\"" + kid + "\"", extra.isEmpty() ? "" : "," + extra);
    }

    /** Signs exactly {@code headerJson} and {@code payload} with {@code signer}. */
    static String sign(String headerJson, byte[] payload, JWSSigner signer) {
        Base64URL h = Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8));
        Base64URL p = Base64URL.encode(payload);
        byte[] input = (h + "." + p).getBytes(StandardCharsets.US_ASCII);
        try {
            return h + "." + p + "." + signer.sign(JWSHeader.parse(h), input);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(String headerJson, byte[] payload, JWK key) {
        try {
            return sign(headerJson, payload, ManifestAlgorithm.forKey(key).orElseThrow().signer(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Header and payload with whatever signature part the caller chooses (or none). */
    static String unsigned(String headerJson, byte[] payload, byte[] signature) {
        return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + Base64URL.encode(payload) + "."
                + (signature.length == 0 ? "" : Base64URL.encode(signature).toString());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
