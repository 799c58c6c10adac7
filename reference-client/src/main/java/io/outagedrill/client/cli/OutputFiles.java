package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;

import java.io.IOException;
import io.outagedrill.client.store.AtomicWrite;
import java.nio.file.Path;

/** Writes command output files whole or not at all, so a failed write never leaves half a manifest behind. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** {@link AtomicWrite#replace}, failing with a message that names the file. */
    static void replace(Path target, byte[] bytes) {
        try {
            AtomicWrite.replace(target, bytes);
        } catch (IOException e) {
            throw new ClientException("cannot write %s: %s".formatted(target, e), e);
        }
    }
}
