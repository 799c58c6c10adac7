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

/**
 * Keeps a renewal of the router's output made while it runs. {@code manifest renew} re-signs the newest copy, the
 * one the router wrote, with a later expiry and the same version; the router re-signs from the manifest it holds in
 * memory, so its next publication would put the old expiry back and the manifest would lapse on the date the
 * renewal was meant to move.
 */
public final class RenewedExpiry {
    private final Path file;
    private final ManifestVerifier verifier;

    /**
     * @param file the file the router publishes to
     * @param key  the key it signs with: only a renewal signed with it is taken (an expiry is the signer's to set)
     */
    public RenewedExpiry(Path file, JWK key, ManifestJson.Options options, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.verifier = new ManifestVerifier(TrustStore.loadOrPublicHalf(null, key), VersionStore.inMemory(), clock,
                ManifestVerifier.DEFAULT_SKEW, options);
    }

    /**
     * {@code next} with the expiry of the manifest the file holds when that is the same release (file and hashes)
     * signed with the key and expires later; else {@code next} as it is.
     */
    public Manifest apply(Manifest next) {
        if (!Files.isRegularFile(file)) {
            return next;
        }
        Manifest held;
        try {
            held = verifier.verify(Files.readAllBytes(file), file.toString()).manifest();
        } catch (IOException | ClientException notARenewal) {
            return next; // unreadable, another key's, expired: nothing to keep
        }
        boolean sameRelease = held.file().equals(next.file()) && held.target().sha256().equals(next.target().sha256())
                && held.target().chunks().equals(next.target().chunks());
        return sameRelease && held.expires().isAfter(next.expires())
                ? new Manifest(next.target(), held.expires(), next.version(), next.alternates())
                : next;
    }
}
