package io.outagedrill.harness.referenceclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a child JVM mid-download, then a resume: the verified chunks in the journal are kept and never
 * fetched again, and the file ends with the right SHA-256.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashResumeTest {
    private static final long CHUNK = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void aDownloadKilledWithSigkillResumesWithoutRefetchingVerifiedChunks() throws Exception {
        try (LoopbackWorld world = new LoopbackWorld(dir, 32L << 20, CHUNK, false, "origin.test")) {
            // Slow the mirror down so the kill lands mid-download: 64 KiB every 10 ms, about 6 MB/s.
            var drip = world.cdn("origin.test").faults().add(new FaultRule.Dribble(64 * 1024, 10), Scope.all());
            Path manifest = dir.resolve("clip.jws");
            Files.writeString(manifest, world.sign(world.manifest(1, Instant.parse("2099-01-01T00:00:00Z"))));
            Path out = Files.createDirectories(dir.resolve("out"));
            var origin = world.cdn("origin.test");

            List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), "io.outagedrill.client.cli.ClientMain", "get",
                    manifest.toString(), "--trust", world.trustFile().toString(), "--allow-http", "--json",
                    "--resolve", "origin.test:" + origin.address().getAddress().getHostAddress(),
                    "-o", out.toString(), "--no-cache", "--versions", dir.resolve("versions.json").toString(),
                    "--connections", "2", "--seed", "9");
            Process child = new ProcessBuilder(command).redirectError(dir.resolve("child.err").toFile()).start();
            AtomicInteger verifiedInChild = new AtomicInteger();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                        if (line.contains("\"event\":\"chunk-verified\"")) {
                            verifiedInChild.incrementAndGet();
                        }
                    }
                } catch (IOException ignored) {
                    // The child was killed.
                }
            });
            Journal journal = Journal.beside(out.resolve("clip.mp4.part"));
            await("the child to verify 20 chunks and journal some of them").atMost(Duration.ofSeconds(60))
                    .until(() -> verifiedInChild.get() >= 20 && journal.load()
                            .map(s -> s.verified().cardinality() >= 5).orElse(false));
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(Duration.ofSeconds(10));
            assertThat(child.exitValue()).as("killed, not finished").isNotZero();
            assertThat(out.resolve("clip.mp4")).as("no file at the destination before verification").doesNotExist();

            JournalState afterCrash = journal.load().orElseThrow();
            BitSet kept = afterCrash.verified();
            assertThat(kept.cardinality()).isLessThan(world.file.chunkHashes(CHUNK).size());

            drip.clear();
            List<DownloadEvent> events = new CopyOnWriteArrayList<>();
            DownloadResult result = Downloader.builder().httpClient(world.http())
                    .config(TransferConfig.builder().seed(9).build()).listener(events::add).build()
                    .download(world.verified(1), DownloadRequest.into(out));

            assertThat(Sha256.ofFile(result.path())).isEqualTo(world.file.sha256());
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
    void aResumeAgainstAManifestForDifferentContentStartsOver() throws Exception {
        try (LoopbackWorld world = new LoopbackWorld(dir, 4L << 20, CHUNK, false, "origin.test")) {
            Path out = Files.createDirectories(dir.resolve("out"));
            Path part = out.resolve("clip.mp4.part");
            Files.write(part, new byte[(int) CHUNK * 3]);
            BitSet claimed = new BitSet();
            claimed.set(0, 3);
            Journal.beside(part).save(new JournalState("clip.mp4", "old-digest", 1, "content-of-version-1",
                    4L << 20, CHUNK, claimed, java.util.Map.of()));
            List<DownloadEvent> events = new CopyOnWriteArrayList<>();
            DownloadResult result = Downloader.builder().httpClient(world.http()).listener(events::add).build()
                    .download(world.verified(2), DownloadRequest.into(out));
            assertThat(Sha256.ofFile(result.path())).isEqualTo(world.file.sha256());
            assertThat(events).filteredOn(DownloadEvent.RestartedFromScratch.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(e.describe()).contains("manifest changed (version 1, now 2)")
                            .contains("never mixing chunks of two versions"));
            assertThat(result.chunksResumed()).isZero();
        }
    }
}
