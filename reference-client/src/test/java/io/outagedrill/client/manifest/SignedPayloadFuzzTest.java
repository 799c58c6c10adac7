package io.outagedrill.client.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.fuzz.ParserInvariants;
import io.outagedrill.client.fuzz.ParserInvariants.Outcome;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static io.outagedrill.client.manifest.Tokens.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier past the signature: the fuzzer writes the payload, which is then signed here by a trusted key,
 * by an impostor under the trusted key's {@code kid}, by a stranger under its own, and not at all
 * ({@code alg:none}). The trusted token is accepted exactly when the payload is a valid, unexpired manifest,
 * and then as that manifest; the other three are always rejected, whatever the payload. Seeds:
 * {@code SignedPayloadFuzzTestInputs/} (docs/fuzzing.md).
 */
class SignedPayloadFuzzTest {

    private static final JWK TRUSTED = FuzzKeys.key(FuzzKeys.TRUSTED_ED);
    private static final JWK IMPOSTOR = FuzzKeys.key(FuzzKeys.IMPOSTOR_ED);
    private static final JWK STRANGER = FuzzKeys.key(FuzzKeys.STRANGER_ES);
    private static final ManifestJson.Options OPTIONS = ManifestJson.Options.ALLOW_PLAIN_HTTP;

    @FuzzTest
    void onlyTrustedSignaturesOverValidPayloadsAreAccepted(byte[] payload) throws Exception {
        String trustedHeader = header("EdDSA", FuzzKeys.TRUSTED_ED, "");
        String signed = Tokens.sign(trustedHeader, payload, TRUSTED);

        Optional<VerifiedManifest> accepted = verify(signed).result();

        Optional<Manifest> expected = ParserInvariants
                .outcome(ManifestRejectedException.class, () -> ManifestJson.parse(payload, OPTIONS)).result()
                .filter(m -> !m.expires().isBefore(FuzzKeys.NOW.minus(ManifestVerifier.DEFAULT_SKEW)));
        assertThat(accepted.map(VerifiedManifest::manifest)).as("verdict on a trusted signature over %s",
                new String(payload, StandardCharsets.UTF_8)).isEqualTo(expected);
        if (accepted.isPresent()) {
            ManifestVerifierFuzzTest.assertSignedByATrustedKey(Tokens.ascii(signed), accepted.get(), OPTIONS);
        }

        assertRejected(Tokens.sign(trustedHeader, payload, IMPOSTOR), Reason.BAD_SIGNATURE);
        assertRejected(Tokens.sign(header("ES256", FuzzKeys.STRANGER_ES, ""), payload, STRANGER),
                Reason.UNKNOWN_KEY);
        assertRejected(Tokens.unsigned(header("none", FuzzKeys.TRUSTED_ED, ""), payload, new byte[0]),
                Reason.ALG_NONE);
    }

    private static Outcome<VerifiedManifest, ManifestRejectedException> verify(String jws) {
        return ParserInvariants.outcome(ManifestRejectedException.class,
                () -> FuzzKeys.verifier(OPTIONS).verify(Tokens.ascii(jws), "fuzz"));
    }

    private static void assertRejected(String jws, Reason reason) {
        if (!(verify(jws) instanceof Outcome.Rejected<VerifiedManifest, ManifestRejectedException> rejected)) {
            throw new AssertionError("expected %s to be rejected for %s, saw it accepted".formatted(jws, reason));
        }
        assertThat(rejected.exception().reason()).as("reason for rejecting %s", jws).isEqualTo(reason);
    }
}
