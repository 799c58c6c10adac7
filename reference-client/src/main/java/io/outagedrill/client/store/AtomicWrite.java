package io.outagedrill.client.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a small file whole or not at all: the bytes go to a temporary file beside it (a name no other writer
 * uses), which is then renamed over it. A reader never sees half a manifest, a crash leaves the old file or the
 * new one, and a failed write leaves no temporary file behind.
 *
 * <p>The file gets the permissions a plain write gives it (the umask's), or keeps those of the file it replaces:
 * not {@code Files.createTempFile}'s owner-only ones, since what is written here is mostly meant to be read by
 * others (a signed manifest a web server running as another user serves, a public key set for clients).
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    public static void replace(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = createBeside(absolute);
        try {
            keepPermissions(absolute, temp);
            Files.write(temp, bytes);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new empty file beside {@code target} with a name no other writer uses, made with the umask's permissions. */
    private static Path createBeside(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 99) {
                    throw taken;
                }
            }
        }
    }

    private static void keepPermissions(Path replaced, Path temp) throws IOException {
        PosixFileAttributeView old = Files.getFileAttributeView(replaced, PosixFileAttributeView.class);
        if (old != null && Files.exists(replaced)) {
            Files.setPosixFilePermissions(temp, old.readAttributes().permissions());
        }
    }
}
