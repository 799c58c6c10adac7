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
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
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
