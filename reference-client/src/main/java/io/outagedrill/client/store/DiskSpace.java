package io.outagedrill.client.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many more bytes a folder's file system will take. Asked before a download's first request, so that a disk
 * too small for the file is said at once, instead of at the write that fails minutes in.
 */
@FunctionalInterface
public interface DiskSpace {
    /** Bytes this process may still write on the file system that holds {@code folder}. */
    long usableBytes(Path folder) throws IOException;

    /** The file system's own count ({@link java.nio.file.FileStore#getUsableSpace()}). */
    static DiskSpace ofFileSystem() {
        return folder -> Files.getFileStore(folder).getUsableSpace();
    }
}
