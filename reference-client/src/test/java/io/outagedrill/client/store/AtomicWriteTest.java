package io.outagedrill.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-or-nothing replacement, with the permissions a signed manifest needs to be served by another user. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileGetsThePermissionsOfAPlainWriteNotOwnerOnly() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");

        AtomicWrite.replace(dir.resolve("movie.jws"), "signed".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.getPosixFilePermissions(dir.resolve("movie.jws"))).as("as the umask gives a plain write")
                .isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(dir.resolve("movie.jws")).hasContent("signed");
    }

    /** A replaced file keeps its permissions, read-only included, and no temporary file stays beside it. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rw-r-----", "r--r--r--"})
    void aReplacedFileKeepsItsPermissionsAndNoTemporaryFileStays(String permissions) throws Exception {
        Path file = Files.writeString(dir.resolve("movie.jws"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        AtomicWrite.replace(file, "new".getBytes(StandardCharsets.US_ASCII));

        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(permissions);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }
}
