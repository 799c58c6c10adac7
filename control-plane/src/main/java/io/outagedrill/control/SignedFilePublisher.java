package io.outagedrill.control;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.publish.PublishedVersions;
import io.outagedrill.client.store.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs each manifest and replaces a file with the compact JWS, atomically (a temporary file renamed over it),
 * so a web server serving the file never serves half of one. With the signing key's record of published versions
 * ({@link PublishedVersions}), each version it publishes is recorded there, and one below the record is refused:
 * {@code manifest create --version auto} then continues after the router's versions instead of repeating one.
 */
public final class SignedFilePublisher implements ManifestPublisher {
    private final ManifestSigner signer;
    private final Path file;
    private final Optional<PublishedVersions> published;
    private final Clock clock;

    public SignedFilePublisher(ManifestSigner signer, Path file) {
        this(signer, file, Optional.empty(), Clock.systemUTC());
    }

    public SignedFilePublisher(ManifestSigner signer, Path file, Optional<PublishedVersions> published, Clock clock) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.file = file.toAbsolutePath();
        this.published = Objects.requireNonNull(published, "published");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long nextVersion(Manifest current) {
        long next = Math.addExact(current.version(), 1);
        return published.map(p -> Math.max(next, p.next(current.file()))).orElse(next);
    }

    @Override
    public void publish(Manifest manifest) throws IOException {
        byte[] jws = (signer.sign(manifest) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (published.isPresent()) {
            published.get().publish(manifest.file(), manifest.version(), clock.instant(),
                    () -> AtomicWrite.replace(file, jws));
        } else {
            AtomicWrite.replace(file, jws);
        }
    }
}
