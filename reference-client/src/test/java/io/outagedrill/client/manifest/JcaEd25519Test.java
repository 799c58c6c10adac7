package io.outagedrill.client.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.outagedrill.client.Conscrypts;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's Ed25519 for manifests, through the Java security API, against what is known to be right: the
 * worked example of RFC 8037 (appendix A), and Nimbus's own Ed25519 over Tink, each way. With either provider:
 * BoringSSL's (Conscrypt, the client's choice where it loads) and the JDK's (SunEC, elsewhere).
 */
class JcaEd25519Test {
    /** RFC 8037, A.1: the private key; A.4: the JWS it makes of "Example of Ed25519 signing". */
    private static final String RFC_KEY = """
            {"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
             "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""";
    private static final String RFC_PAYLOAD = "Example of Ed25519 signing";
    private static final String RFC_JWS = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
            + "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    @ParameterizedTest
    @ValueSource(strings = {"Conscrypt", "SunEC"})
    void signsAndChecksRfc8037sExampleWithEitherProvider(String providerName) throws Exception {
        Provider provider = provider(providerName);
        OctetKeyPair key = OctetKeyPair.parse(RFC_KEY);
        JcaEd25519Signer signer = new JcaEd25519Signer(key);
        signer.getJCAContext().setProvider(provider);
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.EdDSA), new Payload(RFC_PAYLOAD));

        jws.sign(signer);

        assertThat(jws.serialize()).as("RFC 8037's example signed with %s (Ed25519 is deterministic)", providerName)
                .isEqualTo(RFC_JWS);
        JcaEd25519Verifier verifier = new JcaEd25519Verifier(key.toPublicJWK());
        verifier.getJCAContext().setProvider(provider);
        assertThat(JWSObject.parse(RFC_JWS).verify(verifier)).as("RFC 8037's example checked with %s", providerName)
                .isTrue();
    }

    @Test
    void nimbussOwnEd25519AndTheClientsAcceptEachOthersSignatures() throws Exception {
        OctetKeyPair key = ManifestAlgorithm.EdDSA.generate("k1").toOctetKeyPair();

        JWSObject ours = signed(new JcaEd25519Signer(key), "made by the client");
        JWSObject tinks = signed(new Ed25519Signer(key), "made by Nimbus over Tink");

        assertThat(ours.verify(new Ed25519Verifier(key.toPublicJWK())))
                .as("Nimbus's Ed25519 (Tink) checks the client's signature of a key the client generated").isTrue();
        assertThat(tinks.verify(new JcaEd25519Verifier(key.toPublicJWK())))
                .as("the client checks a signature made by Nimbus's Ed25519 (Tink)").isTrue();
    }

    @Test
    void aChangedPayloadOrSignatureOrAnotherKeyFailsTheCheck() throws Exception {
        OctetKeyPair key = OctetKeyPair.parse(RFC_KEY);
        JcaEd25519Verifier verifier = new JcaEd25519Verifier(key.toPublicJWK());
        String[] parts = RFC_JWS.split("\\.");

        String otherPayload = Base64URL.encode("Example of Ed25519 signinG").toString();
        assertThat(JWSObject.parse(parts[0] + "." + otherPayload + "." + parts[2]).verify(verifier))
                .as("the example's signature over another payload").isFalse();

        byte[] signature = new Base64URL(parts[2]).decode();
        signature[10] ^= 1;
        assertThat(JWSObject.parse(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)).verify(verifier))
                .as("the example with one bit of its signature flipped").isFalse();

        byte[] short63 = Arrays.copyOf(new Base64URL(parts[2]).decode(), 63);
        assertThat(JWSObject.parse(parts[0] + "." + parts[1] + "." + Base64URL.encode(short63)).verify(verifier))
                .as("the example with a 63-byte signature").isFalse();

        OctetKeyPair other = ManifestAlgorithm.EdDSA.generate("other").toOctetKeyPair();
        assertThat(JWSObject.parse(RFC_JWS).verify(new JcaEd25519Verifier(other.toPublicJWK())))
                .as("the example checked with another key").isFalse();
    }

    @Test
    void aCriticalHeaderParameterItDoesNotKnowFailsTheCheck() throws Exception {
        OctetKeyPair key = OctetKeyPair.parse(RFC_KEY);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).criticalParams(Set.of("exp"))
                .customParam("exp", 1).build();
        JWSObject jws = new JWSObject(header, new Payload(RFC_PAYLOAD));
        jws.sign(new JcaEd25519Signer(key));

        assertThat(jws.verify(new JcaEd25519Verifier(key.toPublicJWK())))
                .as("a signature whose header makes \"exp\" critical").isFalse();
        assertThat(jws.verify(new Ed25519Verifier(key.toPublicJWK())))
                .as("the same, checked by Nimbus's own (the rule being copied)").isFalse();
    }

    @Test
    void keysAndHeadersOfTheWrongKindAreRefusedWithTheirReason() throws Exception {
        OctetKeyPair key = OctetKeyPair.parse(RFC_KEY);
        JWK x25519 = new OctetKeyPair.Builder(Curve.X25519, key.getX()).build();

        assertThatThrownBy(() -> new JcaEd25519Verifier(key)).as("a verifier given the private key")
                .isInstanceOf(JOSEException.class).hasMessageContaining("public key alone");
        assertThatThrownBy(() -> new JcaEd25519Signer(key.toPublicJWK())).as("a signer given the public key")
                .isInstanceOf(JOSEException.class).hasMessageContaining("private key");
        assertThatThrownBy(() -> new JcaEd25519Verifier(x25519.toOctetKeyPair()))
                .as("a verifier given an X25519 key").isInstanceOf(JOSEException.class)
                .hasMessageContaining("crv Ed25519, not X25519");
        OctetKeyPair shortX = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(new byte[31])).build();
        assertThatThrownBy(() -> new JcaEd25519Verifier(shortX)).as("a verifier given a 31-byte x")
                .isInstanceOf(JOSEException.class).hasMessageContaining("\"x\" is 32 bytes, saw 31");
        assertThatThrownBy(() -> new JcaEd25519Signer(key).sign(new JWSHeader(JWSAlgorithm.ES256),
                RFC_PAYLOAD.getBytes(StandardCharsets.UTF_8)))
                .as("a signer asked for ES256").isInstanceOf(JOSEException.class).hasMessageContaining("not ES256");
    }

    @Test
    void conscryptIsTheDefaultWhereItHasEd25519AndTheJdksIsTakenWhereItDoesNot() {
        Provider conscrypt = Conscrypts.providerOrNull();
        assumeThat(conscrypt).as("Conscrypt's native library loads here").isNotNull();
        assertThat(Ed25519Keys.provider(null)).as("the provider when the caller chose none").isSameAs(conscrypt);
        // As an older Conscrypt (before 2.6.0) would be: loaded, but without Ed25519.
        Provider withoutEd25519 = new Provider("NoEd25519", "1", "TLS and digests, no Ed25519") {
        };
        assertThat(Ed25519Keys.withEd25519(withoutEd25519)).as("a provider that has no Ed25519").isNull();
        assertThat(Ed25519Keys.withEd25519(Security.getProvider("SunEC"))).as("the JDK's SunEC")
                .isSameAs(Security.getProvider("SunEC"));
    }

    private static JWSObject signed(com.nimbusds.jose.JWSSigner signer, String text) throws JOSEException,
            ParseException {
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.EdDSA), new Payload(text));
        jws.sign(signer);
        return JWSObject.parse(jws.serialize());
    }

    private static Provider provider(String name) {
        if (name.equals("Conscrypt")) {
            assumeThat(Conscrypts.providerOrNull()).as("Conscrypt's native library loads here").isNotNull();
            return Conscrypts.providerOrNull();
        }
        return Security.getProvider(name);
    }
}
