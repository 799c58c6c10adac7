package io.outagedrill.reports.history;

import io.outagedrill.client.store.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Replaces a file whole ({@link AtomicWrite}, the client's): a reader (a browser, another drill) sees the old file
 * or the new one, never half of one, readable by a web server. The latest-run link, a symbolic link, is made beside
 * its target with {@link #temporary} and renamed over it with {@link #move}.
 */
final class AtomicFile {
    private AtomicFile() {
    }

    static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path target, byte[] bytes) throws IOException {
        AtomicWrite.replace(target, bytes);
    }

    /** A fresh name beside {@code target}, ending in .tmp. */
    static Path temporary(Path target) {
        return target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    /** Renames {@code temp} over {@code target}: atomically where the file system can. */
    static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
