package io.outagedrill.benchmarks.peers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A program the bench runs, found on PATH, and the Debian package that installs it.
 *
 * @param program     the executable's name
 * @param debPackage  the package to {@code apt-get install}
 */
record Tool(String program, String debPackage) {
    /** Two contenders run it: curl then sha256sum, and the receive floor. */
    static final Tool CURL = new Tool("curl", "curl");

    /** Where the program is on PATH (or the path itself when it has a slash). */
    Optional<Path> find() {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    String installHint() {
        return "%s is not installed; install it with: apt-get install -y %s".formatted(program, debPackage);
    }
}
