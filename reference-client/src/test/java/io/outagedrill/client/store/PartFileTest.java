package io.outagedrill.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The part file is the client's own plain file from open to rename, whatever else writes in its folder. */
class PartFileTest {
    private static final java.time.Duration LIMIT = java.time.Duration.ofSeconds(30);

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

            assertThatThrownBy(() -> part.promote(destination, 14, DiskSilence.starting(LIMIT, DiskSilence.NONE)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is no longer the file this download wrote and verified");
        }
        assertThat(destination).as("nothing renamed to the destination").doesNotExist();
    }

    /** A part file an earlier run left longer (for a larger file) is cut to the verified size as it is promoted. */
    @Test
    void aPartFileLongerThanTheFileIsCutToItsSizeAsItIsPromoted() throws IOException {
        Path destination = dir.resolve("video.bin");
        try (PartFile part = PartFile.open(destination)) {
            part.write(bytes("verified bytes and what an earlier run left after them"), 0);
            part.promote(destination, 14, DiskSilence.starting(LIMIT, DiskSilence.NONE));
        }
        assertThat(destination).as("the file promoted, 14 bytes long").hasContent("verified bytes");
    }

    /**
     * A part file kept for resume, replaced by another file in the moment this download opens it: the file opened is
     * not the one at the name, so the identity read there after the open is not the opened file's. Taken as the
     * opened file's, the rename at the end moved the other file (a file of the user's) to the destination as the
     * verified download. The open is refused, naming the file, and the other file is left as it is.
     */
    @Test
    void aPartFileReplacedWhileItIsOpenedIsRefusedAndTheFileNowThereLeftAlone() throws IOException {
        Path destination = dir.resolve("video.bin");
        Files.writeString(PartFile.pathFor(destination), "bytes of an earlier run");
        Path users = Files.writeString(dir.resolve("users-file"), "the user's own bytes");

        assertThatThrownBy(() -> {
            try (PartFile part = PartFile.open(destination, path -> {
                FileChannel opened = PartFile.openOwnFile(path);
                Files.move(users, path, StandardCopyOption.REPLACE_EXISTING); // just after the open
                return opened;
            })) {
                part.write(bytes("verified bytes"), 0);
                part.promote(destination, 14, DiskSilence.starting(LIMIT, DiskSilence.NONE));
            }
        }).as("opening a part file replaced as it was opened, then writing and renaming it into place")
                .isInstanceOf(IOException.class)
                .hasMessageContaining(PartFile.pathFor(destination) + " was replaced by another file while this "
                        + "download opened it");
        assertThat(PartFile.pathFor(destination)).as("the file put at the part file's name")
                .hasContent("the user's own bytes");
        assertThat(destination).as("nothing renamed to the destination").doesNotExist();
    }

    /**
     * A download that verified nothing removes its part file, but not another file put at its name meanwhile: that
     * one is left, and the refusal names it.
     */
    @Test
    void anotherFilePutAtThePartFilesNameIsNotRemovedWithThePartFile() throws IOException {
        Path destination = dir.resolve("video.bin");
        Path users = Files.writeString(dir.resolve("users-file"), "the user's own bytes");
        try (PartFile part = PartFile.open(destination)) {
            part.write(bytes("unverified bytes"), 0);
            Files.move(users, part.path(), StandardCopyOption.REPLACE_EXISTING);

            assertThatThrownBy(part::delete).as("removing the part file after another was put at its name")
                    .isInstanceOf(PartFile.NotThisFile.class)
                    .hasMessageContaining("not removing " + part.path() + ": another file was put at that name");
            assertThat(part.channel().isOpen()).as("the part file's channel, closed all the same").isFalse();
        }
        assertThat(PartFile.pathFor(destination)).as("the file put at the part file's name")
                .hasContent("the user's own bytes");
    }

    /** How a test plants a name at the part file's path for a file of the user's. */
    @FunctionalInterface
    private interface Plant {
        void at(Path partFile, Path victim) throws IOException;
    }

    /** Plants a name at NAME.part, downloads, checks the planted file kept its bytes; returns why it was set aside. */
    private String downloadOverAPlantedName(Plant plant) throws IOException {
        Path destination = dir.resolve("video.bin");
        Path victim = Files.writeString(dir.resolve("victim"), "keep me");
        plant.at(PartFile.pathFor(destination), victim);

        String why;
        try (PartFile part = PartFile.open(destination)) {
            why = part.replaced().orElseThrow(() -> new AssertionError(
                    "expected the planted name to be set aside, and the part file said nothing"));
            assertThat(part.channel().size()).as("a new, empty part file").isZero();
            part.write(bytes("download"), 0);
            part.promote(destination, 8, DiskSilence.starting(LIMIT, DiskSilence.NONE));
        }
        assertThat(victim).as("the file the planted name led to").hasContent("keep me");
        assertThat(destination).hasContent("download");
        assertThat(Files.isSymbolicLink(destination)).as("the destination is a link").isFalse();
        return why;
    }

    @Test
    void aLinkAtThePartFilesNameIsRemovedAndWhatItPointsAtKept() throws IOException {
        assertThat(downloadOverAPlantedName((part, victim) -> Files.createSymbolicLink(part, victim)))
                .contains("video.bin.part was a symbolic link");
    }

    @Test
    void aHardLinkAtThePartFilesNameLosesThatNameAndTheLinkedFileIsKept() throws IOException {
        assertThat(downloadOverAPlantedName((part, victim) -> Files.createLink(part, victim)))
                .contains("video.bin.part had 2 names (a hard link to a file elsewhere)");
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

    /**
     * Two downloads of one file into one folder at once (two threads of an application): the second is refused
     * naming the part file, instead of writing and journaling the same file as the first and failing later on a
     * journal the other renamed away. The first's bytes are untouched, and once it is closed the file opens again.
     */
    @Test
    void aPartFileAnotherDownloadIsWritingIsRefusedNamingIt() throws IOException {
        Path destination = dir.resolve("video.bin");
        try (PartFile first = PartFile.open(destination)) {
            first.write(bytes("chunks"), 0);

            assertThatThrownBy(() -> PartFile.open(destination)).isInstanceOf(IOException.class)
                    .hasMessage(first.path() + " is being written by another download of the same file into the "
                            + "same folder (in this process or another); wait for it to end, or download into "
                            + "another folder");
            assertThat(first.path()).as("the first download's part file").hasContent("chunks");
        }
        try (PartFile again = PartFile.open(destination)) {
            assertThat(again.channel().size()).as("bytes kept for resume, once the first download closed it")
                    .isEqualTo(6);
        }
    }
}
