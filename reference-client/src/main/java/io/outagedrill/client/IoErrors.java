package io.outagedrill.client;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Local I/O errors in words: Java's file exceptions put only a path in their message ("/var/cache/x"), which
 * says where but not what went wrong.
 */
public final class IoErrors {
    private IoErrors() {
    }

    public static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file or folder: " + missing.getFile();
            case AccessDeniedException denied -> "permission denied: " + denied.getFile();
            case FileAlreadyExistsException exists -> "already exists (a folder was wanted, or a new file): "
                    + exists.getFile();
            case NotDirectoryException notFolder -> "not a folder: " + notFolder.getFile();
            case FileSystemException fs when fs.getReason() != null -> fs.getMessage();
            case FileSystemException fs -> fs.getClass().getSimpleName() + ": " + fs.getMessage();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }
}
