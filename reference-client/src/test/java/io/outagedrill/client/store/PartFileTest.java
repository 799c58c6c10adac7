package io.outagedrill.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The part file is the client's own plain file from open to rename, whatever else writes in its folder. */
class PartFileTest {
    @TempDir
    Path dir;

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPartFileSwappedAfterItWasWrittenIsNotRenamedIntoPlace() throws IOException {
        Path destination = dir.resolve("video.bin");
        Path other = Files.writeString(dir.resolve("other"), "not what was verified");
        try (PartFile part = PartFile.open(destination)) {
            part.write(bytes("verified bytes"), 0);
            Files.move(other, part.path(), StandardCopyOption.REPLACE_EXISTING);

            assertThatThrownBy(() -> part.promote(destination)).isInstanceOf(IOException.class)
                    .hasMessageContaining("is no longer the file this download wrote and verified");
        }
        assertThat(destination).as("nothing renamed to the destination").doesNotExist();
    }

    @Test
    void aLinkAtThePartFilesNameIsRemovedAndWhatItPointsAtKept() throws IOException {
        Path destination = dir.resolve("video.bin");
        Path victim = Files.writeString(dir.resolve("victim"), "keep me");
        Files.createSymbolicLink(PartFile.pathFor(destination), victim);

        try (PartFile part = PartFile.open(destination)) {
            part.write(bytes("download"), 0);
            part.truncate(8);
            assertThat(part.replaced()).as("why the file at the part file's name was not used").get().asString()
                    .contains("video.bin.part was a symbolic link");
            part.promote(destination);
        }
        assertThat(victim).as("the file the link pointed at").hasContent("keep me");
        assertThat(destination).hasContent("download");
        assertThat(Files.isSymbolicLink(destination)).as("the destination is a link").isFalse();
    }

    @Test
    void aHardLinkAtThePartFilesNameLosesThatNameAndTheLinkedFileIsKept() throws IOException {
        Path destination = dir.resolve("video.bin");
        Path victim = Files.writeString(dir.resolve("victim"), "keep me");
        Files.createLink(PartFile.pathFor(destination), victim);

        try (PartFile part = PartFile.open(destination)) {
            assertThat(part.replaced()).as("why the file at the part file's name was not used").get().asString()
                    .contains("video.bin.part had 2 names (a hard link to a file elsewhere)");
            assertThat(part.channel().size()).as("a new, empty part file").isZero();
            part.write(bytes("download"), 0);
            part.promote(destination);
        }
        assertThat(victim).as("the file the hard link named").hasContent("keep me");
        assertThat(destination).hasContent("download");
    }

    @Test
    void anOrdinaryPartFileIsKeptForResume() throws IOException {
        Path destination = dir.resolve("video.bin");
        Files.writeString(PartFile.pathFor(destination), "chunks");

        try (PartFile part = PartFile.open(destination)) {
            assertThat(part.replaced()).as("a part file of an earlier run, replaced").isEmpty();
            assertThat(part.channel().size()).as("bytes kept for resume").isEqualTo(6);
        }
    }

    @Test
    void aFolderAtThePartFilesNameIsRefusedNamingItAndKept() throws IOException {
        Path destination = dir.resolve("video.bin");
        Path folder = Files.createDirectory(PartFile.pathFor(destination));

        assertThatThrownBy(() -> PartFile.open(destination)).isInstanceOf(IOException.class)
                .hasMessage(folder + " is a folder, not a part file this client wrote; move it away to download "
                        + "video.bin here");
        assertThat(folder).as("the folder at the part file's name").isDirectory();
    }
}
