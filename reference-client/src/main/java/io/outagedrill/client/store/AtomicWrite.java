package io.outagedrill.client.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a small file whole or not at all: the bytes go to a temporary file beside it (a name no other writer
 * uses), which is then renamed over it. A reader never sees half a manifest, a crash leaves the old file or the
 * new one, and a failed write leaves no temporary file behind.
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    public static void replace(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
