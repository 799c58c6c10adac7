package io.outagedrill.client.store;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.outagedrill.client.fuzz.ParserInvariants;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resume journal reader on any file content (a crash, a full disk or another program can leave anything
 * there): the state, or empty ("start over"), or an {@link IOException}; never an unchecked exception, since
 * a journal that cannot be understood must only cost a re-download. Seeds: {@code JournalFuzzTestInputs/}
 * (docs/fuzzing.md).
 */
class JournalFuzzTest {

    @TempDir
    static Path dir;

    @FuzzTest
    void loadsAStateOrNothing(byte[] content) throws IOException {
        Path file = dir.resolve("video.mp4.part.journal");
        Files.write(file, content);

        ParserInvariants.outcome(IOException.class, () -> new Journal(file).load()).result()
                .flatMap(loaded -> loaded)
                .ifPresent(state -> {
                    assertThat(state.file()).as("file of a loaded journal").isNotNull();
                    assertThat(state.contentId()).as("content id of a loaded journal").isNotNull();
                    assertThat(state.verified()).as("verified chunks of a loaded journal").isNotNull();
                    assertThat(state.etags()).as("etags of a loaded journal").isNotNull();
                });
    }
}
