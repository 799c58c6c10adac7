package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a program on PATH as a shell does. */
class ToolsTest {
    @TempDir
    Path dir;

    /**
     * A folder named like the program, earlier on PATH, was taken for it (a folder has its x bit too): a cmd: client
     * passed the check before the run, then every download failed with "Permission denied".
     */
    @Test
    void aFolderNamedLikeTheProgramIsPassedOverForTheProgramFurtherOnPath() throws IOException {
        Path early = Files.createDirectories(dir.resolve("early/my-dl"));
        Path program = executable(Files.createDirectories(dir.resolve("late")).resolve("my-dl"));
        String path = early.getParent() + File.pathSeparator + program.getParent();

        assertThat(Tools.find("my-dl", path)).as("my-dl on PATH %s", path).contains(program);
        assertThat(Tools.find("my-dl", early.getParent().toString())).as("my-dl where only a folder has that name")
                .isEmpty();
    }

    @Test
    void aFileThatIsNotExecutableIsNoProgram() throws IOException {
        Path plain = Files.writeString(Files.createDirectories(dir.resolve("plain")).resolve("my-dl"), "#!/bin/sh\n");

        assertThat(Tools.find("my-dl", plain.getParent().toString())).as("my-dl without its x bit").isEmpty();
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
