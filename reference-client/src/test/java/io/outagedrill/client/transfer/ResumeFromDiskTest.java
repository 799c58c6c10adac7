package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.transfer.disk.ResumePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever an earlier run left on disk (a damaged, forged or outdated journal, a truncated part file, mirrors
 * redeployed with new ETags since), the next run finishes with the right bytes, or says what it refused and why.
 * The mirrors are HTTP servers on loopback that the test controls.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeFromDiskTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(10 * CHUNK + 1234, 42); // 11 chunks
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private RangeMirror cloudflare;
    private RangeMirror fastly;

    private Path part() {
        return dir.resolve("video.bin.part");
    }

    private Journal journal() {
        return Journal.beside(part());
    }

    private Target target(RangeMirror... mirrors) {
        return TestFiles.target("video.bin", CONTENT, CHUNK, Arrays.stream(mirrors).map(RangeMirror::mirror).toList());
    }

    private static TransferConfig.Builder fast() {
        return TransferConfig.builder().seed(7).backoffBase(Duration.ofMillis(20)).backoffJitter(0)
                .stallTimeout(Duration.ofMillis(300)).firstByteTimeout(Duration.ofSeconds(2))
                .progressInterval(Duration.ofMillis(50)).minSpeed(0).hedging(false);
    }

    private DownloadResult download(VerifiedManifest manifest) {
        return download(manifest, fast().build());
    }

    private DownloadResult download(VerifiedManifest manifest, TransferConfig config) {
        return Downloader.builder().config(config).listener(events).build()
                .download(manifest, DownloadRequest.into(dir));
    }

    private void assertDelivered(DownloadResult result) throws IOException {
        assertThat(Sha256.ofFile(result.path())).as("SHA-256 of the delivered file; events:\n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        assertThat(part()).as("part file left behind").doesNotExist();
        assertThat(journal().path()).as("journal left behind").doesNotExist();
    }

    /** A journal for this content, as the client writes it, claiming {@code verified}. */
    private void writeJournal(Target target, BitSet verified, Map<String, String> etags) throws IOException {
        journal().save(new JournalState("video.bin", "digest-of-run-1", 1, ResumePlan.contentId(target),
                CONTENT.length, CHUNK, verified, etags));
    }

    private static BitSet chunks(int from, int to) {
        BitSet set = new BitSet();
        set.set(from, to);
        return set;
    }

    private void writePart(int bytes) throws IOException {
        Files.write(part(), Arrays.copyOf(CONTENT, bytes));
    }

    /** How many chunks a {@code Range: bytes=FIRST-LAST} header asks for. */
    private static int chunksAsked(String range) {
        String[] bounds = range.substring("bytes=".length()).split("-");
        long first = Long.parseLong(bounds[0]);
        long last = Long.parseLong(bounds[1]);
        return (int) (last / CHUNK - first / CHUNK + 1);
    }

    /** Chunk numbers the run asked any mirror for. */
    private List<Integer> chunksRequested() {
        return events.of(DownloadEvent.AttemptStarted.class).stream().map(DownloadEvent.AttemptStarted::chunk)
                .toList();
    }

    @Test
    void aJournalWithInvalidBase64IsRefusedSaidSoAndTheDownloadStartsOver() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        Target target = target(cloudflare);
        writePart(3 * CHUNK);
        writeJournal(target, chunks(0, 3), Map.of());
        ObjectNode root = (ObjectNode) JSON.readTree(journal().path().toFile());
        root.put("verified", "%%%not base64%%%");
        JSON.writeValue(journal().path().toFile(), root);

        DownloadResult result = download(TestFiles.verified(target, 1));

        assertDelivered(result);
        assertThat(events.of(DownloadEvent.RestartedFromScratch.class)).as(events.transcript()).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("refused the resume journal",
                        "video.bin.part.journal is damaged", "\"verified\": expected base64"));
        assertThat(result.chunksResumed()).isZero();
    }

    @Test
    void aJournalOfAnotherFormatOrWithMistypedFieldsIsRefusedNotThrown() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        Target target = target(cloudflare);
        for (String damage : List.of("format", "size", "verifiedCount", "etags", "torn")) {
            writePart(3 * CHUNK);
            writeJournal(target, chunks(0, 3), Map.of(cloudflare.url(), "\"v1\""));
            ObjectNode root = (ObjectNode) JSON.readTree(journal().path().toFile());
            switch (damage) {
                case "format" -> root.put("format", 0);
                case "size" -> root.put("size", "ten");
                case "verifiedCount" -> root.put("verifiedCount", 7);
                case "etags" -> root.putArray("etags");
                default -> { }
            }
            byte[] bytes = JSON.writeValueAsBytes(root);
            Files.write(journal().path(), damage.equals("torn") ? Arrays.copyOf(bytes, bytes.length / 2) : bytes);

            assertDelivered(download(TestFiles.verified(target, 1)));
            Files.delete(dir.resolve("video.bin"));
        }
        assertThat(events.of(DownloadEvent.RestartedFromScratch.class)).as(events.transcript())
                .extracting(DownloadEvent.RestartedFromScratch::reason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("expected format 1, saw 0"),
                        r -> assertThat(r).contains("\"size\": expected a whole number of at least 0, saw \"ten\""),
                        r -> assertThat(r).contains("\"verifiedCount\" says 7 chunk(s), but \"verified\" marks 3"),
                        r -> assertThat(r).contains("\"etags\": expected an object, saw []"),
                        r -> assertThat(r).contains("expected JSON, saw unreadable text"));
    }

    @Test
    void aRedeployWithNewETagsAfterACrashReVerifiesInsteadOfDroppingTheMirrors() throws IOException {
        // Run 1: the only mirror serves up to five chunks (one request may ask for several), then fails for good;
        // the journal keeps what was verified.
        cloudflare = servers.open("cloudflare", CONTENT);
        AtomicInteger served = new AtomicInteger();
        cloudflare.fault((request, normal) -> {
            int asked = chunksAsked(request.getHeaders().get("Range"));
            if (served.get() + asked > 5) {
                return new MockResponse.Builder().code(500).build();
            }
            served.addAndGet(asked);
            return normal;
        });
        Target first = target(cloudflare);
        assertThatThrownBy(() -> download(TestFiles.verified(first, 1),
                fast().policy("sequential").connections(1).maxRetriesPerMirror(1).build()))
                .isInstanceOf(DownloadFailedException.class);
        BitSet kept = journal().load().orElseThrow().verified();
        assertThat(kept.cardinality()).as("chunks journaled by run 1").isEqualTo(served.get()).isPositive();
        assertThat(journal().load().orElseThrow().etags()).containsEntry(cloudflare.url(), "\"v1\"");

        // Run 2: the same bytes were redeployed, so both mirrors now send another ETag.
        cloudflare.fault((request, normal) -> normal).etag("\"v2-redeployed\"");
        fastly = servers.open("fastly", CONTENT).etag("\"v2-redeployed\"");
        events.all().clear();
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1));

        assertDelivered(result);
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .noneSatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.ETAG_CHANGED));
        assertThat(result.chunksResumed()).isEqualTo(kept.cardinality());
        assertThat(chunksRequested()).as("chunks verified on disk fetched again").noneMatch(kept::get);
    }

    @Test
    void chunksTheJournalMarksVerifiedAreHashedAgainAndABadOneIsRefetched() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        Target target = target(cloudflare);
        byte[] onDisk = Arrays.copyOf(CONTENT, 5 * CHUNK);
        onDisk[2 * CHUNK + 17] ^= 0x5a; // chunk 2 went bad on disk after it was journaled
        Files.write(part(), onDisk);
        writeJournal(target, chunks(0, 5), Map.of());

        DownloadResult result = download(TestFiles.verified(target, 1));

        assertDelivered(result);
        assertThat(result.chunksResumed()).isEqualTo(4);
        assertThat(events.of(DownloadEvent.ChunksDiscarded.class)).as(events.transcript()).singleElement()
                .satisfies(e -> assertThat(e.describe()).contains("1 of the 5 chunk(s)", "(chunks 2)"));
        assertThat(events.of(DownloadEvent.RestartedFromScratch.class)).as("the other four are kept, nothing "
                + "starts over: %s", events.transcript()).isEmpty();
        assertThat(chunksRequested()).contains(2).doesNotContain(0, 1, 3, 4);
    }

    @Test
    void aJournalClaimingMoreChunksThanThePartHoldsConvergesOnTheFirstRerun() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        Target target = target(cloudflare);
        writePart(3 * CHUNK);
        writeJournal(target, chunks(0, 11), Map.of());

        DownloadResult result = download(TestFiles.verified(target, 1));

        assertDelivered(result);
        assertThat(result.chunksResumed()).isEqualTo(3);
        assertThat(events.of(DownloadEvent.ChunksDiscarded.class)).as(events.transcript()).singleElement()
                .satisfies(e -> assertThat(e.describe()).isEqualTo(("fetching 8 of the 11 chunk(s) of video.bin the "
                        + "journal marks verified again: they are missing from video.bin.part (%d bytes) or no longer "
                        + "match their signed SHA-256 (chunks 3-10)").formatted(3 * CHUNK)));
        assertThat(chunksRequested()).containsExactlyInAnyOrder(3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void aPartFileTruncatedMidChunkConvergesOnTheFirstRerun() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        Target target = target(cloudflare);
        writePart(6 * CHUNK + CHUNK / 2);
        writeJournal(target, chunks(0, 8), Map.of());

        DownloadResult result = download(TestFiles.verified(target, 1));

        assertDelivered(result);
        assertThat(result.chunksResumed()).isEqualTo(6);
        assertThat(chunksRequested()).containsExactlyInAnyOrder(6, 7, 8, 9, 10);
    }

    @Test
    void aPartFilePlantedAsALinkToAnotherFileIsRemovedNotWrittenThrough() throws IOException {
        // Someone who can write in the download folder plants NAME.part as a link to a file of the user's: resuming
        // without a journal truncates the part file, and the download writes into it and renames it into place.
        cloudflare = servers.open("cloudflare", CONTENT);
        Path victim = Files.writeString(dir.resolve("authorized_keys"), "ssh-ed25519 AAAA... me@host\n");
        Files.createSymbolicLink(part(), victim);

        DownloadResult result = download(TestFiles.verified(target(cloudflare), 1));

        assertDelivered(result);
        assertThat(victim).as("the file the planted link pointed at").hasContent("ssh-ed25519 AAAA... me@host");
        assertThat(result.path()).as("the delivered file is a file, not the planted link").isRegularFile();
        assertThat(Files.isSymbolicLink(result.path())).as("delivered file is a symbolic link").isFalse();
        assertThat(events.of(DownloadEvent.RestartedFromScratch.class)).as(events.transcript())
                .anySatisfy(r -> assertThat(r.reason()).contains("video.bin.part was a symbolic link")
                        .contains("the link only, not what it pointed at"));
    }

    @Test
    void aJournalPlantedAsALinkIsRefusedAndItsTempNameNeverFollowed() throws IOException {
        // The journal as a link to a device that never ends (read for ever), and its temp name as a link to a file
        // of the user's (truncated by the first save): neither is followed.
        cloudflare = servers.open("cloudflare", CONTENT);
        Path victim = Files.writeString(dir.resolve("notes.txt"), "keep me");
        Files.createSymbolicLink(journal().path(), Path.of("/dev/zero"));
        Path temp = journal().path().resolveSibling(journal().path().getFileName() + ".tmp");
        Files.createSymbolicLink(temp, victim);
        writePart(3 * CHUNK);

        DownloadResult result = download(TestFiles.verified(target(cloudflare), 1));

        assertDelivered(result);
        assertThat(victim).as("the file the planted temp link pointed at").hasContent("keep me");
        assertThat(events.of(DownloadEvent.RestartedFromScratch.class)).as(events.transcript())
                .anySatisfy(r -> assertThat(r.reason()).contains("video.bin.part.journal is a symbolic link")
                        .contains("links are not followed"));
    }
}
