package io.outagedrill.harness.sut;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds external programs on PATH, and says how to install the ones that are missing. */
public final class Tools {
    private Tools() {
    }

    public static Optional<Path> find(String program) {
        return find(program, System.getenv("PATH"));
    }

    /** The first executable file named {@code program} in the folders of {@code path} (a PATH value; null: none). */
    static Optional<Path> find(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            // A folder has its x bit too, and is no program: the shell, too, looks on along PATH past it.
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Empty when installed; otherwise a sentence naming the Debian package. */
    static Optional<String> missing(String program, String debianPackage) {
        return find(program).isPresent() ? Optional.empty()
                : Optional.of("%s is not installed; install it with: apt-get install %s".formatted(program,
                        debianPackage));
    }
}
