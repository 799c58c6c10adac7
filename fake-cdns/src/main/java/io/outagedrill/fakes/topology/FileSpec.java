package io.outagedrill.fakes.topology;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A file every provider hosts, signed in chunks of {@code chunkSize}: generated from its own {@code seed} when it
 * has one, else from the topology's.
 */
record FileSpec(String name, long size, long chunkSize, OptionalLong seed) {
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
    }
}
