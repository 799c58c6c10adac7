package io.outagedrill.client.manifest;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.outagedrill.client.manifest.ManifestFixtures.EXPIRES;
import static io.outagedrill.client.manifest.ManifestFixtures.manifest;
import static io.outagedrill.client.manifest.ManifestFixtures.utf8;
import static io.outagedrill.client.manifest.Rejections.assertRejected;
import static io.outagedrill.client.manifest.Tokens.ascii;
import static io.outagedrill.client.manifest.Tokens.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestVerifierTest {

    private static final JWK EC = ManifestKeys.generate(ManifestAlgorithm.ES256, "ec-1");
    private static final JWK ED = ManifestKeys.generate(ManifestAlgorithm.EdDSA, "ed-1");
    private static final TrustStore TRUST = TrustStore.of(new JWKSet(List.of(EC, ED)).toPublicJWKSet());
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private VersionStore versions = VersionStore.inMemory();

    private ManifestVerifier verifier(Instant now, Duration skew) {
        return new ManifestVerifier(TRUST, versions, Clock.fixed(now, ZoneOffset.UTC), skew,
                ManifestJson.Options.STRICT);
    }

    private VerifiedManifest verify(String jws) {
        return verifier(NOW, ManifestVerifier.DEFAULT_SKEW).verify(ascii(jws), "test");
    }

    private static JWK key(ManifestAlgorithm algorithm) {
        return algorithm == ManifestAlgorithm.ES256 ? EC : ED;
    }

    @ParameterizedTest
    @EnumSource(ManifestAlgorithm.class)
    void signThenVerifyRoundTrips(ManifestAlgorithm algorithm) {
        String jws = new ManifestSigner(key(algorithm)).sign(manifest());

        VerifiedManifest verified = verify(jws);

        assertThat(verified.manifest()).isEqualTo(manifest());
        assertThat(verified.keyId()).isEqualTo(key(algorithm).getKeyID());
        assertThat(verified.signed()).isTrue();
        assertThat(verified.source()).isEqualTo("test");
        assertThat(verified.digest()).isEqualTo(ManifestRules.sha256Hex(ascii(jws)));
        assertThat(versions.highest("video.mp4")).get().extracting(VersionStore.Accepted::version).isEqualTo(3L);
    }

    @Test
    void headerCarriesKidAndTyp() throws Exception {
        String jws = new ManifestSigner(EC).sign(manifest());

        var header = com.nimbusds.jose.JWSObject.parse(jws).getHeader();

        assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(header.getKeyID()).isEqualTo("ec-1");
        assertThat(header.getType().getType()).isEqualTo("manifest+jws");
    }

    @Test
    void verifiesTheExactSignedBytesWithoutReserializing() {
        // Odd spacing and key order: re-serializing before verifying would break this signature.
        String doc = new String(ManifestJson.write(manifest()), StandardCharsets.UTF_8).replace(" : ", ":   ");
        String jws = new ManifestSigner(ED).sign(utf8(doc));

        assertThat(verify(jws + "\n").manifest()).isEqualTo(manifest());
        assertThat(verify(jws + "\n").digest()).as("the digest covers the JWS, not the newline after it")
                .isEqualTo(ManifestRules.sha256Hex(ascii(jws)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "a.b", "a.b.c.d", "a.b.c.d.e"})
    void rejectsWhatIsNotACompactJws(String input) {
        assertRejected(() -> verify(input), Reason.MALFORMED, "compact JWS");
    }

    @Test
    void rejectsNonAsciiBytes() {
        assertRejected(() -> verifier(NOW, Duration.ZERO).verify(utf8("é.a.b"), "t"), Reason.MALFORMED,
                "expected ASCII", "0xC3");
    }

    @Test
    void rejectsAlgNone() {
        String jws = Tokens.unsigned(header("none", "ec-1", ""), ManifestJson.write(manifest()), new byte[0]);

        assertRejected(() -> verify(jws), Reason.ALG_NONE, "expected \"alg\" ES256 or EdDSA, saw \"none\"");
    }

    @Test
    void rejectsAlgNoneWithSignaturePartAndOddCase() {
        String jws = Tokens.unsigned(header("nOnE", "ec-1", ""), ManifestJson.write(manifest()), new byte[64]);

        assertRejected(() -> verify(jws), Reason.ALG_NONE, "saw \"nOnE\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void rejectsHmacKeyedWithThePublicKey(String alg) throws Exception {
        // Algorithm confusion: the attacker uses the public key, which everyone has, as the HMAC secret.
        byte[] publicKeyAsSecret = ((ECKey) EC).toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8);
        String jws = Tokens.sign(header(alg, "ec-1", ""), ManifestJson.write(manifest()),
                new MACSigner(publicKeyAsSecret));

        assertRejected(() -> verify(jws), Reason.ALG_NOT_ALLOWED, "saw \"" + alg + "\"", "shared secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES384", "ES256K", "PS256", "Ed25519", "es256"})
    void rejectsAlgorithmsOutsideTheAllowedList(String alg) {
        String jws = Tokens.unsigned(header(alg, "ec-1", ""), ManifestJson.write(manifest()), new byte[64]);

        assertRejected(() -> verify(jws), Reason.ALG_NOT_ALLOWED, "expected \"alg\" ES256 or EdDSA, saw \"" + alg);
    }

    @Test
    void rejectsUnknownCrit() {
        String jws = Tokens.sign(header("ES256", "ec-1", "\"crit\":[\"exp\"],\"exp\":1"),
                ManifestJson.write(manifest()), EC);

        assertRejected(() -> verify(jws), Reason.UNKNOWN_CRIT, "expected no critical extensions", "exp");
    }

    @Test
    void aCritValueCannotCarryTerminalControlsIntoTheMessage() {
        // The header is read before any signature is checked: anyone can write it.
        String jws = Tokens.sign(header("ES256", "ec-1", "\"crit\":[\"\\u001b]52;c;ZXZpbA==\\u0007\"]"),
                ManifestJson.write(manifest()), EC);

        assertRejected(() -> verify(jws), Reason.UNKNOWN_CRIT, "expected no critical extensions", "\\u001B]52;c;");
        assertThatThrownBy(() -> verify(jws)).satisfies(e -> assertThat(e.getMessage())
                .as("the message must show ESC and BEL as escapes, not as themselves").doesNotContain("\u001b", "\u0007"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"jku\":\"https://evil.test/keys.json\"",
            "\"x5u\":\"https://evil.test/cert.pem\"",
            "\"x5c\":[\"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\"]",
            "\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}"})
    void rejectsHeadersThatPointAtOtherKeys(String extra) {
        String name = extra.substring(1, 4);
        String jws = Tokens.sign(header("ES256", "ec-1", extra), ManifestJson.write(manifest()), EC);

        assertRejected(() -> verify(jws), Reason.FORBIDDEN_HEADER, "expected no \"" + name + "\"");
    }

    @Test
    void rejectsMissingTyp() {
        String jws = Tokens.sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", ManifestJson.write(manifest()), EC);

        assertRejected(() -> verify(jws), Reason.MALFORMED, "expected \"typ\":\"manifest+jws\", saw none");
    }

    @Test
    void rejectsWrongTyp() {
        String jws = Tokens.sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"typ\":\"JWT\"}", ManifestJson.write(manifest()), EC);

        assertRejected(() -> verify(jws), Reason.MALFORMED, "saw \"typ\":\"JWT\"");
    }

    @Test
    void rejectsMissingKid() {
        String jws = Tokens.sign(header("ES256", null, ""), ManifestJson.write(manifest()), EC);

        assertRejected(() -> verify(jws), Reason.UNKNOWN_KEY, "expected a \"kid\"", "saw none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nobody", "../../../../etc/passwd", "/dev/stdin", "https://evil.test/key"})
    void rejectsKidNotInTrustStoreAndNeverTreatsItAsAPath(String kid) {
        String jws = Tokens.sign(header("ES256", kid.replace("/", "\\/"), ""), ManifestJson.write(manifest()), EC);

        assertRejected(() -> verify(jws), Reason.UNKNOWN_KEY, "[ec-1, ed-1]", "saw \"" + kid + "\"");
    }

    @Test
    void rejectsKeyTypeThatDoesNotMatchAlg() {
        // kid names the EC key, alg says EdDSA: an attacker hoping the verifier picks the algorithm from the token.
        String jws = Tokens.sign(header("EdDSA", "ec-1", ""), ManifestJson.write(manifest()), ED);

        assertRejected(() -> verify(jws), Reason.ALG_NOT_ALLOWED,
                "trusted key \"ec-1\" is an EC P-256 key, so it verifies only ES256", "expected an OKP Ed25519 key");
    }

    @ParameterizedTest
    @EnumSource(ManifestAlgorithm.class)
    void rejectsSignatureByAnUntrustedKeyUnderATrustedKid(ManifestAlgorithm algorithm) {
        JWK attacker = ManifestKeys.generate(algorithm, key(algorithm).getKeyID());
        String jws = new ManifestSigner(attacker).sign(manifest());

        assertRejected(() -> verify(jws), Reason.BAD_SIGNATURE, "expected a valid " + algorithm,
                "does not verify");
    }

    @Test
    void rejectsPayloadSwappedUnderAValidSignature() {
        String genuine = new ManifestSigner(EC).sign(manifest("video.mp4", 3));
        String other = new ManifestSigner(EC).sign(manifest("video.mp4", 9));
        String[] a = genuine.split("\\.");
        String[] b = other.split("\\.");

        assertRejected(() -> verify(a[0] + "." + b[1] + "." + a[2]), Reason.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void rejectsPsychicSignatureCve202221449() {
        // r = s = 0 verified on unpatched Java 15-18; it must fail everywhere.
        String jws = Tokens.unsigned(header("ES256", "ec-1", ""), ManifestJson.write(manifest()), new byte[64]);

        assertRejected(() -> verify(jws), Reason.BAD_SIGNATURE, "ES256");
    }

    @Test
    void rejectsAllZeroEd25519Signature() {
        String jws = Tokens.unsigned(header("EdDSA", "ed-1", ""), ManifestJson.write(manifest()), new byte[64]);

        assertRejected(() -> verify(jws), Reason.BAD_SIGNATURE, "EdDSA");
    }

    @Test
    void rejectsSignedPayloadThatBreaksTheFormat() {
        // A trusted key signing nonsense is still nonsense: the payload rules apply after the signature.
        String dup = "{\"file\":\"a.mp4\",\"file\":\"b.mp4\"}";
        assertRejected(() -> verify(Tokens.sign(header("ES256", "ec-1", ""), utf8(dup), EC)),
                Reason.DUPLICATE_KEY, "'file'");
        byte[] badName = ManifestFixtures.json(root -> root.put("file", "../../.bashrc"));
        assertRejected(() -> verify(Tokens.sign(header("ES256", "ec-1", ""), badName, EC)),
                Reason.BAD_FILE_NAME, "\"../../.bashrc\"");
    }

    @Test
    void deepNestingInHeaderOrSignedPayloadIsMalformedNotStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String deepHeader = Tokens.unsigned(header("ES256", "ec-1", "\"x\":" + deep),
                ManifestJson.write(manifest()), new byte[64]);
        assertRejected(() -> verify(deepHeader), Reason.MALFORMED, "JWS header");

        String deepPayload = Tokens.sign(header("ES256", "ec-1", ""), utf8(deep), EC);
        assertRejected(() -> verify(deepPayload), Reason.MALFORMED, "nesting depth");
    }

    @Test
    void rejectsDuplicateHeaderParameters() {
        // Two "alg" values: which one a library picks must never matter.
        String jws = Tokens.unsigned("{\"alg\":\"ES256\",\"alg\":\"none\",\"kid\":\"ec-1\",\"typ\":\"manifest+jws\"}",
                ManifestJson.write(manifest()), new byte[64]);

        assertRejected(() -> verify(jws), Reason.MALFORMED, "JWS header");
    }

    @Test
    void rejectsExpiredSayingWhenAndTheClientsTime() {
        String jws = new ManifestSigner(EC).sign(manifest());
        Instant late = EXPIRES.plus(Duration.ofMinutes(2));

        assertRejected(() -> verifier(late, Duration.ofSeconds(60)).verify(ascii(jws), "t"), Reason.EXPIRED,
                "expired at 2026-12-01T00:00:00Z", "clock says 2026-12-01T00:02:00Z", "skew 60 s");
    }

    @Test
    void acceptsWithinSkewAfterExpiry() {
        String jws = new ManifestSigner(EC).sign(manifest());
        Instant justInside = EXPIRES.plus(Duration.ofSeconds(60));

        assertThat(verifier(justInside, Duration.ofSeconds(60)).verify(ascii(jws), "t").manifest().version())
                .isEqualTo(3);
    }

    @Test
    void rejectsJustOutsideSkew() {
        String jws = new ManifestSigner(EC).sign(manifest());
        Instant justOutside = EXPIRES.plus(Duration.ofSeconds(60)).plusMillis(1);

        assertRejected(() -> verifier(justOutside, Duration.ofSeconds(60)).verify(ascii(jws), "t"), Reason.EXPIRED,
                "expired at");
    }

    @Test
    void zeroSkewAcceptsUpToTheExpiryInstantItself() {
        String jws = new ManifestSigner(EC).sign(manifest());

        assertThat(verifier(EXPIRES, Duration.ZERO).verify(ascii(jws), "t").manifest().expires()).isEqualTo(EXPIRES);
        assertRejected(() -> verifier(EXPIRES.plusNanos(1), Duration.ZERO).verify(ascii(jws), "t"), Reason.EXPIRED,
                "skew 0 s");
    }

    @Test
    void rejectsRollbackAndAcceptsEqualAndHigherVersions() {
        ManifestSigner signer = new ManifestSigner(ED);
        verify(signer.sign(manifest("video.mp4", 5)));

        assertThat(verify(signer.sign(manifest("video.mp4", 5))).manifest().version()).as("equal").isEqualTo(5);
        assertRejected(() -> verify(signer.sign(manifest("video.mp4", 3))), Reason.ROLLBACK,
                "version 3 is older than version 5 accepted on " + NOW);
        assertThat(verify(signer.sign(manifest("other.mp4", 1))).manifest().version())
                .as("versions are per file name").isEqualTo(1);
        assertThat(verify(signer.sign(manifest("video.mp4", 6))).manifest().version()).isEqualTo(6);
    }

    @Test
    void rejectedManifestsAreNotRemembered() {
        JWK attacker = ManifestKeys.generate(ManifestAlgorithm.ES256, "ec-1");
        assertRejected(() -> verify(new ManifestSigner(attacker).sign(manifest("video.mp4", 1_000_000))),
                Reason.BAD_SIGNATURE);

        assertThat(versions.highest("video.mp4")).as("fast-forward by an unsigned version").isEmpty();
    }

    @Test
    void rollbackIsRememberedAcrossStoreInstancesOnTheSameFile(@TempDir Path dir) {
        Path file = dir.resolve("state/versions.json");
        ManifestSigner signer = new ManifestSigner(EC);
        versions = new FileVersionStore(file);
        verify(signer.sign(manifest("video.mp4", 5)));

        versions = new FileVersionStore(file);

        assertRejected(() -> verify(signer.sign(manifest("video.mp4", 4))), Reason.ROLLBACK,
                "version 4 is older than version 5 accepted on " + NOW);
    }

    @Test
    void forgetIsTheDocumentedResetAfterAFastForward() {
        ManifestSigner signer = new ManifestSigner(EC);
        verify(signer.sign(manifest("video.mp4", 1_000_000)));
        versions.forget("video.mp4");

        assertThat(verify(signer.sign(manifest("video.mp4", 4))).manifest().version()).isEqualTo(4);
    }
}
