package io.outagedrill.client.manifest;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys the client trusts to sign manifests, and the only place keys come from: never a {@code jku},
 * {@code x5u}, {@code x5c} or embedded {@code jwk} header. Several keys may be trusted at once, which is how a
 * key is rotated (add the new key, publish with it, then remove the old one).
 *
 * <p>Loading refuses, rather than silently strips, a set that holds private key material: a private key in a
 * file meant for every client means it has leaked, and the publisher must know. It also refuses keys without a
 * {@code kid} (they could never be selected), duplicate {@code kid}s (the choice would be ambiguous), keys
 * marked for encryption, key types no {@link ManifestAlgorithm} uses, and Ed25519 keys that are not in canonical
 * form or are points of small order ({@link Ed25519Keys#weakness}).
 */
public final class TrustStore {

    private final Map<String, JWK> keysById;

    private TrustStore(Map<String, JWK> keysById) {
        this.keysById = keysById;
    }

    /** Reads a JWK Set file ({@code {"keys":[...]}}). */
    public static TrustStore load(Path jwksFile) {
        JWKSet set;
        try {
            // Read through NIO: its exceptions say what went wrong (IoErrors), java.io's only repeat the path.
            set = JWKSet.parse(Files.readString(jwksFile));
        } catch (java.nio.charset.CharacterCodingException e) {
            // Another file given as --trust (the download itself, say): the decoder's own words are "Input length = 1".
            throw new ClientException("%s: expected a JWK Set ({\"keys\":[...]}), saw bytes that are not UTF-8 text"
                    .formatted(jwksFile), e);
        } catch (IOException e) {
            throw new ClientException("cannot read trust store %s: %s".formatted(jwksFile, IoErrors.describe(e)), e);
        } catch (ParseException e) {
            throw new ClientException("trust store %s: expected a JWK Set ({\"keys\":[...]}): %s"
                    .formatted(jwksFile, e.getMessage()), e);
        }
        return of(set, jwksFile.toString());
    }

    public static TrustStore of(JWKSet set) {
        return of(set, "trust store");
    }

    /**
     * The keys in {@code jwksFile}, or when none is given the public half of {@code signingKey}: what a publisher
     * that re-signs a manifest checks the one in hand against (a file of older keys after a key rotation).
     */
    public static TrustStore loadOrPublicHalf(Path jwksFile, JWK signingKey) {
        return jwksFile != null ? load(jwksFile) : of(new JWKSet(signingKey.toPublicJWK()));
    }

    private static TrustStore of(JWKSet set, String where) {
        Map<String, JWK> keys = new LinkedHashMap<>();
        for (JWK key : set.getKeys()) {
            String kid = key.getKeyID();
            if (kid == null || kid.isEmpty()) {
                throw new ClientException("%s: expected every key to have a \"kid\", saw %s without one"
                        .formatted(where, ManifestAlgorithm.describe(key)));
            }
            if (key.isPrivate()) {
                throw new ClientException(("%s: expected public keys only, saw private key material for kid \"%s\"; "
                        + "this key has leaked to everyone the file was given to: replace it and publish only "
                        + "the public set (manifest key generation writes it to its own file)").formatted(where, kid));
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                throw new ClientException("%s: key \"%s\" is marked \"use\":\"%s\"; expected \"sig\""
                        .formatted(where, kid, key.getKeyUse().getValue()));
            }
            ManifestAlgorithm algorithm = ManifestAlgorithm.forKey(key).orElseThrow(() -> new ClientException(
                    "%s: key \"%s\" is %s; expected %s or %s".formatted(where, kid, ManifestAlgorithm.describe(key),
                            ManifestAlgorithm.ES256.keyDescription(), ManifestAlgorithm.EdDSA.keyDescription())));
            if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(algorithm.jws().getName())) {
                throw new ClientException("%s: key \"%s\" is %s, which signs %s, but says \"alg\":\"%s\""
                        .formatted(where, kid, algorithm.keyDescription(), algorithm, key.getAlgorithm()));
            }
            if (algorithm == ManifestAlgorithm.EdDSA) {
                Optional<String> weakness = Ed25519Keys.weakness(key.toOctetKeyPair().getDecodedX());
                if (weakness.isPresent()) {
                    throw new ClientException("%s: key \"%s\" %s; no key generator makes such a key: replace it"
                            .formatted(where, kid, weakness.get()));
                }
            }
            if (keys.putIfAbsent(kid, key) != null) {
                throw new ClientException("%s: expected unique key ids, saw kid \"%s\" twice".formatted(where, kid));
            }
        }
        return new TrustStore(Collections.unmodifiableMap(keys));
    }

    /** The key with exactly this id. A kid is only ever a map key here, never a file name or URL. */
    public Optional<JWK> key(String kid) {
        return Optional.ofNullable(keysById.get(kid));
    }

    public Set<String> keyIds() {
        return keysById.keySet();
    }

    public JWKSet toJWKSet() {
        return new JWKSet(keysById.values().stream().toList());
    }
}
