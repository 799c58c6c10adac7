package io.outagedrill.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** A file a command reads, checked before any work: a missing one, or a folder, is a usage error naming it. */
public final class InputFiles {
    private InputFiles() {
    }

    /** As {@link #require}, for an optional file: nothing when it was not given (null). */
    public static void requireIfGiven(CommandLine command, String what, Path path) {
        if (path != null) {
            require(command, what, path);
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
