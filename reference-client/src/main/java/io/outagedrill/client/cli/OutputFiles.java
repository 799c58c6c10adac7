package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes command output files whole or not at all, so a failed write never leaves half a manifest behind. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** Writes {@code bytes} to a temporary file beside {@code target}, then renames it over {@code target}. */
    static void replace(Path target, byte[] bytes) {
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the message below is what matters
            }
            throw new ClientException("cannot write %s: %s".formatted(target, e), e);
        }
    }
}
