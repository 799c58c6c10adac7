package io.outagedrill.reports.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file whole: the new content is written beside it and renamed over it, so a reader (a browser, another
 * drill) sees the old file or the new one, never half of one. The temporary name is made here rather than by
 * {@code Files.createTempFile}, whose owner-only permissions would make index.html unreadable to a web server.
 */
final class AtomicFile {
    private AtomicFile() {
    }

    static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path target, byte[] bytes) throws IOException {
        Path temp = temporary(target);
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
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
