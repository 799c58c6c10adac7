package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;

import java.io.IOException;
import io.outagedrill.client.store.AtomicWrite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Writes command output files whole or not at all, so a failed write never leaves half a manifest behind. */
public final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Where {@code target} is to be written, checked before any work (hashing a large file, recording a version): a
     * target that is a folder, or a folder to go into that does not exist, is a usage error naming it, not an I/O
     * error about a temporary file after the work. For every command that writes a manifest.
     */
    public static void requireFolder(CommandLine command, String what, Path target) {
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

    /**
     * Refuses an output that is one of the command's own inputs (by {@link Files#isSameFile}, so through links
     * too): {@code -o movie.mp4} replaced the file just published with its manifest, and {@code -o KEY.jwk} the
     * only copy of the signing key. Checked before any work, as {@link #requireFolder}.
     *
     * @param inputs each input as its option names it ({@code FILE}, {@code --key}), to its path; null paths are
     *               options not given
     */
    public static void requireNotAnInput(CommandLine command, String what, Path target, Map<String, Path> inputs) {
        requireNotAnInput(command, what, target, "the manifest", inputs);
    }

    /**
     * {@link #requireNotAnInput(CommandLine, String, Path, Map)} for an option that writes something other than a
     * manifest ({@code writes}: "the public key set").
     */
    static void requireNotAnInput(CommandLine command, String what, Path target, String writes,
                                  Map<String, Path> inputs) {
        inputs.forEach((option, input) -> {
            if (input != null && sameFile(target, input)) {
                throw new CommandLine.ParameterException(command, ("%s: %s is %s too, which %s would replace; "
                        + "write it to a file of its own").formatted(what, target, option, writes));
            }
        });
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
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
