package io.outagedrill.fakes.topology;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A file every provider hosts, signed in chunks of {@code chunkSize}: the publisher's own file at {@code onDisk}
 * when given (then {@code size} is its size when declared, and the hashing at start has the last word), else
 * generated from its own {@code seed} when it has one, else from the topology's.
 */
record FileSpec(String name, long size, long chunkSize, OptionalLong seed, Optional<Path> onDisk) {
    /** One plain path component, as the manifest's {@code file} must be, and safe in a URL path as it stands. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    FileSpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a file name is one plain path component of letters, digits, '.', "
                    + "'_' and '-', was '" + name + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException(name + ": size must not be negative, was " + size);
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException(name + ": chunk size must be positive, was " + chunkSize);
        }
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(onDisk, "onDisk");
        if (seed.isPresent() && onDisk.isPresent()) {
            throw new IllegalArgumentException(name + ": a file on disk has its own bytes; a seed is for generated files");
        }
    }

    /** A generated file. */
    FileSpec(String name, long size, long chunkSize, OptionalLong seed) {
        this(name, size, chunkSize, seed, Optional.empty());
    }
}
