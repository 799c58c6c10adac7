package io.outagedrill.fakes.topology;

import java.util.regex.Pattern;

/** A file every provider hosts: generated from the topology's seed, signed in chunks of {@code chunkSize}. */
record FileSpec(String name, long size, long chunkSize) {
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
