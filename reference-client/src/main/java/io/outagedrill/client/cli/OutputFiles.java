package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;

import java.io.IOException;
import io.outagedrill.client.store.AtomicWrite;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Writes command output files whole or not at all, so a failed write never leaves half a manifest behind. */
final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Where {@code target} is to be written, checked before any work (hashing a large file, recording a version): a
     * target that is a folder, or a folder to go into that does not exist, is a usage error naming it, not an I/O
     * error about a temporary file after the work. For every command that writes a manifest.
     */
    static void requireFolder(CommandLine command, String what, Path target) {
        requireFolder(command, what, target, "the manifest file");
    }

    /** {@link #requireFolder(CommandLine, String, Path)} for an option that names {@code writes} ("the key file"). */
    static void requireFolder(CommandLine command, String what, Path target, String writes) {
        if (Files.isDirectory(target)) {
            throw new CommandLine.ParameterException(command,
                    "%s: %s is a folder; %s names %s to write".formatted(what, target, what, writes));
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // A device, pipe or socket: the atomic rename would put a regular file in its place (/dev/stdout, or a
            // device node for a root user), never write to it.
            throw new CommandLine.ParameterException(command, ("%s: %s is not a regular file (a device, pipe or "
                    + "socket); %s names %s to write, which is replaced whole").formatted(what, target, what, writes));
        }
        Path folder = target.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(command, "%s: %s goes into %s, %s".formatted(what, target,
                    folder, Files.exists(folder) ? "which is not a folder" : "a folder that does not exist"));
        }
    }

    /** {@link AtomicWrite#replace}, failing with a message that names the file. */
    static void replace(Path target, byte[] bytes) {
        try {
            AtomicWrite.replace(target, bytes);
        } catch (IOException e) {
            throw new ClientException("cannot write %s: %s".formatted(target, IoErrors.describe(e)), e);
        }
    }
}
