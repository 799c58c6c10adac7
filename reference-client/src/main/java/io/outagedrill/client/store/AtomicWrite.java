package io.outagedrill.client.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;

/**
 * Replaces a small file whole or not at all: the bytes go to a temporary file beside it (a name no other writer
 * uses), forced to disk, and then renamed over it, and the folder is forced so that the rename is too. A reader
 * never sees half a manifest, a crash or a power cut leaves the old file or the new one (never an empty file
 * under the name: without the force, a file system may commit the rename before the bytes), and a failed write
 * leaves no temporary file behind. ({@link #replaceUnforced}, for caches, forces nothing: after a power cut its
 * file may be empty or gone.)
 *
 * <p>The file gets the permissions a plain write gives it (the umask's), or keeps those of the file it replaces:
 * not {@code Files.createTempFile}'s owner-only ones, since what is written here is mostly meant to be read by
 * others (a signed manifest a web server running as another user serves, a public key set for clients).
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    /** Replaces {@code target} with {@code bytes}, durably: forced, renamed, and the rename forced. */
    public static void replace(Path target, byte[] bytes) throws IOException {
        replace(target, bytes, true);
    }

    /**
     * As {@link #replace}, nothing forced: for a cache, whose copy lost in a power cut is fetched again and whose
     * copy torn by one fails its check and is dropped, and which is written on the way to a download's first
     * request, where two forced writes would wait on the disk.
     */
    public static void replaceUnforced(Path target, byte[] bytes) throws IOException {
        replace(target, bytes, false);
    }

    private static void replace(Path target, byte[] bytes, boolean durably) throws IOException {
        Path absolute = target.toAbsolutePath();
        // A name of its own (not Files.createTempFile's, owner-only), made new here: the umask's permissions.
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (durably) {
                    channel.force(true);
                }
            }
            keepPermissions(absolute, temp);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (durably) {
                Durability.forceDirectory(absolute.getParent());
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void keepPermissions(Path replaced, Path temp) throws IOException {
        PosixFileAttributeView old = Files.getFileAttributeView(replaced, PosixFileAttributeView.class);
        if (old == null) {
            return; // not a POSIX file system: the platform's defaults
        }
        try {
            Files.setPosixFilePermissions(temp, old.readAttributes().permissions());
        } catch (NoSuchFileException nothingReplaced) {
            // a new file: the umask's permissions, as made
        }
    }
}
