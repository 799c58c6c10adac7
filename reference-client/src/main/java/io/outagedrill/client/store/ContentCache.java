package io.outagedrill.client.store;

import io.outagedrill.client.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * A local, content-addressed cache of verified files: {@code ROOT/sha256/ab/abcdef...}. A later download of
 * the same content is served from here, and {@code --offline} uses nothing else, which is what a user wants
 * during an outage. Entries are checked against their hash before use: the cache folder is not trusted more
 * than a mirror is.
 */
public final class ContentCache {
    private final Path root;

    public ContentCache(Path root) {
        this.root = root;
    }

    /** {@code $XDG_CACHE_HOME/outage-drill}, else {@code ~/.cache/outage-drill}. */
    public static ContentCache defaultLocation() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new ContentCache(base.resolve("outage-drill"));
    }

    public Path root() {
        return root;
    }

    Path entry(String sha256) {
        String hex = sha256.toLowerCase(Locale.ROOT);
        return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** The cached file for this content, if present with the right size (its hash is checked by the reader). */
    public Optional<Path> find(String sha256, long size) {
        Path entry = entry(sha256);
        try {
            return Files.isRegularFile(entry) && Files.size(entry) == size ? Optional.of(entry) : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Copies {@code entry}'s content to {@code target} if its SHA-256 still matches; a damaged entry is removed
     * and false returned.
     */
    public boolean restore(String sha256, long size, Path target) throws IOException {
        Optional<Path> entry = find(sha256, size);
        if (entry.isEmpty()) {
            return false;
        }
        if (!Sha256.ofFile(entry.get()).equals(sha256.toLowerCase(Locale.ROOT))) {
            Files.deleteIfExists(entry.get());
            return false;
        }
        Files.copy(entry.get(), target, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** Adds a verified file: a hard link when possible (no extra space), else a copy; atomic either way. */
    public void put(Path verifiedFile, String sha256) throws IOException {
        Path entry = entry(sha256);
        if (Files.exists(entry)) {
            return;
        }
        Files.createDirectories(entry.getParent());
        Path temp = entry.resolveSibling(entry.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createLink(temp, verifiedFile);
        } catch (IOException | UnsupportedOperationException crossDevice) {
            Files.copy(verifiedFile, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
