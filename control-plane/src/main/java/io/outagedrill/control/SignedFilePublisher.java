package io.outagedrill.control;

import com.nimbusds.jose.JWSObject;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.publish.PublishedVersions;
import io.outagedrill.client.store.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

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

    /**
     * What {@link #startFrom} found in the file and did.
     *
     * @param held     the version of the same file's manifest the file held; empty when it held none readable
     * @param replaced whether the given manifest was written over it
     */
    public record Start(OptionalLong held, boolean replaced) {
    }

    /**
     * Puts {@code jws}, the manifest the router starts from ({@code given}), in the file as it is, unless the file
     * already holds a manifest of the same file at that version or a later one (the router's own output, given back
     * after a restart, or the given file itself). The router writes only when the order changes: without this, a
     * web server serving the file would serve nothing until the first demotion or, after a new release, the
     * previous release's manifest, whose hashes the mirrors no longer match.
     */
    public Start startFrom(Manifest given, byte[] jws) throws IOException {
        OptionalLong held = heldVersion(given.file());
        if (held.isPresent() && held.getAsLong() >= given.version()) {
            return new Start(held, false);
        }
        write(jws);
        return new Start(held, true);
    }

    /**
     * The version of {@code fileName}'s manifest the file holds, read without checking the signature: it decides
     * only whether to leave the file alone, and whatever cannot be read as such a manifest is replaced.
     */
    private OptionalLong heldVersion(String fileName) {
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try {
            Manifest held = ManifestJson.parse(JWSObject.parse(Files.readString(file, StandardCharsets.US_ASCII)
                    .trim()).getPayload().toBytes(), ManifestJson.Options.ALLOW_PLAIN_HTTP);
            return held.file().equals(fileName) ? OptionalLong.of(held.version()) : OptionalLong.empty();
        } catch (IOException | java.text.ParseException | RuntimeException notAManifest) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void publish(Manifest manifest) throws IOException {
        byte[] jws = (signer.sign(manifest) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (published.isPresent()) {
            published.get().publish(manifest.file(), manifest.version(), clock.instant(), () -> write(jws));
        } else {
            write(jws);
        }
    }

    /** Replaces the file; a failure names it, where Java's own exception names only the temporary file beside it. */
    private void write(byte[] jws) throws IOException {
        try {
            AtomicWrite.replace(file, jws);
        } catch (IOException e) {
            throw new IOException("cannot write %s: %s".formatted(file, IoErrors.describe(e)), e);
        }
    }
}
