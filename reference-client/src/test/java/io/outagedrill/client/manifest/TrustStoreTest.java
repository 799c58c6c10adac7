package io.outagedrill.client.manifest;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.outagedrill.client.ClientException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustStoreTest {

    @TempDir
    Path dir;

    @Test
    void keygenFilesLoadAsPrivateKeyAndTrustStore() throws Exception {
        JWK ec = ManifestKeys.generate(ManifestAlgorithm.ES256, "ec-1");
        JWK ed = ManifestKeys.generate(ManifestAlgorithm.EdDSA, "ed-1");
        Path jwks = dir.resolve("keys.jwks");
        ManifestKeys.writePrivate(ec, dir.resolve("ec.jwk"));
        ManifestKeys.addToPublicSet(ec, jwks);
        ManifestKeys.addToPublicSet(ed, jwks); // rotation: the set grows

        TrustStore trust = TrustStore.load(jwks);

        assertThat(trust.keyIds()).containsExactly("ec-1", "ed-1");
        assertThat(trust.key("ec-1")).get().satisfies(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(ManifestKeys.readPrivate(dir.resolve("ec.jwk"))).isEqualTo(ec);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve("ec.jwk")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void refusesPrivateKeyMaterial() {
        JWK ec = ManifestKeys.generate(ManifestAlgorithm.ES256, "leaky");

        assertThatThrownBy(() -> TrustStore.of(new JWKSet(ec)))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("expected public keys only, saw private key material for kid \"leaky\"");
    }

    @Test
    void refusesKeysWithoutKidDuplicatesAndUnsupportedTypes() throws Exception {
        JWK noKid = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();
        JWK ec = ManifestKeys.generate(ManifestAlgorithm.ES256, "same").toPublicJWK();
        JWK ed = ManifestKeys.generate(ManifestAlgorithm.EdDSA, "same").toPublicJWK();
        JWK rsa = new RSAKeyGenerator(2048).keyID("rsa").generate().toPublicJWK();
        JWK p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate().toPublicJWK();
        JWK enc = new ECKeyGenerator(Curve.P_256).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate().toPublicJWK();

        assertThatThrownBy(() -> TrustStore.of(new JWKSet(noKid))).hasMessageContaining("without one");
        assertThatThrownBy(() -> TrustStore.of(new JWKSet(List.of(ec, ed))))
                .hasMessageContaining("saw kid \"same\" twice");
        assertThatThrownBy(() -> TrustStore.of(new JWKSet(rsa))).hasMessageContaining("is a RSA key; expected");
        assertThatThrownBy(() -> TrustStore.of(new JWKSet(p384))).hasMessageContaining("is an EC P-384 key");
        assertThatThrownBy(() -> TrustStore.of(new JWKSet(enc))).hasMessageContaining("\"use\":\"enc\"");
    }

    /**
     * Libsodium's small-order blocklist for Ed25519 (the neutral point, the points of order 2, 4 and 8, some with
     * the sign bit set or y written non-canonically), and keys whose y is not below 2^255 - 19: each is refused by
     * name. With the neutral point trusted, a signature of R = neutral point, S = 0 checks for any manifest.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "0100000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000080",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})
    void refusesEd25519KeysOfSmallOrderOrNotInCanonicalForm(String hex) {
        JWK weak = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(HexFormat.of().parseHex(hex)))
                .keyID("weak").build();

        assertThatThrownBy(() -> TrustStore.of(new JWKSet(weak))).as("a trust store with the Ed25519 key %s", hex)
                .isInstanceOf(ClientException.class).hasMessageContaining("key \"weak\" is ")
                .hasMessageMatching("(?s).*(small order|canonical form).*");
    }

    @Test
    void acceptsEd25519KeysAsTheyAreGenerated() {
        for (int i = 0; i < 20; i++) {
            JWK ed = ManifestKeys.generate(ManifestAlgorithm.EdDSA, "ed-" + i).toPublicJWK();
            assertThat(TrustStore.of(new JWKSet(ed)).keyIds()).as("a generated key, %s", ed).containsExactly("ed-" + i);
        }
    }

    @Test
    void refusesFileThatIsNotAJwkSet() throws Exception {
        Path file = Files.writeString(dir.resolve("keys.jwks"), "not json");

        assertThatThrownBy(() -> TrustStore.load(file)).isInstanceOf(ClientException.class)
                .hasMessageContaining("expected a JWK Set");
    }

    /** The file to download given as --trust by mistake: said as such, not as the decoder's "Input length = 1". */
    @Test
    void aFileThatIsNotTextIsNamedAsSuch() throws Exception {
        Path file = Files.write(dir.resolve("movie.mp4"), new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x7f});

        assertThatThrownBy(() -> TrustStore.load(file)).isInstanceOf(ClientException.class)
                .hasMessage(file + ": expected a JWK Set ({\"keys\":[...]}), saw bytes that are not UTF-8 text");
    }

    @Test
    void neverOverwritesAPrivateKeyOrReusesAKid() {
        JWK ec = ManifestKeys.generate(ManifestAlgorithm.ES256, "ec-1");
        ManifestKeys.writePrivate(ec, dir.resolve("ec.jwk"));
        ManifestKeys.addToPublicSet(ec, dir.resolve("keys.jwks"));

        assertThatThrownBy(() -> ManifestKeys.writePrivate(ec, dir.resolve("ec.jwk")))
                .hasMessageContaining("refusing to overwrite");
        assertThatThrownBy(() -> ManifestKeys.addToPublicSet(ec, dir.resolve("keys.jwks")))
                .hasMessageContaining("already holds a key with kid \"ec-1\"");
        assertThatThrownBy(() -> ManifestKeys.generate(ManifestAlgorithm.ES256, "../x"))
                .hasMessageContaining("saw \"../x\"");
    }
}
