package io.outagedrill.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** A file a command reads, checked before any work: a missing one, or a folder, is a usage error naming it. */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * Each of the key files a command reads, where given ({@code --key}, {@code --trust}): a missing one is the same
     * usage error as a missing manifest, not a failure of the command's work (exit 1) found after other checks.
     */
    public static void requireKeys(CommandLine command, Path key, Path trust) {
        if (key != null) {
            require(command, "--key", key);
        }
        if (trust != null) {
            require(command, "--trust", trust);
        }
    }

    /** @param what the parameter as its help names it ({@code FILE}, {@code SIGNED.jws}, {@code --alternate x}) */
    public static void require(CommandLine command, String what, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new CommandLine.ParameterException(command, "%s: %s".formatted(what,
                    Files.isDirectory(path) ? path + " is a folder, not a file" : "no such file: " + path));
        }
    }
}
