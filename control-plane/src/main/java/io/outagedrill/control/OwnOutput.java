package io.outagedrill.control;

import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.ClientException;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The manifest in the router's output file, when it is signed with the router's key: what the router (or
 * {@code manifest renew}, with the same key) left there, which a restart or the next publication must not undo.
 * Anything else in the file (another key's, expired, not a manifest) is not the router's to take from.
 */
public final class OwnOutput {
    private final Path file;
    private final ManifestVerifier verifier;

    /** @param key the key the router signs with */
    public OwnOutput(Path file, JWK key, ManifestJson.Options options, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.verifier = new ManifestVerifier(TrustStore.loadOrPublicHalf(null, key), VersionStore.inMemory(), clock,
                ManifestVerifier.DEFAULT_SKEW, options);
    }

    /**
     * The manifest in the file when it is a later version of {@code given}'s file: where an earlier run of the same
     * command line left off. A supervisor restarts the command as it was written, the publisher's release as its
     * input; started from that, the router would know nothing of the mirrors it had demoted in the file, and one
     * healthy again would stay demoted there for as long as no other mirror failed.
     */
    public Optional<Manifest> laterThan(Manifest given) {
        return held().filter(held -> held.file().equals(given.file()) && held.version() > given.version());
    }

    /**
     * {@code next} with the expiry of the manifest in the file when that is the same release and expires later
     * ({@link #withLaterExpiry}); else {@code next} as it is. {@code manifest renew} re-signs the newest copy, the
     * router's, with a later expiry and the same version, while the router re-signs from the manifest it holds in
     * memory: its next publication would put the old expiry back, and the manifest would lapse on the date the
     * renewal was to move.
     */
    public Manifest keepRenewal(Manifest next) {
        return held().map(held -> withLaterExpiry(next, held)).orElse(next);
    }

    /**
     * {@code manifest} with the expiry of {@code other} when that is the same release (file and hashes) and expires
     * later; else {@code manifest} as it is. Its version, mirrors and alternates stay {@code manifest}'s own.
     */
    public static Manifest withLaterExpiry(Manifest manifest, Manifest other) {
        boolean sameRelease = other.file().equals(manifest.file())
                && other.target().sha256().equals(manifest.target().sha256())
                && other.target().chunks().equals(manifest.target().chunks());
        return sameRelease && other.expires().isAfter(manifest.expires())
                ? manifest.withExpires(other.expires())
                : manifest;
    }

    private Optional<Manifest> held() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(verifier.verify(Files.readAllBytes(file), file.toString()).manifest());
        } catch (IOException | ClientException notOurs) {
            return Optional.empty();
        }
    }
}
