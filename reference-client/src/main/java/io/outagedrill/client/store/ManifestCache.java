package io.outagedrill.client.store;

import io.outagedrill.client.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last signed manifest accepted for each list of manifest locations, kept as the exact bytes that were
 * verified, so the next download of the same file can start at once from it (stale-while-revalidate) while a
 * newer one is fetched. The bytes are only a candidate: they are verified again (signature, expiry, rollback)
 * before every use, so a stale, expired or tampered copy is never trusted.
 */
public final class ManifestCache {
    /** Larger files are not manifests the client would accept; a bigger file here is ignored. */
    private static final long MAX_BYTES = 4L << 20;

    private final Path folder;

    /** @param folder where copies are kept, e.g. the content cache's {@code manifests} folder */
    public ManifestCache(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    /**
     * The copies {@code drill get} keeps beside its content cache: the {@code manifests} folder in it, so that the
     * cache's one folder holds everything cached, and {@code drill cache clear} empties both.
     */
    public static ManifestCache in(ContentCache cache) {
        return new ManifestCache(cache.root().resolve("manifests"));
    }

    /** The copy kept for {@code locations}, if any. */
    public Optional<byte[]> read(List<String> locations) {
        Path file = file(locations);
        try {
            if (Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // an unreadable copy is no copy: the manifest is fetched as usual
        }
    }

    /** Where the copy for {@code locations} is (whether or not it exists). */
    public Path file(List<String> locations) {
        return folder.resolve(Sha256.of(String.join("\n", locations).getBytes(StandardCharsets.UTF_8)) + ".jws");
    }

    /** Keeps {@code bytes} for {@code locations}, replacing the old copy whole (never half a manifest). */
    public void write(List<String> locations, byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        // A kept copy that a power cut loses or tears is fetched again: it is verified before every use.
        AtomicWrite.replaceUnforced(file(locations), bytes);
    }

    /**
     * Forgets every kept copy, so that the next download fetches its manifest before it starts. The copies'
     * versions stay in the version memory, which is not kept here: clearing reopens nothing to a rollback. A copy
     * being written meanwhile (its temporary file) is left to its writer.
     *
     * @return how many copies were removed
     */
    public int clear() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(folder, "*.jws")) {
            for (Path copy : copies) {
                if (Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(copy)) {
                    removed++;
                }
            }
        } catch (NoSuchFileException neverKept) {
            return 0;
        }
        return removed;
    }

    /** Forgets the copy for {@code locations} (it expired or no longer verifies). */
    public void drop(List<String> locations) {
        try {
            Files.deleteIfExists(file(locations));
        } catch (IOException ignored) {
            // a copy that cannot be deleted is verified again, and refused again, next time
        }
    }
}
