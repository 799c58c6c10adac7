package io.outagedrill.harness.referenceclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.fakes.topology.ProviderKind;
import io.outagedrill.fakes.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state a SIGKILL between the rename of the part file and the deletion of its journal leaves behind
 * ({@code TransferSession} promotes, then deletes the journal): the finished file at its name and the journal
 * beside it. A later run of the same download finds the file already there, completes without a transfer, and removes
 * the stale journal, so nothing is left in the download folder for good.
 */
class StaleJournalAfterRenameTest {
    private static final String FILE = "clip.mp4";
    private static final long SIZE = 1L << 20;
    private static final long CHUNK = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void aRunAfterAKillBetweenRenameAndJournalDeletionRemovesTheJournal() throws Exception {
        try (Topology topology = Topology.builder().https(false).provider("origin", p -> p.kind(ProviderKind.ORIGIN))
                .file(FILE, SIZE, CHUNK).manifestReplicas(1).start()) {
            Path out = Files.createDirectories(dir.resolve("out"));
            DownloadResult first = Downloader.builder().httpClient(TopologyClients.http(topology)).build()
                    .download(TopologyClients.verified(topology, FILE), DownloadRequest.into(out));
            // What the kill leaves: the file renamed into place, its journal (all chunks verified) not yet deleted.
            BitSet all = new BitSet();
            all.set(0, (int) (SIZE / CHUNK));
            Journal journal = Journal.beside(out.resolve(FILE + ".part"));
            journal.save(new JournalState(FILE, topology.file(FILE).sha256(), 1, "content", SIZE, CHUNK, all,
                    Map.of()));

            DownloadResult again = Downloader.builder().httpClient(TopologyClients.http(topology)).build()
                    .download(TopologyClients.verified(topology, FILE), DownloadRequest.into(out));

            assertThat(Sha256.ofFile(again.path())).isEqualTo(Sha256.ofFile(first.path()));
            assertThat(journal.path()).as("the journal of the finished download, after a later run").doesNotExist();
        }
    }
}
