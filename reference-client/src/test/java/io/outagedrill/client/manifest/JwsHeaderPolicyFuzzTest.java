package io.outagedrill.client.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import io.outagedrill.client.fuzz.ParserInvariants;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWS header policy on any header: accepted only with an allowed {@code alg}, a manifest {@code typ}, and
 * none of the headers that bring keys from elsewhere or critical extensions; otherwise a
 * {@link ManifestRejectedException}. Each input is tried as header JSON (base64url-encoded here) and as the
 * encoded part itself. Seeds: {@code JwsHeaderPolicyFuzzTestInputs/} (docs/fuzzing.md).
 */
class JwsHeaderPolicyFuzzTest {

    @FuzzTest
    void acceptsOnlyAllowedHeaders(byte[] input) {
        check(Base64URL.encode(input));
        check(new Base64URL(new String(input, StandardCharsets.ISO_8859_1)));
    }

    private static void check(Base64URL encoded) {
        ParserInvariants.outcome(ManifestRejectedException.class, () -> JwsHeaderPolicy.check(encoded)).result()
                .ifPresent(accepted -> {
                    JWSHeader header = accepted.header();
                    String json = encoded.decodeToString();
                    assertThat(header.getAlgorithm().getName()).as("alg of accepted %s", json)
                            .isEqualTo(accepted.algorithm().jws().getName());
                    assertThat(header.getJWK()).as("jwk of accepted %s", json).isNull();
                    assertThat(header.getJWKURL()).as("jku of accepted %s", json).isNull();
                    assertThat(header.getX509CertURL()).as("x5u of accepted %s", json).isNull();
                    assertThat(header.getX509CertChain()).as("x5c of accepted %s", json).isNull();
                    assertThat(header.getCriticalParams()).as("crit of accepted %s", json).isNull();
                    assertThat(header.getType()).as("typ of accepted %s", json).isNotNull();
                    assertThat(header.getType().getType().toLowerCase(Locale.ROOT)).as("typ of accepted %s", json)
                            .isIn("manifest+jws", "application/manifest+jws");
                });
    }
}
