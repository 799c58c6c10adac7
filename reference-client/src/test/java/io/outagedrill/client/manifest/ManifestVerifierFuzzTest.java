package io.outagedrill.client.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.fuzz.ParserInvariants;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier on any bytes received as a compact JWS. It returns a manifest or throws a
 * {@link ManifestRejectedException}, and what it accepts is checked here on a separate path (Nimbus's own
 * parse, the trust store, the signature): signed by the trusted key its {@code kid} names, with an allowed
 * algorithm and no key-bearing or critical headers, a payload that parses to the same manifest, not expired.
 * So nothing unsigned, nor signed by a key outside the trust store, is ever accepted. Keys and clock:
 * {@link FuzzKeys}; seeds: {@code ManifestVerifierFuzzTestInputs/} (docs/fuzzing.md).
 */
class ManifestVerifierFuzzTest {

    @FuzzTest
    void acceptsOnlyWhatATrustedKeySigned(byte[] input) throws Exception {
        for (ManifestJson.Options options : new ManifestJson.Options[]{ManifestJson.Options.STRICT,
                ManifestJson.Options.ALLOW_PLAIN_HTTP}) {
            Optional<VerifiedManifest> accepted = ParserInvariants.outcome(ManifestRejectedException.class,
                    () -> FuzzKeys.verifier(options).verify(input, "fuzz")).result();
            if (accepted.isPresent()) {
                assertSignedByATrustedKey(input, accepted.get(), options);
            }
        }
    }

    /** What an accepted token must be, established without the verifier's code path. */
    static void assertSignedByATrustedKey(byte[] input, VerifiedManifest verified, ManifestJson.Options options)
            throws Exception {
        String compact = new String(input, StandardCharsets.US_ASCII).strip();
        JWSObject jws = JWSObject.parse(compact);
        JWSHeader header = jws.getHeader();
        assertThat(verified.signed()).as("signed flag of an accepted JWS").isTrue();
        assertThat(verified.keyId()).as("key id of an accepted JWS").isEqualTo(header.getKeyID());
        JWK key = FuzzKeys.TRUST.key(header.getKeyID()).orElseThrow(() -> new AssertionError(
                "expected an accepted JWS to name a trusted key " + FuzzKeys.TRUST.keyIds() + ", saw kid "
                        + header.getKeyID()));
        ManifestAlgorithm algorithm = ManifestAlgorithm.named(header.getAlgorithm().getName())
                .orElseThrow(() -> new AssertionError("expected an accepted JWS to use ES256 or EdDSA, saw "
                        + header.getAlgorithm()));
        assertThat(algorithm.fits(key)).as("%s fits trusted key %s", algorithm, key.getKeyID()).isTrue();
        assertThat(jws.verify(algorithm.verifier(key)))
                .as("signature of an accepted JWS under trusted key %s", key.getKeyID()).isTrue();
        assertThat(header.getJWK()).as("jwk header of an accepted JWS").isNull();
        assertThat(header.getJWKURL()).as("jku header of an accepted JWS").isNull();
        assertThat(header.getX509CertURL()).as("x5u header of an accepted JWS").isNull();
        assertThat(header.getX509CertChain()).as("x5c header of an accepted JWS").isNull();
        assertThat(header.getCriticalParams()).as("crit header of an accepted JWS").isNull();
        assertThat(verified.manifest()).as("manifest of an accepted JWS")
                .isEqualTo(ManifestJson.parse(jws.getPayload().toBytes(), options));
        assertThat(verified.manifest().expires()).as("expiry of an accepted JWS")
                .isAfterOrEqualTo(FuzzKeys.NOW.minus(ManifestVerifier.DEFAULT_SKEW));
    }
}
