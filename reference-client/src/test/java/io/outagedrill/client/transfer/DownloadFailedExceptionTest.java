package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadFailedExceptionTest {
    /**
     * A failure said again with more words ({@link DownloadFailedException#also}) is the one thrown in its place: what
     * failed beside it (a journal that could not be saved or removed, kept as suppressed) must go with it, or the
     * stack trace a user reports lacks it.
     */
    @Test
    void sayingMoreKeepsTheReasonTheCauseTheAlternatesAndWhatFailedBesideIt() {
        IOException cause = new IOException("mirror gone");
        DownloadFailedException failed = new DownloadFailedException(DownloadFailedException.Reason.ALL_MIRRORS_FAILED,
                "every mirror failed", cause);
        IOException journal = new IOException("the journal could not be saved");
        failed.addSuppressed(journal);

        DownloadFailedException said = failed.also("video.bin.part was left as it is");

        assertThat(said.getMessage()).isEqualTo("every mirror failed; video.bin.part was left as it is");
        assertThat(said.reason()).isEqualTo(DownloadFailedException.Reason.ALL_MIRRORS_FAILED);
        assertThat(said.getCause()).isSameAs(cause);
        assertThat(said.getSuppressed()).as("what failed beside it").containsExactly(journal);

        DownloadFailedException withAlternates = new DownloadFailedException(DownloadFailedException.Reason.NO_ROOM,
                "no room", List.of("720p"));
        assertThat(withAlternates.also("more").alternates()).containsExactly("720p");
    }
}
