package io.outagedrill.client.job;

import io.outagedrill.client.manifest.VerifiedManifest;
import java.util.List;
import java.util.Objects;

/** Where a {@link ManifestDownload} gets the manifest it downloads by. */
public sealed interface ManifestSource {

    /**
     * URLs or paths of signed manifests (compact JWS) or Metalink files, replicas tried in order until one passes
     * verification.
     */
    record Locations(List<String> locations) implements ManifestSource {
        public Locations {
            locations = List.copyOf(locations);
            if (locations.isEmpty()) {
                throw new IllegalArgumentException("expected at least one manifest location, saw none");
            }
        }
    }

    /** A compact JWS already in hand (a program that just signed it), still verified like a fetched one. */
    record Signed(byte[] compactJws, String source) implements ManifestSource {
        public Signed {
            Objects.requireNonNull(compactJws, "compactJws");
            Objects.requireNonNull(source, "source");
        }
    }

    /** A manifest the caller built or verified itself (a benchmark of the transfer alone). */
    record Verified(VerifiedManifest manifest) implements ManifestSource {
        public Verified {
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    static ManifestSource locations(List<String> locations) {
        return new Locations(locations);
    }

    static ManifestSource signed(byte[] compactJws, String source) {
        return new Signed(compactJws, source);
    }

    static ManifestSource verified(VerifiedManifest manifest) {
        return new Verified(manifest);
    }
}
