package io.outagedrill.client.publish;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.manifest.VersionStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Re-signs a signed manifest with a later expiry: the same file, size, hashes, mirrors, alternates and version,
 * so clients holding the old one see nothing change but the date. A publisher runs it on a schedule, well before
 * the expiry, so clients never meet an expired manifest while the file is unchanged.
 *
 * <p>The old manifest is verified first, against {@code trust}: renewing whatever bytes lie in a folder would
 * bless a tampered manifest with a fresh signature. Its expiry is not checked (a lapsed manifest may be renewed)
 * and no version memory is touched.
 */
public final class ManifestRenewal {

    /**
     * @param manifest the renewed manifest
     * @param jws      its compact JWS, signed by the renewing key
     * @param oldKeyId the key that had signed the old one (differs from the new key across a rotation)
     */
    public record Renewed(Manifest manifest, String jws, String oldKeyId) {
    }

    private final TrustStore trust;
    private final ManifestSigner signer;
    private final ManifestJson.Options options;

    /**
     * @param trust  keys the old manifest may be signed with (the signing key's public half, plus the previous
     *               key across a rotation)
     * @param signer the key that signs the renewed manifest
     */
    public ManifestRenewal(TrustStore trust, ManifestSigner signer, ManifestJson.Options options) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param compactJws the signed manifest to renew
     * @param source     where it came from, for messages
     * @param expires    the new expiry; not earlier than the old one
     * @throws io.outagedrill.client.manifest.ManifestRejectedException if the old manifest fails verification
     */
    public Renewed renew(byte[] compactJws, String source, Instant expires) {
        // A clock at the epoch makes every expiry lie in the future: expiry is the one check a renewal skips.
        Clock beforeEveryExpiry = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        ManifestVerifier verifier = new ManifestVerifier(trust, VersionStore.inMemory(), beforeEveryExpiry,
                Duration.ZERO, options);
        VerifiedManifest old = verifier.verify(compactJws, source);
        Manifest was = old.manifest();
        if (expires.isBefore(was.expires())) {
            // The same expiry is allowed: re-signing with a new key after a rotation changes nothing else.
            throw new IllegalArgumentException("%s expires %s; a renewal must not expire earlier, saw %s"
                    .formatted(source, was.expires(), expires));
        }
        Manifest renewed = was.withExpires(expires); // routed or not, as it was
        return new Renewed(renewed, signer.sign(renewed), old.keyId());
    }
}
