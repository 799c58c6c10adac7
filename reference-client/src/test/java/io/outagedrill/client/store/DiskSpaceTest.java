package io.outagedrill.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file system's count of free space, asked before a download's first request. */
class DiskSpaceTest {
    @TempDir
    Path dir;

    @Test
    void aFolderNotMadeYetIsCountedOnTheFileSystemThatWillHoldIt() throws IOException {
        assertThat(DiskSpace.nearestExistingFolder(dir.resolve("not/made/yet"))).as("the folder asked")
                .isEqualTo(dir);
        long free = DiskSpace.ofFileSystem().usableBytes(dir.resolve("not/made/yet"));

        assertThat(free).as("free bytes for a folder under %s that does not exist yet", dir).isPositive();
    }
}
