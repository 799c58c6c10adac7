package io.outagedrill.client.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many more bytes a folder's file system will take. Asked before a download's first request, so that a disk
 * too small for the file is said at once, instead of at the write that fails minutes in.
 */
@FunctionalInterface
public interface DiskSpace {
    /**
     * Bytes this process may still write on the file system that holds {@code folder}, or that will hold it: a
     * download's folder may be made only when its first file is.
     */
    long usableBytes(Path folder) throws IOException;

    /**
     * The file system's own count: what an ordinary user may still write, or for root, which may also write into the
     * blocks a file system keeps in reserve, every free block. A file system that reports no size at all (some FUSE
     * and network mounts) gives no count: an {@link IOException}.
     *
     * <p>Asked through {@link File}, a {@code statvfs} call per figure, not {@link java.nio.file.FileStore}: finding
     * a path's {@code FileStore} reads and parses {@code /proc/mounts} first, about 4 ms of a fresh JVM's start
     * against 0.07 ms, and this is asked before the first request.
     */
    static DiskSpace ofFileSystem() {
        boolean superuser = "root".equals(System.getProperty("user.name"));
        return folder -> {
            Path existing = nearestExistingFolder(folder);
            File file = existing.toFile();
            long free = superuser ? file.getFreeSpace() : file.getUsableSpace();
            // File answers 0 where statvfs fails as well as where the file system has no size. Asked after the free
            // space, so a failure of that first call (the folder gone meanwhile) shows here as no count, never as a
            // full disk.
            if (file.getTotalSpace() == 0) {
                throw new IOException("the file system that holds " + existing + " reports no size");
            }
            return free;
        };
    }

    /** {@code folder}, or the nearest folder above it that exists: a download's folder may not be made yet. */
    static Path nearestExistingFolder(Path folder) throws IOException {
        Path existing = folder.toAbsolutePath();
        while (!Files.isDirectory(existing)) {
            existing = existing.getParent();
            if (existing == null) {
                throw new IOException("no folder of " + folder + " exists");
            }
        }
        return existing;
    }
}
