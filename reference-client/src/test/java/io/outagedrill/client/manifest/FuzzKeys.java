package io.outagedrill.client.manifest;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The keys and clock of the manifest fuzz tests. The keys are fixed (the test resource {@value #RESOURCE}, made
 * by {@link ManifestFuzzSeeds}) rather than generated per run, so that a signed input the fuzzer saved keeps the
 * same meaning in every later run. They are test keys: nothing outside these tests trusts them.
 */
final class FuzzKeys {

    static final String RESOURCE = "fuzz-keys.jwks.json";

    /** Trusted: the verifier's trust store holds their public halves. */
    static final String TRUSTED_ES = "fuzz-es";
    static final String TRUSTED_ED = "fuzz-ed";
    /** Not trusted: an attacker's keys, used under a trusted kid ({@code impostor}) or their own ({@code stranger}). */
    static final String IMPOSTOR_ED = "impostor-ed";
    static final String STRANGER_ES = "stranger-es";

    /** The fuzz tests' clock: the seed manifests (expiring {@link ManifestFixtures#EXPIRES}) are fresh then. */
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static final JWKSet ALL = load();

    static final TrustStore TRUST = TrustStore.of(
            new JWKSet(List.of(key(TRUSTED_ES), key(TRUSTED_ED))).toPublicJWKSet());

    private FuzzKeys() {
    }

    static JWK key(String keyId) {
        JWK key = ALL.getKeyByKeyId(keyId);
        if (key == null) {
            throw new IllegalStateException("expected key \"%s\" in %s, saw only %s".formatted(keyId, RESOURCE,
                    ALL.getKeys().stream().map(JWK::getKeyID).toList()));
        }
        return key;
    }

    /** A verifier over {@link #TRUST} at {@link #NOW} with a fresh rollback memory, so inputs do not interact. */
    static ManifestVerifier verifier(ManifestJson.Options options) {
        return new ManifestVerifier(TRUST, VersionStore.inMemory(), Clock.fixed(NOW, ZoneOffset.UTC),
                ManifestVerifier.DEFAULT_SKEW, options);
    }

    private static JWKSet load() {
        try (InputStream in = FuzzKeys.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("expected the test resource " + RESOURCE + " beside " + FuzzKeys.class);
            }
            return JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(RESOURCE + ": expected a JWK Set, saw: " + e.getMessage(), e);
        }
    }
}
