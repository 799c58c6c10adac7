package io.outagedrill.harness.referenceclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.topology.ProviderKind;
import io.outagedrill.fakes.topology.Topology;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM's download stopped from outside. kill -9, then a resume: the verified chunks in the journal are kept
 * and never fetched again, and the file ends with the right SHA-256. SIGTERM (what {@code kill}, {@code timeout},
 * systemd and {@code docker stop} send; Ctrl-C's SIGINT takes the same path, but a shell starts background jobs with
 * SIGINT ignored, so a test run from one could not send it): the CLI exits with 143 (128 + 15), and its journal
 * holds every chunk it reported verified. The journal is saved at most every 100 ms, so without the CLI's shutdown
 * hook (which interrupts the download and waits for its journal's flush) the last ones would be lost.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashResumeTest {
    private static final long CHUNK = 256 * 1024;
    private static final String FILE = "clip.mp4";
    private static final Pattern VERIFIED = Pattern.compile("\"event\":\"chunk-verified\".*\"chunk\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aDownloadKilledWithSigkillResumesWithoutRefetchingVerifiedChunks() throws Exception {
        try (Topology topology = oneOrigin(32L << 20, CHUNK)) {
            // Slow the mirror down so the kill lands mid-download: 64 KiB every 10 ms, about 6 MB/s.
            var drip = topology.http("origin").add(new FaultRule.Dribble(64 * 1024, 10), Scope.all());
            Path out = Files.createDirectories(dir.resolve("out"));

            AtomicInteger verifiedInChild = new AtomicInteger();
            ChildClient child = ChildClient.download(topology, FILE, out, dir.resolve("versions.json"),
                    dir.resolve("child.err"), 9, line -> {
                        if (line.contains("\"event\":\"chunk-verified\"")) {
                            verifiedInChild.incrementAndGet();
                        }
                    });
            Journal journal = Journal.beside(out.resolve("clip.mp4.part"));
            await("the child to verify 20 chunks and journal some of them").atMost(Duration.ofSeconds(60))
                    .until(() -> verifiedInChild.get() >= 20 && journal.load()
                            .map(s -> s.verified().cardinality() >= 5).orElse(false));
            child.kill(); // SIGKILL: no shutdown hooks, no flushing
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as("killed, not finished").isNotZero();
            assertThat(out.resolve("clip.mp4")).as("no file at the destination before verification").doesNotExist();

            JournalState afterCrash = journal.load().orElseThrow();
            BitSet kept = afterCrash.verified();
            assertThat(kept.cardinality()).isLessThan(topology.file(FILE).chunkHashes(CHUNK).size());

            drip.clear();
            List<DownloadEvent> events = new CopyOnWriteArrayList<>();
            // The same signed bytes the child fetched: a resume keeps chunks only for the same manifest.
            DownloadResult result = Downloader.builder().httpClient(TopologyClients.http(topology))
                    .config(TransferConfig.builder().seed(9).build()).listener(events::add).build()
                    .download(TopologyClients.verified(topology, FILE), DownloadRequest.into(out));

            assertThat(Sha256.ofFile(result.path())).isEqualTo(topology.file(FILE).sha256());
            assertThat(events).filteredOn(DownloadEvent.Resumed.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((DownloadEvent.Resumed) e).chunksKept()).isEqualTo(kept.cardinality()));
            List<Integer> refetched = new ArrayList<>();
            events.stream().filter(DownloadEvent.AttemptStarted.class::isInstance)
                    .map(e -> ((DownloadEvent.AttemptStarted) e).chunk()).filter(kept::get).forEach(refetched::add);
            assertThat(refetched).as("verified chunks fetched again after the resume").isEmpty();
            assertThat(result.chunksResumed()).isEqualTo(kept.cardinality());
            assertThat(journal.path()).doesNotExist();
        }
    }

    @Test
    void aStopSignalMidDownloadExitsWith143AndKeepsEveryVerifiedChunkInTheJournal() throws Exception {
        try (Topology topology = oneOrigin(32L << 20, 64 * 1024)) {
            // About 1.6 MB/s a connection, two connections: a 64 KiB chunk verified every 20 ms or so, so at any
            // moment several wait for the journal's next save (at most every 100 ms), and the whole file would take
            // 10 s: far longer than the signal takes to arrive, however loaded the machine.
            topology.http("origin").add(new FaultRule.Dribble(16 * 1024, 10), Scope.all());
            Path out = Files.createDirectories(dir.resolve("out"));
            BitSet reported = new BitSet();
            CountDownLatch tenVerified = new CountDownLatch(10);
            ChildClient child = ChildClient.download(topology, FILE, out, dir.resolve("versions.json"),
                    dir.resolve("child.err"), 7, line -> {
                        Matcher m = VERIFIED.matcher(line);
                        if (m.find()) {
                            synchronized (reported) {
                                reported.set(Integer.parseInt(m.group(1)));
                            }
                            tenVerified.countDown();
                        }
                    });
            assertThat(tenVerified.await(60, TimeUnit.SECONDS)).as("the child verified 10 chunks within 60 s")
                    .isTrue();

            child.terminate();

            int exit = child.awaitExit(Duration.ofSeconds(30));
            assertThat(exit).as("exit code after SIGTERM (0: the download finished before the signal came); "
                    + "stderr:%n%s", Files.readString(dir.resolve("child.err"))).isEqualTo(143);
            BitSet journaled = Journal.beside(out.resolve(FILE + ".part")).load().map(JournalState::verified)
                    .orElseGet(BitSet::new);
            synchronized (reported) {
                // The journal may hold a chunk more: verified, with its event not yet printed when the workers
                // stopped. A chunk reported verified and missing is what the hook prevents.
                BitSet lost = (BitSet) reported.clone();
                lost.andNot(journaled);
                assertThat(lost.stream().boxed().toList()).as("chunks reported verified but not in the journal "
                        + "after SIGTERM (reported %s, journal %s)", reported, journaled).isEmpty();
            }
            assertThat(out.resolve(FILE)).as("no file at the destination: it was not complete").doesNotExist();
        }
    }

    /** One plain-HTTP origin serving {@link #FILE} ({@code size} bytes in chunks of {@code chunk}), one manifest. */
    private static Topology oneOrigin(long size, long chunk) throws java.io.IOException {
        return Topology.builder().https(false).provider("origin", p -> p.kind(ProviderKind.ORIGIN))
                .file(FILE, size, chunk).manifestReplicas(1).start();
    }

    @Test
    void aResumeAgainstAManifestForDifferentContentStartsOver() throws Exception {
        try (Topology topology = oneOrigin(4L << 20, CHUNK)) {
            // Version 2 of the same bytes: the journal below claims chunks of version 1.
            String path = URI.create(topology.manifestUrls(FILE).getFirst()).getPath();
            Manifest v1 = topology.manifests().latest(path).orElseThrow();
            topology.manifests().publish(path, new Manifest(v1.target(), v1.expires(), 2, v1.alternates()));
            Path out = Files.createDirectories(dir.resolve("out"));
            Path part = out.resolve("clip.mp4.part");
            Files.write(part, new byte[(int) CHUNK * 3]);
            BitSet claimed = new BitSet();
            claimed.set(0, 3);
            Journal.beside(part).save(new JournalState("clip.mp4", "old-digest", 1, "content-of-version-1",
                    4L << 20, CHUNK, claimed, java.util.Map.of()));
            List<DownloadEvent> events = new CopyOnWriteArrayList<>();
            DownloadResult result = Downloader.builder().httpClient(TopologyClients.http(topology)).listener(events::add).build()
                    .download(TopologyClients.verified(topology, FILE), DownloadRequest.into(out));
            assertThat(Sha256.ofFile(result.path())).isEqualTo(topology.file(FILE).sha256());
            assertThat(events).filteredOn(DownloadEvent.RestartedFromScratch.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(e.describe()).contains("manifest changed (version 1, now 2)")
                            .contains("never mixing chunks of two versions"));
            assertThat(result.chunksResumed()).isZero();
        }
    }
}
