package io.outagedrill.client.manifest;

import io.outagedrill.client.Printable;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;

import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a JWS protected header is acceptable before any key is looked up. It reads the header's JSON
 * first (with Nimbus's parser) so each attack gets its own reason even where Nimbus's header parser would
 * only say "invalid" (an {@code alg:none} header, or an embedded private {@code jwk}).
 */
final class JwsHeaderPolicy {

    /** Headers that name keys or certificates elsewhere; keys come only from the trust store (RFC 8725 §3.10). */
    private static final List<String> FORBIDDEN = List.of("jku", "x5u", "x5c", "jwk");

    /** RFC 7515 §4.1.9 allows omitting "application/"; both spellings mean the same type. */
    private static final Set<String> TYPES = Set.of("manifest+jws", "application/manifest+jws");

    /** A header that passed, with the allowed algorithm it names. */
    record Accepted(JWSHeader header, ManifestAlgorithm algorithm) {
    }

    private JwsHeaderPolicy() {
    }

    static Accepted check(Base64URL encodedHeader) {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(encodedHeader.decodeToString());
        } catch (ParseException e) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "JWS header: expected a base64url JSON object: " + e.getMessage(), e);
        }
        ManifestAlgorithm algorithm = algorithm(json.get("alg"));
        for (String name : FORBIDDEN) {
            if (json.containsKey(name)) {
                throw new ManifestRejectedException(Reason.FORBIDDEN_HEADER,
                        ("JWS header: expected no \"%s\" (keys come only from the local trust store and are never "
                                + "fetched or taken from the token), saw one").formatted(name));
            }
        }
        if (json.containsKey("crit")) {
            // No extension is understood, so every critical one is unknown (RFC 7515 §4.1.11), including b64.
            throw new ManifestRejectedException(Reason.UNKNOWN_CRIT,
                    "JWS header: expected no critical extensions, saw \"crit\": "
                            + Printable.quoted(String.valueOf(json.get("crit"))));
        }
        Object typ = json.get("typ");
        if (!(typ instanceof String t) || !TYPES.contains(t.toLowerCase(Locale.ROOT))) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "JWS header: expected \"typ\":\"%s\", saw %s".formatted(ManifestSigner.TYPE,
                            typ == null ? "none" : "\"typ\":\"" + ManifestRules.printable(typ.toString()) + "\""));
        }
        try {
            return new Accepted(JWSHeader.parse(json, encodedHeader), algorithm);
        } catch (ParseException e) {
            throw new ManifestRejectedException(Reason.MALFORMED, "JWS header: " + e.getMessage(), e);
        }
    }

    private static ManifestAlgorithm algorithm(Object alg) {
        if (!(alg instanceof String name)) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "JWS header: expected \"alg\" to be ES256 or EdDSA, saw "
                            + (alg == null ? "no alg" : Printable.quoted(alg.toString())));
        }
        if (name.equalsIgnoreCase("none")) {
            throw new ManifestRejectedException(Reason.ALG_NONE,
                    "JWS header: expected \"alg\" ES256 or EdDSA, saw \"%s\": an unsigned token".formatted(name));
        }
        return ManifestAlgorithm.named(name).orElseThrow(() -> {
            String why = name.startsWith("HS")
                    ? " (an HMAC needs a shared secret; a manifest signed that way could have been made by anyone "
                    + "holding the public key)"
                    : "";
            return new ManifestRejectedException(Reason.ALG_NOT_ALLOWED,
                    "JWS header: expected \"alg\" ES256 or EdDSA, saw \"%s\"%s"
                            .formatted(ManifestRules.printable(name), why));
        });
    }
}
