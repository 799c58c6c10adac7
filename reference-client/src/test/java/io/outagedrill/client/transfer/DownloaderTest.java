package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.outagedrill.client.ByteSize;
import io.outagedrill.client.Conscrypts;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Alternate;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.ContentCache;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.testing.ForwardingFileChannel;
import io.outagedrill.client.testing.HungDisk;
import io.outagedrill.client.testing.ScriptedMirror;
import io.outagedrill.client.transfer.http.ContentRange;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transfer engine against mirrors that misbehave, one way per test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DownloaderTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(10 * CHUNK + 1234, 42);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private RangeMirror cloudflare;
    private RangeMirror fastly;

    private void twoMirrors() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        fastly = servers.open("fastly", CONTENT);
    }

    private Target target(RangeMirror... mirrors) {
        return TestFiles.target("video.bin", CONTENT, CHUNK,
                java.util.Arrays.stream(mirrors).map(RangeMirror::mirror).toList());
    }

    private static TransferConfig.Builder fast() {
        return TransferConfig.builder().seed(7).backoffBase(Duration.ofMillis(20)).backoffJitter(0)
                .stallTimeout(Duration.ofMillis(300)).firstByteTimeout(Duration.ofSeconds(2))
                .progressInterval(Duration.ofMillis(50)).minSpeed(0);
    }

    /** The client the downloads run on: null for the downloader's own. */
    private okhttp3.OkHttpClient client;

    private DownloadResult download(VerifiedManifest manifest, TransferConfig config) {
        Downloader.Builder builder = Downloader.builder().config(config).listener(events);
        if (client != null) {
            builder.httpClient(client);
        }
        return builder.build().download(manifest, DownloadRequest.into(dir));
    }

    /**
     * Two mirrors, cloudflare first and answering as {@code fault} says, downloaded in order: the file must arrive
     * from fastly all the same.
     */
    private void deliveredPastCloudflare(BiFunction<RecordedRequest, MockResponse, MockResponse> fault)
            throws IOException {
        twoMirrors();
        cloudflare.fault(fault);
        assertDelivered(download(TestFiles.verified(target(cloudflare, fastly), 1), fast().policy("sequential").build()));
    }

    private void assertDelivered(DownloadResult result) throws IOException {
        Path file = dir.resolve("video.bin");
        assertThat(result.path()).isEqualTo(file);
        assertThat(Sha256.ofFile(file)).as("SHA-256 of the delivered file; events:\n%s", events.transcript())
                .isEqualTo(Sha256.of(CONTENT));
        assertThat(dir.resolve("video.bin.part")).as("part file left behind").doesNotExist();
        assertThat(dir.resolve("video.bin.part.journal")).as("journal left behind").doesNotExist();
    }

    /**
     * A downloader keeps its connections open between downloads for reuse; an application that is done with it
     * closes them at once, rather than leaving idle sockets for OkHttp to close minutes later.
     */
    @Test
    void closingADownloaderClosesTheConnectionsItKeptForReuse() throws IOException {
        twoMirrors();
        Downloader downloader = Downloader.builder().config(fast().build()).listener(events).build();
        assertDelivered(downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir)));
        assertThat(downloader.httpClient().connectionPool().idleConnectionCount())
                .as("idle connections kept for reuse after a download").isPositive();

        downloader.close();

        assertThat(downloader.httpClient().connectionPool().connectionCount())
                .as("connections left open after close()").isZero();
    }

    /** A client the caller passed is the caller's, and so are its connections: closing the downloader leaves them. */
    @Test
    void closingADownloaderLeavesTheConnectionsOfTheCallersClient() throws IOException {
        twoMirrors();
        okhttp3.OkHttpClient callers = new okhttp3.OkHttpClient();
        Downloader downloader = Downloader.builder().httpClient(callers).config(fast().build()).listener(events)
                .build();
        assertDelivered(downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir)));
        int kept = callers.connectionPool().idleConnectionCount();
        assertThat(kept).as("idle connections in the caller's pool after a download").isPositive();

        downloader.close();

        assertThat(callers.connectionPool().idleConnectionCount())
                .as("idle connections in the caller's pool after the downloader was closed").isEqualTo(kept);
    }

    /**
     * An exception no mirror caused (here an interceptor's; before, a Range header OkHttp refused in an Arabic
     * locale) ends the download at once with a failure that names it, instead of leaving it waiting without end
     * for the chunks of the transfer threads that died.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFaultOfTheClientItselfEndsTheDownloadSayingSo() throws IOException {
        twoMirrors();
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            throw new IllegalStateException("a bug on the way to the mirror");
        }).build();

        assertThatThrownBy(() -> Downloader.builder().httpClient(http).listener(events).config(fast().build()).build()
                .download(TestFiles.verified(target(cloudflare, fastly), 1), DownloadRequest.into(dir)))
                .as("a download whose every request throws an IllegalStateException")
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DownloadFailedException.Reason.INTERNAL))
                .hasMessageContaining("the client failed on a transfer thread")
                .hasMessageContaining("a bug on the way to the mirror");
        assertThat(dir.resolve("video.bin")).as("nothing at the destination").doesNotExist();
    }

    /**
     * Two mirrors, cloudflare answering 500, on one connection in order, with a listener that throws {@code thrown}
     * on the switch away from cloudflare: told while the next chunk is chosen, under the scheduler's lock.
     */
    private Downloader throwingOnTheFirstSwitch(Throwable thrown) throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(500).build());
        io.outagedrill.client.events.DownloadListener throwsOnSwitch = event -> {
            events.on(event);
            if (event instanceof DownloadEvent.MirrorSwitched) {
                if (thrown instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw (Error) thrown;
            }
        };
        return Downloader.builder().listener(throwsOnSwitch).config(fast().policy("sequential").connections(1)
                .build()).build();
    }

    /**
     * A listener that throws while the next chunk is chosen (here on the switch away from a failing mirror, an
     * event the scheduler emits under its lock) once ended that connection's thread silently, and the download waited
     * without end; then it ended the download as the client's own fault. A listener's exception now never reaches
     * the scheduler: the download goes on past the switch and delivers.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aListenerThrowingWhileTheNextChunkIsChosenNeitherEndsNorHangsTheDownload() throws IOException {
        Downloader oneConnection = throwingOnTheFirstSwitch(new IllegalStateException("a listener's bug"));

        assertDelivered(oneConnection.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir)));
        assertThat(events.transcript()).as("the switch the listener threw on").contains("moves to");
    }

    /**
     * An Error thrown while the next chunk is chosen (a listener's, which the guard lets through, or an allocation
     * that fails) ended that connection's thread silently, and the download waited without end: it ends the download
     * as the client's own fault.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anErrorWhileTheNextChunkIsChosenEndsTheDownloadInsteadOfHangingIt() throws IOException {
        Downloader oneConnection = throwingOnTheFirstSwitch(new Error("a listener's bug"));

        assertThatThrownBy(() -> oneConnection.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir)))
                .as("a download whose listener throws an Error on the first switch; events:%n%s", events.transcript())
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DownloadFailedException.Reason.INTERNAL))
                .hasMessageContaining("a listener's bug");
    }

    /**
     * Two mirrors taking two connections each can carry four at once: asked for 64, the download starts four
     * connection slots, not 64 threads that wait for a mirror (with 1,000, a 16 MiB download took 280 MB and ten
     * seconds to end).
     */
    @Test
    void noMoreConnectionSlotsThanTheMirrorsTakeAtOnce() throws IOException {
        twoMirrors();
        List<Thread> made = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ThreadFactory counting = task -> {
            Thread thread = Thread.ofPlatform().daemon().unstarted(task);
            made.add(thread);
            return thread;
        };
        // A name of its own: other test classes download video.bin at the same time in this JVM.
        Target target = TestFiles.target("many-slots.bin", CONTENT, CHUNK,
                List.of(cloudflare.mirror(), fastly.mirror()));

        Downloader.builder().listener(events).threads(counting)
                .config(fast().connections(TransferConfig.MAX_CONNECTIONS).connectionsPerMirror(2).build()).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));

        assertThat(made).as("connection slots started for 2 mirrors x 2 connections, asked for %d",
                TransferConfig.MAX_CONNECTIONS).filteredOn(t -> t.getName().matches("transfer-many-slots\\.bin-\\d+"))
                .hasSize(4);
    }

    /**
     * A thread factory that refuses its second thread (null, as ThreadFactory allows): the first slot was already
     * fetching, the hasher waiting, and the raw NullPointerException left both running after download() had thrown.
     * The download now ends as the client's fault, its started slot stopped.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aThreadFactoryRefusingASlotEndsTheDownloadWithTheStartedSlotsStopped() throws IOException {
        twoMirrors();
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ThreadFactory oneThenNone = task -> made.getAndIncrement() == 0
                ? Thread.ofPlatform().daemon().unstarted(task) : null;
        Downloader refusing = Downloader.builder().listener(events).threads(oneThenNone)
                .config(fast().connections(2).build()).build();

        // A name of its own: other test classes download video.bin at the same time in this JVM.
        Target target = TestFiles.target("refused-slot.bin", CONTENT, CHUNK,
                List.of(cloudflare.mirror(), fastly.mirror()));

        assertThatThrownBy(() -> refusing.download(TestFiles.verified(target, 1), DownloadRequest.into(dir)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DownloadFailedException.Reason.INTERNAL))
                .hasMessageContaining("the thread factory gave no thread for connection slot 1");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).as("threads of the failed download still running")
                        .noneMatch(t -> t.getName().equals("transfer-refused-slot.bin-0")
                                || t.getName().equals("whole-file-hash-refused-slot.bin")));
    }

    /**
     * A disk that cannot take the bytes (here Linux's {@code /dev/full}, which answers every write "no space left
     * on device", standing in for the part file) is not a mirror's fault: the download ends as local trouble,
     * instead of counting the failure against each mirror in turn and giving up on all of them. The device also
     * refuses the journal's {@code fsync}; the part file's failure is the one named.
     */
    @Test
    void aPartFileThatCannotBeWrittenEndsTheDownloadWithoutBlamingAMirror() throws IOException {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        twoMirrors();
        Downloader onAFullDisk = Downloader.builder().config(fast().build()).listener(events)
                .partFileChannels(path -> FileChannel.open(full, StandardOpenOption.READ, StandardOpenOption.WRITE))
                .build();

        assertThatThrownBy(() -> onAFullDisk.download(TestFiles.verified(target(cloudflare, fastly), 1),
                        DownloadRequest.into(dir)))
                .as("a download whose part file answers every write with ENOSPC; events:%n%s", events.transcript())
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DownloadFailedException.Reason.LOCAL_IO))
                .hasMessageContaining("could not write " + dir.resolve("video.bin.part"))
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("no mirror is to blame");
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as("mirrors blamed; events:%n%s", events.transcript())
                .isEmpty();
        assertThat(dir.resolve("video.bin")).as("nothing at the destination").doesNotExist();
    }

    /**
     * A disk too small for the file is said before any request, with what is needed and what is free, instead of
     * at the write that fails; a part file already on disk counts as room the download has, so one whose rest
     * fits is not refused.
     */
    @Test
    void aDiskTooSmallForTheFileIsSaidBeforeAnyRequest() throws IOException {
        twoMirrors();
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare, fastly), 1);
        Downloader oneByteShort = Downloader.builder().config(fast().build()).listener(events)
                .diskSpace(folder -> CONTENT.length - 1).build();

        assertThatThrownBy(() -> oneByteShort.download(manifest, DownloadRequest.into(dir)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DownloadFailedException.Reason.NO_ROOM))
                .hasMessage("video.bin: needs %d bytes more on the disk that holds %s, which has %d bytes free; nothing "
                        + "was downloaded", CONTENT.length, dir, CONTENT.length - 1);
        Files.write(dir.resolve("video.bin.part"), new byte[1000]);
        Downloader halfFull = Downloader.builder().config(fast().build()).listener(events)
                .diskSpace(folder -> CONTENT.length / 2).build();
        assertThatThrownBy(() -> halfFull.download(manifest, DownloadRequest.into(dir)))
                .hasMessage("video.bin: needs %s more on the disk that holds %s, which has %s free; nothing was "
                        + "downloaded (the part file there is kept)", ByteSize.format(CONTENT.length - 1000), dir,
                        ByteSize.format(CONTENT.length / 2));
        assertThat(dir.resolve("video.bin.part")).as("the part file").hasSize(1000);
        assertThat(cloudflare.requests() + fastly.requests()).as("requests sent").isZero();

        Downloader justEnough = Downloader.builder().config(fast().build()).listener(events)
                .diskSpace(folder -> CONTENT.length - 1000).build();
        assertDelivered(justEnough.download(manifest, DownloadRequest.into(dir)));
    }

    @Test
    void alternateAutoTakesASmallerAlternateWhenTheDiskCannotHoldTheMainFile() throws IOException {
        twoMirrors();
        byte[] smaller = TestFiles.bytes(2 * CHUNK + 17, 7);
        RangeMirror audioMirror = servers.open("bunny", smaller);
        Target audio = TestFiles.target("video-audio.bin", smaller, CHUNK, List.of(audioMirror.mirror()));
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare, fastly), 1,
                new Alternate("audio", "audio only", audio));
        Downloader roomForTheAlternate = Downloader.builder().config(fast().build()).listener(events)
                .diskSpace(folder -> smaller.length).build();

        DownloadResult result = roomForTheAlternate.download(manifest, DownloadRequest.into(dir).withAlternate("auto"));

        assertThat(result.alternate()).as("the alternate downloaded; events:%n%s", events.transcript())
                .contains("audio");
        assertThat(Sha256.ofFile(dir.resolve("video-audio.bin"))).isEqualTo(Sha256.of(smaller));
        assertThat(events.of(DownloadEvent.AlternateChosen.class)).singleElement()
                .satisfies(a -> assertThat(a.reason()).startsWith("video.bin: needs "));
        assertThat(events.of(DownloadEvent.Failed.class)).as("failed events of a download the alternate saved")
                .isEmpty();
        assertThat(cloudflare.requests() + fastly.requests()).as("requests for the main file").isZero();
        assertThat(dir.resolve("video.bin")).doesNotExist();
    }

    @Test
    void aDiskTooSmallNamesTheAlternatesWhenNoneWasAskedFor() throws IOException {
        twoMirrors();
        byte[] smaller = TestFiles.bytes(CHUNK, 7);
        Target audio = TestFiles.target("video-audio.bin", smaller, CHUNK, List.of(fastly.mirror()));
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare, fastly), 1,
                new Alternate("audio", "audio only", audio));
        Downloader full = Downloader.builder().config(fast().build()).listener(events)
                .diskSpace(folder -> smaller.length).build();

        assertThatThrownBy(() -> full.download(manifest, DownloadRequest.into(dir)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadFailedException.Reason.NO_ROOM);
                    assertThat(e.alternates()).as("alternates named").containsExactly("audio");
                });
        assertThat(cloudflare.requests() + fastly.requests()).as("requests sent").isZero();
        assertThat(events.of(DownloadEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.alternates()).containsExactly("audio"));
    }

    @Test
    void whenTheMainFileAndEveryAlternateFailTheDownloadEndsInOneFailure() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(503).build());
        fastly.fault((request, normal) -> new MockResponse.Builder().code(502).build());
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare), 1,
                new Alternate("720p", "", TestFiles.target("video-720p.bin", CONTENT, CHUNK, List.of(fastly.mirror()))),
                new Alternate("audio", "", TestFiles.target("video-audio.bin", CONTENT, CHUNK,
                        List.of(fastly.mirror()))));
        Downloader downloader = Downloader.builder().config(fast().maxRetriesPerMirror(0).build()).listener(events)
                .build();

        assertThatThrownBy(() -> downloader.download(manifest, DownloadRequest.into(dir).withAlternate("auto")))
                .isInstanceOf(DownloadFailedException.class);
        assertThat(events.of(DownloadEvent.AlternateChosen.class)).extracting(DownloadEvent.AlternateChosen::alternate)
                .containsExactly("720p", "audio");
        assertThat(events.of(DownloadEvent.Failed.class)).as("one failure for one download; events:%n%s",
                events.transcript()).singleElement()
                .satisfies(f -> assertThat(f.file()).isEqualTo("video-audio.bin"));

        assertThatThrownBy(() -> downloader.download(manifest, DownloadRequest.into(dir).withAlternate("720p")))
                .isInstanceOf(DownloadFailedException.class);
        assertThat(events.of(DownloadEvent.Failed.class)).as("after a named alternate failed too").hasSize(2);
    }

    @Test
    void theDeadlineEndsTheFallbackToo() throws IOException {
        twoMirrors();
        RangeMirror audioMirror = servers.open("bunny", CONTENT);
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(503).build());
        fastly.fault((request, normal) -> new MockResponse.Builder(normal).headersDelay(5, TimeUnit.SECONDS).build());
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare), 1,
                new Alternate("720p", "", TestFiles.target("video-720p.bin", CONTENT, CHUNK, List.of(fastly.mirror()))),
                new Alternate("audio", "", TestFiles.target("video-audio.bin", CONTENT, CHUNK,
                        List.of(audioMirror.mirror()))));
        Downloader downloader = Downloader.builder().config(fast().maxRetriesPerMirror(0)
                .deadline(Duration.ofMillis(500)).build()).listener(events).build();

        assertThatThrownBy(() -> downloader.download(manifest, DownloadRequest.into(dir).withAlternate("auto")))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                        .as("events:%n%s", events.transcript()).isEqualTo(DownloadFailedException.Reason.DEADLINE));
        assertThat(events.of(DownloadEvent.AlternateChosen.class)).extracting(DownloadEvent.AlternateChosen::alternate)
                .as("alternates tried").containsExactly("720p");
        assertThat(audioMirror.requests()).as("requests to the alternate after the deadline").isZero();
    }

    @Test
    void aDiskThatGivesNoCountDoesNotStopTheDownload() throws IOException {
        twoMirrors();
        Downloader uncounted = Downloader.builder().config(fast().build()).listener(events)
                .diskSpace(folder -> {
                    throw new IOException("this file system reports no size");
                }).build();

        assertDelivered(uncounted.download(TestFiles.verified(target(cloudflare, fastly), 1), DownloadRequest.into(dir)));
    }

    @Test
    void downloadsAVerifiedFileFromTwoHealthyMirrors() throws IOException {
        twoMirrors();
        // Hedging off: on a loaded machine a tail chunk may look slow and be raced, which adds requests.
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().hedging(false).build());
        assertDelivered(result);
        assertThat(result.bytesWasted()).isZero();
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).hasSize(11);
        assertThat(cloudflare.requests() + fastly.requests()).isEqualTo(11);
    }

    @Test
    void aCorruptChunkIsBlamedOnItsMirrorAndRefetchedFromAnother() throws IOException {
        twoMirrors();
        long badOffset = 3L * CHUNK + 100;
        cloudflare.fault((request, normal) -> request.getHeaders().get("Range").startsWith("bytes=" + 3 * CHUNK + "-")
                ? cloudflare.corrupted(request, badOffset) : normal);
        // Sequential stays on cloudflare (listed first) until it fails, so cloudflare is the one to serve chunk 3.
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("sequential").build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.ChunkRejected.class)).as(events.transcript()).singleElement()
                .satisfies(r -> {
                    assertThat(r.mirror()).isEqualTo("cloudflare");
                    assertThat(r.chunk()).isEqualTo(3);
                    assertThat(r.kind()).isEqualTo(FailureKind.CORRUPT);
                });
        assertThat(fastly.ranges()).as("chunk 3 refetched from the other mirror").anyMatch(r -> r[0] == 3L * CHUNK);
        assertThat(cloudflare.ranges().stream().filter(r -> r[0] == 3L * CHUNK).count())
                .as("never asks the mirror that lied for the same chunk again").isEqualTo(1);
    }

    @Test
    void aMirrorThatCorruptsEveryChunkIsDroppedAndTheOtherFinishes() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> {
            String range = request.getHeaders().get("Range");
            long first = Long.parseLong(range.substring(6, range.indexOf('-')));
            return cloudflare.corrupted(request, first);
        });
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("parallel").connections(2).connectionsPerMirror(1).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.ChunkRejected.class)).as(events.transcript())
                .hasSize(cloudflare.requests()).allSatisfy(r -> assertThat(r.mirror()).isEqualTo("cloudflare"));
        assertThat(cloudflare.requests()).as("a liar is asked at most maxCorruptChunks (2) times")
                .isBetween(1, 2);
    }

    @Test
    void aStalledConnectionIsReplacedByOneToAnotherMirror() throws IOException {
        deliveredPastCloudflare((request, normal) -> new MockResponse.Builder(normal)
                .throttleBody(1024, 30, TimeUnit.SECONDS).build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anySatisfy(f -> {
                    assertThat(f.kind()).isEqualTo(FailureKind.STALL);
                    assertThat(f.reason()).as("the limit that fired, not the timeout's value after it fired")
                            .contains("no data for 300 ms mid-chunk");
                });
        assertThat(events.of(DownloadEvent.MirrorSwitched.class)).isNotEmpty();
        // Told in the order it happened: the chunk moves because its mirror failed, so the failure comes first
        // (a slot that took the freed chunk once told its switch before the failure was told).
        List<DownloadEvent> all = events.all();
        for (DownloadEvent.MirrorSwitched moved : events.of(DownloadEvent.MirrorSwitched.class)) {
            if (moved.reason().contains("taken over")) {
                continue; // a takeover moves a silent chunk before (and without) any failure
            }
            int at = all.indexOf(moved);
            assertThat(all.subList(0, at)).as("the events before chunk %d moved from %s; events:%n%s", moved.chunk(),
                            moved.from(), events.transcript())
                    .anyMatch(e -> e instanceof DownloadEvent.MirrorFailed f && f.mirror().equals(moved.from()));
        }
    }

    @Test
    void aMirrorThatDripsBelowTheMinimumSpeedIsReplaced() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder(normal)
                .throttleBody(2048, 100, TimeUnit.MILLISECONDS).build());
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("sequential").minSpeed(200_000).speedWindow(Duration.ofMillis(300)).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anySatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.TOO_SLOW));
    }

    @Test
    void aMirrorThatIgnoresRangeIsReadAsOneVerifiedStream() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        // Paced, so that the whole-file answers to the connections opened at once are all still arriving together.
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(200).setHeader("ETag", "\"v1\"")
                .body(new Buffer().write(CONTENT)).throttleBody(CHUNK, 20, java.util.concurrent.TimeUnit.MILLISECONDS)
                .build());
        DownloadResult result = download(TestFiles.verified(target(cloudflare), 1), fast().connections(4).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).hasSize(11);
        // Every connection asked at once and got the whole file: one of them reads it, the others let go unread;
        // a chunk the stream passed while another connection still held it is fetched again, by a stream that
        // ends at it. Each connection used to read the file through: twice its size, here.
        assertThat(result.bytesReceived()).as("bytes received for a file of %d; %s", CONTENT.length,
                events.transcript()).isLessThan(CONTENT.length * 3L / 2);
    }

    @Test
    void aMirrorThatIgnoresRangeIsDroppedWhenThePolicySaysSo() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(200)
                .body(new Buffer().write(CONTENT)).build());
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("sequential").rangeIgnored(TransferConfig.RangeIgnoredAction.DROP).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.MirrorAbandoned.class)).as(events.transcript()).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("ignores Range"));
    }

    @Test
    void aRedirectOffTheManifestIsNotFollowed() throws IOException {
        deliveredPastCloudflare((request, normal) -> new MockResponse.Builder().code(302)
                .setHeader("Location", "http://evil.example/video.bin").build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.REDIRECT_OFF_MANIFEST);
            assertThat(f.reason()).contains("http://evil.example/video.bin");
        });
        assertThat(cloudflare.requests()).as("a mirror that redirects off the manifest is asked once").isEqualTo(1);
    }

    @Test
    void aRedirectToAnotherSignedMirrorIsFollowed() throws IOException {
        deliveredPastCloudflare((request, normal) -> new MockResponse.Builder().code(302)
                .setHeader("Location", fastly.url()).build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).isEmpty();
        assertThat(fastly.ranges()).hasSize(11);
    }

    /** "At most 3 redirects" is three followed: the third led to the mirror that serves, and it was refused. */
    @Test
    void threeRedirectsBetweenSignedMirrorsAreFollowedAndAFourthIsRefused() throws IOException {
        RangeMirror first = servers.open("first", CONTENT);
        RangeMirror second = servers.open("second", CONTENT);
        RangeMirror third = servers.open("third", CONTENT);
        RangeMirror serving = servers.open("serving", CONTENT);
        first.fault((request, normal) -> new MockResponse.Builder().code(302).setHeader("Location", second.url()).build());
        second.fault((request, normal) -> new MockResponse.Builder().code(302).setHeader("Location", third.url()).build());
        third.fault((request, normal) -> new MockResponse.Builder().code(302).setHeader("Location", serving.url()).build());

        DownloadResult result = download(TestFiles.verified(target(first, second, third, serving), 1),
                fast().policy("sequential").build());

        assertDelivered(result);
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).isEmpty();
        assertThat(serving.ranges()).as("every chunk, reached through three redirects").hasSize(11);

        serving.fault((request, normal) -> new MockResponse.Builder().code(302).setHeader("Location", first.url()).build());
        java.nio.file.Files.delete(dir.resolve("video.bin"));
        try {
            download(TestFiles.verified(target(first, second, third, serving), 1), fast().policy("sequential").build());
        } catch (DownloadFailedException expected) {
            // every mirror only redirects
        }
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).first()
                .satisfies(f -> assertThat(f.reason()).startsWith("more than 3 redirects between mirrors"));
    }

    @Test
    void compressedResponsesAreRefused() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder(normal)
                .setHeader("Content-Encoding", "gzip").build());
        download(TestFiles.verified(target(cloudflare, fastly), 1), fast().policy("sequential").build());
        assertDelivered(events.of(DownloadEvent.Completed.class).isEmpty() ? null : resultOf());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anySatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.CONTENT_ENCODING));
    }

    @Test
    void aMirrorsHeaderTextReachesTheEventsEscaped() throws IOException {
        // OkHttp takes header values leniently: ESC (the start of every ANSI and OSC sequence) arrives as it was sent.
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder(normal)
                .addHeaderLenient("Content-Encoding", "gzip\u001b[2J\u001b]0;download complete\u0007").build());
        download(TestFiles.verified(target(cloudflare, fastly), 1), fast().policy("sequential").build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.CONTENT_ENCODING);
            assertThat(f.reason()).as("the header's value, escaped").contains("gzip\\u001B[2J\\u001B]0;")
                    .doesNotContain("\u001b", "\u0007");
        });
        assertDelivered(resultOf());
    }

    /**
     * OkHttp takes a response's ETag leniently (decoded as UTF-8, control characters kept) but refuses to send it back
     * in If-Range: the mirror's second request threw IllegalArgumentException and the whole download ended as "a bug in
     * the client". An entity tag may hold bytes above 0x7F (obs-text, RFC 9110 §8.8.3), so an honest mirror can send
     * the first; a hostile one, the second. Neither ETag is echoed; the mirror serves every chunk, checked by its hash.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"an ETag in UTF-8 (obs-text), \"\u00e9t\u00e9\"", "an ETag holding an ESC, \"a\u001bb\""})
    void anETagOkHttpWouldNotSendBackIsNotEchoedAndTheMirrorServes(String what, String etag) throws IOException {
        try (ScriptedMirror tagging = new ScriptedMirror(ScriptedMirror.partial(CONTENT, "ETag: " + etag + "\r\n"))) {
            Mirror mirror = new Mirror("tagging", URI.create(tagging.url("/files/video.bin")), 1, "", "tagging");
            Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(mirror));

            DownloadResult result = download(TestFiles.verified(target, 1), fast().policy("sequential").build());

            assertDelivered(result);
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).isEmpty();
            assertThat(tagging.requests()).as("requests the mirror answered, one per chunk")
                    .isEqualTo(target.chunkCount());
        }
    }

    /**
     * OkHttp quotes what it could not parse in its exception (a status line, a chunk-size line), up to 256 KiB of
     * it as the mirror sent it; the failure carried it raw into the events, the journal of failures and the final
     * summary. Now it is escaped and cut like a quoted header.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a status line of garbage, status",
            "a chunk-size line of garbage, chunk-size"})
    void theTextOfAResponseOkHttpCouldNotParseReachesTheEventsEscapedAndCut(String what, String where)
            throws IOException {
        fastly = servers.open("fastly", CONTENT);
        String garbage = "\u001b]52;c;cHduZWQ=\u0007" + "x".repeat(100_000);
        try (ScriptedMirror hostile = new ScriptedMirror((first, last, n, out) -> out.write((where.equals("status")
                ? garbage + "\r\n\r\n"
                : "HTTP/1.1 206 Partial Content\r\nContent-Range: %s\r\nTransfer-Encoding: chunked\r\n\r\n10 %s\r\n"
                .formatted(ContentRange.header(first, last, CONTENT.length), garbage))
                .getBytes(StandardCharsets.ISO_8859_1)))) {
            Mirror garbled = new Mirror("garbled", URI.create(hostile.url("/files/video.bin")), 1, "", "garbled");
            Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(garbled, fastly.mirror()));

            DownloadResult result = download(TestFiles.verified(target, 1), fast().policy("sequential").build());

            assertDelivered(result);
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                    .filteredOn(f -> f.mirror().equals(garbled.label())).isNotEmpty().allSatisfy(f -> {
                        assertThat(f.reason()).as("the mirror's text, escaped").contains("\\u001B]52;c;cHduZWQ=")
                                .doesNotContain("\u001b", "\u0007");
                        assertThat(f.reason().length()).as("length of: %s", f.reason()).isLessThan(400);
                    });
        }
    }

    /**
     * OkHttp reads a chunk-size line, and a chunk extension after it, with no length limit: a mirror sending
     * {@code 10000;aaaa...} with no line end filled the heap as fast as loopback carries bytes (the stall limit never
     * fired: bytes were flowing), and one sending endless {@code 0} digits was read until the stall limit and then
     * rescanned on close. The framing a response may send without delivering body bytes is now bounded
     * ({@code ReadBudget}): the mirror is cut after about a MiB, blamed for it, and an honest mirror serves.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"a chunk extension that never ends, '10000;', a", "a chunk size of endless digits, '', 0"})
    void framingThatNeverEndsIsCutAfterItsBudgetAndBlamedOnItsMirror(String what, String start, char filler)
            throws IOException {
        byte[] piece = new byte[64 * 1024];
        java.util.Arrays.fill(piece, (byte) filler);
        assertEndlessAnswerBlamedOnItsMirror((first, last) -> ("HTTP/1.1 206 Partial Content\r\nContent-Range: %s\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n%s").formatted(ContentRange.header(first, last, CONTENT.length),
                start), piece, "bytes of framing without a byte of the body");
    }

    /**
     * The client {@code drill get} builds with Conscrypt, its default TLS ({@code HttpClients.builder}), has one
     * socket factory for both schemes: the channel sockets beneath its TLS socket carry its plain {@code http://}
     * mirrors too. Their reads went uncounted, and an endless chunk extension was read whole (96 MiB of it here).
     */
    @Test
    void framingThatNeverEndsOnAPlainMirrorIsCutWithTheClientDrillGetBuildsForConscrypt() throws IOException {
        assumeThat(Conscrypts.available()).as("Conscrypt's native library loads here").isTrue();
        client = HttpClients.builder(null, okhttp3.Dns.SYSTEM, TlsProvider.CONSCRYPT).build();
        byte[] piece = new byte[64 * 1024];
        java.util.Arrays.fill(piece, (byte) 'a');
        assertEndlessAnswerBlamedOnItsMirror((first, last) -> ("HTTP/1.1 206 Partial Content\r\nContent-Range: %s\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n10000;").formatted(ContentRange.header(first, last, CONTENT.length)),
                piece, "bytes of framing without a byte of the body");
    }

    /**
     * OkHttp reads at most 256 KiB of header lines per response (1xx answers before it included), and past that fails
     * as for a connection that closed before any response ("unexpected end of stream"): the mirror was charged a
     * broken connection (kind IO, "connection failed before any response"), which reads as the network's fault, and on
     * a pooled connection the request was sent again. Now it is the mirror's: it sent too much.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "Early Hints (103) one after another, '', 'HTTP/1.1 103 Early Hints\\r\\nLink: </style.css>; rel=preload\\r\\n\\r\\n'",
            "header lines that never end, 'HTTP/1.1 206 Partial Content\\r\\n', 'a:\\r\\n'"})
    void responseHeadersThatNeverEndAreBlamedOnTheirMirrorNotTheConnection(String what, String start, String filler)
            throws IOException {
        byte[] piece = filler.replace("\\r\\n", "\r\n").repeat(64 * 1024 / filler.length())
                .getBytes(StandardCharsets.US_ASCII);
        assertEndlessAnswerBlamedOnItsMirror((first, last) -> start.replace("\\r\\n", "\r\n"), piece,
                "without ending its response headers");
    }

    /**
     * A mirror ahead of fastly that answers each request with {@code head} and then {@code piece} again and again
     * (up to 96 MiB, or until the client hangs up): the file is delivered past it, every failure charged to it is
     * TOO_MUCH_DATA saying {@code reason}, and it is cut long before its last byte.
     */
    private void assertEndlessAnswerBlamedOnItsMirror(java.util.function.BiFunction<Long, Long, String> head,
            byte[] piece, String reason) throws IOException {
        fastly = servers.open("fastly", CONTENT);
        long cap = 96L << 20; // what the script sends at most: without a bound, all of it is read
        try (ScriptedMirror hostile = new ScriptedMirror((first, last, n, out) -> {
            out.write(head.apply(first, last).getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < cap; sent += piece.length) { // ends when the client hangs up, or at the cap
                out.write(piece);
            }
        })) {
            Mirror endless = new Mirror("endless", URI.create(hostile.url("/files/video.bin")), 1, "", "endless");
            Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(endless, fastly.mirror()));

            DownloadResult result = download(TestFiles.verified(target, 1), fast().policy("sequential").build());

            assertDelivered(result);
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                    .filteredOn(f -> f.mirror().equals(endless.label())).isNotEmpty().allSatisfy(f -> {
                        assertThat(f.kind()).isEqualTo(FailureKind.TOO_MUCH_DATA);
                        assertThat(f.reason()).contains(reason);
                    });
            assertThat(hostile.written()).as("bytes the mirror got onto the wire before it was cut (at most %d)", cap)
                    .isLessThan(32L << 20);
        }
    }

    /**
     * OkHttp bounds a response's headers by bytes (256 KiB), not by number, and keeps every line while the response
     * is open: tens of thousands of tiny ones were megabytes per connection. A mirror sending more than
     * {@link io.outagedrill.client.OkHttpHeaderGuard#MAX_HEADER_LINES} is refused, and another serves.
     */
    @Test
    void aResponseWithThousandsOfHeaderLinesIsRefusedAndAnotherMirrorServes() throws IOException {
        fastly = servers.open("fastly", CONTENT);
        try (ScriptedMirror flood = new ScriptedMirror(ScriptedMirror.partial(CONTENT, "a: b\r\n".repeat(5_000)))) {
            Mirror many = new Mirror("many", URI.create(flood.url("/files/video.bin")), 1, "", "many");
            Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(many, fastly.mirror()));

            assertDelivered(download(TestFiles.verified(target, 1), fast().policy("sequential").build()));
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                    .filteredOn(f -> f.mirror().equals(many.label())).isNotEmpty().allSatisfy(f -> {
                        assertThat(f.kind()).as("what the mirror is charged").isEqualTo(FailureKind.TOO_MUCH_DATA);
                        assertThat(f.reason()).contains("it answered with 5002 header lines, more than 1000");
                    });
        }
    }

    /**
     * A server may close a kept-alive connection whenever it is idle (its keep-alive timeout, RFC 9112 §9.6), and
     * OkHttp checks a pooled connection for that only before requests other than GET. This mirror closes each
     * connection right after its answer, without {@code Connection: close}: every request on a pooled connection met
     * a closed socket and was charged to the mirror (its circuit opened, its chunk moved, a failover counted),
     * though the mirror answered every request it received. Now the request is sent again on a new connection.
     */
    @Test
    void aConnectionTheMirrorClosedWhileItWasPooledIsNotChargedToTheMirror() throws IOException {
        try (ScriptedMirror closing = new ScriptedMirror(ScriptedMirror.partial(CONTENT, ""))) {
            Mirror honest = new Mirror("closing", URI.create(closing.url("/files/video.bin")), 1, "", "closing");
            Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(honest));

            DownloadResult result = download(TestFiles.verified(target, 1), fast().policy("sequential").build());

            assertDelivered(result);
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).isEmpty();
            assertThat(closing.requests()).as("requests the mirror answered, one per chunk")
                    .isEqualTo(target.chunkCount());
        }
    }

    @Test
    void aMirrorHoldingBackTheEndOfEachResponseIsChargedAStallAndItsChunksKept() throws IOException {
        // Chunked answers with exactly the bytes asked and no last chunk: each read of the end waits for the stall
        // limit. Counted as a success, the mirror kept its circuit closed, its failures at 0 and its chunks however
        // often it did it (sequential never left it); now each is a stall, the chunk still kept.
        fastly = servers.open("fastly", CONTENT);
        try (ScriptedMirror held = ScriptedMirror.heldEnd(CONTENT)) {
            Mirror holding = new Mirror("holding", URI.create(held.url("/files/video.bin")), 1, "", "holding");
            Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(holding, fastly.mirror()));

            DownloadResult result = download(TestFiles.verified(target, 1), fast().policy("sequential").build());

            assertDelivered(result);
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                    .filteredOn(f -> f.mirror().equals(holding.label()))
                    .anySatisfy(f -> {
                        assertThat(f.kind()).isEqualTo(FailureKind.STALL);
                        assertThat(f.reason()).contains("held back the end of its response until the stall limit "
                                + "cut it; the chunk is kept");
                    });
            assertThat(events.of(DownloadEvent.ChunkVerified.class)).as(events.transcript())
                    .anySatisfy(v -> assertThat(v.mirror()).as("the held-back response's chunk, kept")
                            .isEqualTo(holding.label()))
                    .anySatisfy(v -> assertThat(v.mirror()).as("sequential moving on after the stall")
                            .isEqualTo(fastly.mirror().label()));
            assertThat(result.bytesWasted()).as("bytes fetched twice; events:%n%s", events.transcript()).isZero();
        }
    }

    /**
     * A mirror that sends exactly the bytes asked as one chunk of a chunked body, then a last chunk whose extension
     * never ends, trailers that never end, or a last chunk-size line of garbage. Reading the response's end stopped
     * at the framing budget (a MiB) or OkHttp's header limit, or at the garbage, and the failure was taken for a
     * connection that closed there: each response cost the client up to a MiB of reading and counted as a success,
     * so the mirror kept its circuit closed and was given every chunk. Now more than 64 KiB after the body, or
     * framing that does not parse, charges the mirror; the chunk is kept (it matches its hash).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a last chunk whose extension never ends, '0;', a, TOO_MUCH_DATA, bytes of framing without a byte of the body",
            "trailers that never end, '0\\r\\n', 'x:\\r\\n', TOO_MUCH_DATA, bytes of framing without a byte of the body",
            "a last chunk-size line that is not hex, 'zz\\r\\n', x, IO, its response ended in framing that is not HTTP"})
    void framingThatNeverEndsAfterTheBodyIsChargedToItsMirrorAndTheChunkKept(String what, String start, String filler,
            FailureKind kind, String reason) throws IOException {
        fastly = servers.open("fastly", CONTENT);
        long cap = 96L << 20; // what each answer sends at most: without the budget, all of it is read
        byte[] piece = filler.replace("\\r\\n", "\r\n").repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
        try (ScriptedMirror hostile = new ScriptedMirror((first, last, n, out) -> {
            out.write(("HTTP/1.1 206 Partial Content\r\nContent-Range: %s\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n"
                    .formatted(ContentRange.header(first, last, CONTENT.length), last - first + 1))
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(CONTENT, (int) first, (int) (last - first + 1));
            out.write(("\r\n" + start.replace("\\r\\n", "\r\n")).getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < cap; sent += piece.length) { // ends when the client hangs up, or at the cap
                out.write(piece);
            }
        })) {
            Mirror framing = new Mirror("framing", URI.create(hostile.url("/files/video.bin")), 1, "", "framing");
            Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(framing, fastly.mirror()));

            DownloadResult result = download(TestFiles.verified(target, 1), fast().policy("sequential").build());

            assertDelivered(result);
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                    .filteredOn(f -> f.mirror().equals(framing.label())).isNotEmpty().allSatisfy(f -> {
                        assertThat(f.kind()).isEqualTo(kind);
                        assertThat(f.reason()).contains("after chunk", "(kept)", reason);
                    });
            assertThat(events.of(DownloadEvent.ChunkVerified.class)).as(events.transcript())
                    .anySatisfy(v -> assertThat(v.mirror()).as("a chunk whose response ended so, kept")
                            .isEqualTo(framing.label()))
                    .anySatisfy(v -> assertThat(v.mirror()).as("sequential moving on from the mirror")
                            .isEqualTo(fastly.mirror().label()));
            assertThat(result.bytesWasted()).as("bytes fetched twice; events:%n%s", events.transcript()).isZero();
        }
    }

    private DownloadResult resultOf() {
        DownloadEvent.Completed done = events.of(DownloadEvent.Completed.class).getFirst();
        return new DownloadResult(done.path(), done.file(), done.size(), done.sha256(), done.elapsed(), 0, 0, 0, 0,
                false, java.util.Optional.empty(), "");
    }

    @Test
    void aContentRangeOtherThanTheOneAskedIsRefused() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder(normal)
                .setHeader("Content-Range", "bytes 0-%d/%d".formatted(CHUNK - 1, CONTENT.length + 1)).build());
        download(TestFiles.verified(target(cloudflare, fastly), 1), fast().policy("sequential").build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.BAD_RANGE);
            assertThat(f.reason()).contains("to a request for 'bytes 0-65535/%d'".formatted(CONTENT.length));
        });
        assertDelivered(resultOf());
    }

    @Test
    void endlessDataIsCutAtTheRangeAndTheMirrorBlamed() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> {
            Buffer body = new Buffer().write(normal.getBody() == null ? new byte[0] : bodyOf(normal));
            body.write(new byte[256 * 1024]);
            return new MockResponse.Builder(normal).removeHeader("Content-Length").chunkedBody(body, 8192).build();
        });
        download(TestFiles.verified(target(cloudflare, fastly), 1), fast().policy("sequential").build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anySatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.TOO_MUCH_DATA));
        assertDelivered(resultOf());
    }

    private static byte[] bodyOf(MockResponse response) {
        try {
            Buffer buffer = new Buffer();
            response.getBody().writeTo(buffer);
            return buffer.readByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void retryAfterOn503IsHonoured() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(503).setHeader("Retry-After", "7")
                .build());
        download(TestFiles.verified(target(cloudflare, fastly), 1), fast().policy("sequential").build());
        assertThat(events.of(DownloadEvent.BackoffStarted.class)).as(events.transcript()).first()
                .satisfies(b -> assertThat(b.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(7)));
        assertDelivered(resultOf());
    }

    /**
     * OkHttp reads a 503's delay-seconds Retry-After as an int (to retry a 0 at once): past 2147483647 it threw
     * NumberFormatException, which ended the whole download as "a bug in the client" although another mirror had
     * the file. Now the mirror is asked to wait as for any Retry-After (capped), and the other one serves.
     */
    @Test
    void aRetryAfterTooLargeForAnIntIsAWaitOnThatMirrorNotTheEndOfTheDownload() throws IOException {
        deliveredPastCloudflare((request, normal) -> new MockResponse.Builder().code(503)
                .setHeader("Retry-After", "9223372036854775807").build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).anySatisfy(f -> {
            assertThat(f.mirror()).isEqualTo("cloudflare");
            assertThat(f.reason()).contains("service unavailable (503); asks to wait");
        });
        assertThat(events.of(DownloadEvent.BackoffStarted.class)).as(events.transcript())
                .filteredOn(b -> b.mirror().equals("cloudflare")).first()
                .satisfies(b -> assertThat(b.delay()).as("the wait, capped by max-retry-after")
                        .isEqualTo(TransferConfig.defaults().maxRetryAfter()));
    }

    /**
     * A negative Content-Length made OkHttp read the body with a negative byte count: IllegalArgumentException, and
     * the whole download ended as "a bug in the client". Now it is that mirror's failure, named, and the other
     * mirror serves.
     */
    @Test
    void aNegativeContentLengthIsThatMirrorsFailureNotTheEndOfTheDownload() throws IOException {
        deliveredPastCloudflare((request, normal) -> new MockResponse.Builder(normal).setHeader("Content-Length", "-5")
                .build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).anySatisfy(f -> {
            assertThat(f.mirror()).isEqualTo("cloudflare");
            assertThat(f.reason()).contains("answered with Content-Length -5, which is not a length");
        });
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).as(events.transcript())
                .noneSatisfy(v -> assertThat(v.mirror()).isEqualTo("cloudflare"));
    }

    @Test
    void aChangedETagMidDownloadDropsThatMirror() throws IOException {
        twoMirrors();
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        cloudflare.fault((request, normal) -> {
            if (served.incrementAndGet() == 3) {
                cloudflare.etag("\"v2\"");
                return cloudflare.serve(request);
            }
            return normal;
        });
        download(TestFiles.verified(target(cloudflare, fastly), 1), fast().policy("sequential").build());
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anySatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.ETAG_CHANGED));
        assertThat(events.of(DownloadEvent.MirrorAbandoned.class)).isNotEmpty();
        assertDelivered(resultOf());
    }

    @Test
    void whenEveryMirrorFailsNothingIsLeftAtTheDestinationAndAlternatesAreNamed() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(500).build());
        fastly.fault((request, normal) -> new MockResponse.Builder().code(502).build());
        Target audio = TestFiles.target("video-audio.bin", CONTENT, CHUNK, List.of(fastly.mirror()));
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare, fastly), 1,
                new Alternate("audio", "audio only", audio));
        assertThatThrownBy(() -> download(manifest, fast().maxRetriesPerMirror(1).build()))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadFailedException.Reason.ALL_MIRRORS_FAILED);
                    assertThat(e.getMessage()).contains("internal server error (500)").contains("bad gateway (502)");
                    assertThat(e.alternates()).containsExactly("audio");
                });
        assertThat(dir.resolve("video.bin")).doesNotExist();
        assertThat(events.of(DownloadEvent.Failed.class)).as("one failed event (metrics count them); events:%n%s",
                        events.transcript()).singleElement()
                .satisfies(f -> assertThat(f.alternates()).containsExactly("audio"));
    }

    @Test
    void whenEveryMirrorFailsTheSummaryNamesEachMirrorsOwnReason() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder(normal)
                .setHeader("Content-Encoding", "gzip").build());
        fastly.fault((request, normal) -> new MockResponse.Builder().code(500).build());
        assertThatThrownBy(() -> download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("sequential").maxRetriesPerMirror(1).build()))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadFailedException.Reason.ALL_MIRRORS_FAILED);
                    assertThat(e.getMessage()).as("summary; events:%n%s", events.transcript())
                            .contains("cloudflare (not trusted for the rest of this download: answered with "
                                    + "Content-Encoding: gzip")
                            .contains("fastly (2 failures in a row, the last: internal server error (500)")
                            .doesNotContain("corrupt");
                });
    }

    @Test
    void alternateAutoFallsBackWhenTheMainFileCannotBeServed() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> true
                ? new MockResponse.Builder().code(503).build() : normal);
        Target audio = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(fastly.mirror()));
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare), 1, new Alternate("audio", "", audio));
        DownloadResult result = Downloader.builder().config(fast().maxRetriesPerMirror(0).build()).listener(events)
                .build().download(manifest, DownloadRequest.into(dir).withAlternate("auto"));
        assertThat(result.alternate()).contains("audio");
        assertThat(events.of(DownloadEvent.AlternateChosen.class)).singleElement()
                .satisfies(a -> assertThat(a.alternate()).isEqualTo("audio"));
    }

    @Test
    void aSecondDownloadOfTheSameContentComesFromTheCacheAndOfflineWorks() throws IOException {
        twoMirrors();
        ContentCache cache = new ContentCache(dir.resolve("cache"));
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare, fastly), 1);
        Downloader downloader = Downloader.builder().config(fast().build()).cache(cache).listener(events).build();
        downloader.download(manifest, DownloadRequest.into(dir.resolve("a")));
        int requests = cloudflare.requests() + fastly.requests();
        DownloadResult second = downloader.download(manifest, DownloadRequest.into(dir.resolve("b")).offline(true));
        assertThat(second.fromCache()).isTrue();
        assertThat(Sha256.ofFile(dir.resolve("b/video.bin"))).isEqualTo(Sha256.of(CONTENT));
        assertThat(cloudflare.requests() + fastly.requests()).as("no request for a cached file").isEqualTo(requests);
    }

    /**
     * The cache's copy is written whole beside the destination, so a disk too small for it is the same refusal as
     * for a download (NO_ROOM, the alternates named, none written), and --alternate auto falls back from it; it was
     * a copy that ran out of space, "local file trouble", which no alternate follows.
     */
    @Test
    void aCachedFileTheDiskCannotHoldIsRefusedUpFrontAndAlternateAutoFallsBack() throws IOException {
        twoMirrors();
        byte[] smaller = TestFiles.bytes(2 * CHUNK + 17, 7);
        RangeMirror audioMirror = servers.open("bunny", smaller);
        Target audio = TestFiles.target("video-audio.bin", smaller, CHUNK, List.of(audioMirror.mirror()));
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare, fastly), 1,
                new Alternate("audio", "audio only", audio));
        ContentCache cache = new ContentCache(dir.resolve("cache"));
        Downloader.builder().config(fast().build()).cache(cache).build()
                .download(manifest, DownloadRequest.into(dir.resolve("first")));
        int requests = cloudflare.requests() + fastly.requests();
        Downloader roomForTheAlternate = Downloader.builder().config(fast().build()).cache(cache).listener(events)
                .diskSpace(folder -> smaller.length).build();
        Path into = dir.resolve("small");

        assertThatThrownBy(() -> roomForTheAlternate.download(manifest, DownloadRequest.into(into)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                    assertThat(e.reason()).as("reason; message: %s", e.getMessage())
                            .isEqualTo(DownloadFailedException.Reason.NO_ROOM);
                    assertThat(e.getMessage()).startsWith("video.bin: needs ")
                            .contains("more on the disk that holds %s, which has ".formatted(into));
                    assertThat(e.alternates()).as("alternates named").containsExactly("audio");
                });
        assertThat(into.resolve("video.bin.part.from-cache")).as("the cache's copy").doesNotExist();
        DownloadResult result = roomForTheAlternate.download(manifest, DownloadRequest.into(into).withAlternate("auto"));

        assertThat(result.alternate()).as("the alternate downloaded; events:%n%s", events.transcript())
                .contains("audio");
        assertThat(Sha256.ofFile(into.resolve("video-audio.bin"))).isEqualTo(Sha256.of(smaller));
        assertThat(into.resolve("video.bin")).doesNotExist();
        assertThat(cloudflare.requests() + fastly.requests()).as("requests for the main file").isEqualTo(requests);
    }

    /**
     * Ctrl-C while the copy out of the cache is forced to disk (seconds for a large file) left the whole copy as
     * NAME.part with no journal: a part file no later run can trust, so a download without the cache fetched it all
     * again. Interrupted there, the download leaves no part file.
     */
    @Test
    void anInterruptBetweenTheCachesCopyAndItsRenameLeavesNoPartFile() throws IOException {
        twoMirrors();
        ContentCache cache = new ContentCache(dir.resolve("cache"));
        VerifiedManifest manifest = TestFiles.verified(target(cloudflare, fastly), 1);
        Downloader.builder().config(fast().build()).cache(cache).build()
                .download(manifest, DownloadRequest.into(dir.resolve("first")));
        Path into = dir.resolve("second");

        // Ctrl-C interrupts get's thread while the copy is forced to disk (on a thread of its own).
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.EVERY_FORCE)) {
            Downloader interruptedAtTheForce = Downloader.builder().config(fast().build()).cache(cache)
                    .listener(events).partFileChannels(disk.channelsAtHang(Thread.currentThread()::interrupt)).build();
            assertThatThrownBy(() -> interruptedAtTheForce.download(manifest, DownloadRequest.into(into)))
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.reason())
                            .as("reason; message: %s", e.getMessage())
                            .isEqualTo(DownloadFailedException.Reason.INTERRUPTED));
        } finally {
            Thread.interrupted();
        }
        try (var left = Files.list(into)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("files left in the download folder")
                    .isEmpty();
        }
    }

    @Test
    void aCacheWithoutItsOwnListenerTellsTheDownloadsListenerWhatItDidNotKeep() throws IOException {
        twoMirrors();
        ContentCache tooSmall = new ContentCache(dir.resolve("cache")).withLimit(CONTENT.length - 1);
        Downloader downloader = Downloader.builder().config(fast().build()).cache(tooSmall).listener(events).build();
        downloader.download(TestFiles.verified(target(cloudflare, fastly), 1), DownloadRequest.into(dir.resolve("a")));
        assertThat(events.of(DownloadEvent.CacheSkipped.class)).as("the cache's events reach the download's listener")
                .singleElement().satisfies(e -> assertThat(e.file()).isEqualTo("video.bin"));
    }

    /**
     * The cache keeps the file after the transfer has said it completed; what it then says (here: the file is too
     * large to keep) came after the final event, which a listener takes as the download's last word.
     */
    @Test
    void whatTheCacheSaysAfterTheTransferComesBeforeTheCompletedEvent() throws IOException {
        twoMirrors();
        ContentCache tooSmall = new ContentCache(dir.resolve("cache"), CONTENT.length - 1, Clock.systemUTC(), events);
        Downloader downloader = Downloader.builder().config(fast().build()).cache(tooSmall).listener(events).build();
        downloader.download(TestFiles.verified(target(cloudflare, fastly), 1), DownloadRequest.into(dir.resolve("a")));
        assertThat(events.of(DownloadEvent.CacheSkipped.class)).as(events.transcript()).hasSize(1);
        assertThat(events.all().getLast()).as("the last event the listener heard; events:%n%s", events.transcript())
                .isInstanceOf(DownloadEvent.Completed.class);
    }

    @Test
    void offlineWithoutTheFileInCacheFailsClearly() throws IOException {
        twoMirrors();
        ContentCache cache = new ContentCache(dir.resolve("cache"));
        Downloader downloader = Downloader.builder().config(fast().build()).cache(cache).build();
        assertThatThrownBy(() -> downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir).offline(true)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadFailedException.Reason.NOT_IN_CACHE);
                    assertThat(e.getMessage()).contains("this download is offline");
                });
        assertThat(cloudflare.requests() + fastly.requests()).isZero();
    }

    @Test
    void aDifferentFileAtTheDestinationIsNotOverwritten() throws IOException {
        twoMirrors();
        Files.writeString(dir.resolve("video.bin"), "my own notes");
        assertThatThrownBy(() -> download(TestFiles.verified(target(cloudflare, fastly), 1), fast().build()))
                .isInstanceOfSatisfying(DownloadFailedException.class, e ->
                        assertThat(e.reason()).isEqualTo(DownloadFailedException.Reason.DESTINATION_EXISTS));
        assertThat(Files.readString(dir.resolve("video.bin"))).isEqualTo("my own notes");
    }

    @Test
    void aFolderAtTheDestinationIsRefusedBeforeAnyTransferEvenWhenOverwriting() throws IOException {
        twoMirrors();
        Files.createDirectories(dir.resolve("video.bin").resolve("keep"));
        Downloader downloader = Downloader.builder().config(fast().build()).build();

        assertThatThrownBy(() -> downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir).overwrite(true)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DownloadFailedException.Reason.LOCAL_IO);
                    assertThat(e.getMessage()).contains("video.bin is a folder, where this download would write");
                });
        assertThat(cloudflare.requests() + fastly.requests()).as("requests made").isZero();
        assertThat(dir.resolve("video.bin").resolve("keep")).isDirectory();
    }

    @Test
    void aDownloadThatVerifiedNothingLeavesNoPartFileOrJournalBehind() throws IOException {
        twoMirrors();
        for (RangeMirror mirror : List.of(cloudflare, fastly)) {
            mirror.fault((request, normal) -> new MockResponse.Builder().code(404).build());
        }
        Downloader downloader = Downloader.builder().config(fast().build()).build();

        assertThatThrownBy(() -> downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir))).isInstanceOf(DownloadFailedException.class);

        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .as("files left in the download folder").noneMatch(name -> name.startsWith("video.bin"));
        }

        Path made = dir.resolve("new").resolve("sub");
        assertThatThrownBy(() -> downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(made))).isInstanceOf(DownloadFailedException.class);
        assertThat(dir.resolve("new")).as("the folders this download made for the file, left empty").doesNotExist();
        Files.createDirectories(made.resolve("theirs"));
        assertThatThrownBy(() -> downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(made))).isInstanceOf(DownloadFailedException.class);
        assertThat(made.resolve("theirs")).as("a folder that was there before").isDirectory();
    }

    /**
     * The part file locks out a second download of the same file; let go before the part file and its journal are
     * removed, a second download could open them in between and lose them to this one's cleanup.
     */
    @Test
    void aDownloadThatVerifiedNothingRemovesItsFilesBeforeLettingThePartFileGo() throws IOException {
        twoMirrors();
        for (RangeMirror mirror : List.of(cloudflare, fastly)) {
            mirror.fault((request, normal) -> new MockResponse.Builder().code(404).build());
        }
        List<String> leftAtClose = new java.util.concurrent.CopyOnWriteArrayList<>();
        Downloader downloader = Downloader.builder().config(fast().build()).partFileChannels(recordingAtClose(
                leftAtClose)).build();

        assertThatThrownBy(() -> downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir))).isInstanceOf(DownloadFailedException.class);

        assertThat(leftAtClose).as("the download's files in the folder as its part file (and its lock) was closed; "
                + "events:%n%s", events.transcript()).isEmpty();
    }

    /**
     * A complete download renames its part file before closing it: closed first, a second download of the same
     * file could open it in between and write unverified bytes into the file just delivered.
     */
    @Test
    void aCompleteDownloadRenamesItsPartFileBeforeLettingItGo() throws IOException {
        twoMirrors();
        List<String> leftAtClose = new java.util.concurrent.CopyOnWriteArrayList<>();
        Downloader downloader = Downloader.builder().config(fast().build()).listener(events)
                .partFileChannels(recordingAtClose(leftAtClose)).build();

        assertDelivered(downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir)));

        assertThat(leftAtClose).as("the download's files in the folder as its part file (and its lock) was closed")
                .doesNotContain("video.bin.part");
    }

    /** Part file channels that add to {@code names} the download's files in the folder as each is closed. */
    private PartFile.ChannelOpener recordingAtClose(List<String> names) {
        return path -> new ForwardingFileChannel(PartFile.openOwnFile(path)) {
            @Override
            protected void implCloseChannel() throws IOException {
                try (var left = Files.list(dir)) {
                    left.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("video.bin"))
                            .forEach(names::add);
                }
                super.implCloseChannel();
            }
        };
    }

    @Test
    void sequentialUsesOneMirrorInOrderUntilItFails() throws IOException {
        twoMirrors();
        download(TestFiles.verified(target(cloudflare, fastly), 1), fast().policy("sequential").build());
        assertThat(cloudflare.requests()).isEqualTo(11);
        assertThat(fastly.requests()).isZero();
    }

    @Test
    void tailHedgingRacesASlowChunkOnAFasterMirror() throws IOException {
        twoMirrors();
        // Cloudflare drips every chunk (64 bytes per 100 ms: a 64 KiB chunk would take 100 s) without ever going
        // quiet long enough for the stall timeout. With one connection per mirror it always holds one chunk, so
        // when nothing else waits, that chunk must be raced on fastly or the test times out.
        cloudflare.fault((request, normal) -> new MockResponse.Builder(normal)
                .throttleBody(64, 100, TimeUnit.MILLISECONDS).build());
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("adaptive").connections(2).connectionsPerMirror(1).hedgeSlowFactor(2).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.HedgeStarted.class)).as(events.transcript())
                .anySatisfy(h -> {
                    assertThat(h.slowMirror()).isEqualTo("cloudflare");
                    assertThat(h.fastMirror()).isEqualTo("fastly");
                });
    }

    @Test
    void aHedgeAnsweredWithTheWholeFileIsDroppedAndTheRacedAttemptKeepsTheChunk() throws IOException {
        twoMirrors();
        // Cloudflare drips every chunk (4 KiB per 100 ms: 1.6 s a chunk); fastly serves ranges, except that it
        // answers a request for a chunk cloudflare was asked for (a hedge) with the whole file. That stream used
        // to be read under the hedge, which then won with no scratch file to copy from: its thread died of a
        // NullPointerException after cancelling the raced attempt, and the chunk, held by an attempt nobody ran
        // any more, waited for the deadline (found by the fault storm with the adaptive policy).
        cloudflare.fault((request, normal) -> new MockResponse.Builder(normal)
                .throttleBody(4096, 100, TimeUnit.MILLISECONDS).build());
        fastly.fault((request, normal) -> {
            String range = request.getHeaders().get("Range");
            long first = Long.parseLong(range.substring(6, range.indexOf('-')));
            return cloudflare.ranges().stream().anyMatch(r -> r[0] == first)
                    ? new MockResponse.Builder().code(200).setHeader("ETag", "\"v1\"")
                            .body(new Buffer().write(CONTENT)).build()
                    : normal;
        });
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("adaptive").connections(2).connectionsPerMirror(1).hedgeSlowFactor(2)
                        .deadline(Duration.ofSeconds(10)).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.HedgeStarted.class)).as(events.transcript()).isNotEmpty();
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                .anySatisfy(f -> {
                    assertThat(f.mirror()).isEqualTo("fastly");
                    assertThat(f.kind()).isEqualTo(FailureKind.RANGE_IGNORED);
                });
    }

    @Test
    void aChunkCutOffMidStreamIsFinishedFromAnotherMirrorByRange() throws IOException {
        twoMirrors();
        long chunkTwo = 2L * CHUNK;
        int sent = 40_000;
        cloudflare.fault((request, normal) -> request.getHeaders().get("Range").startsWith("bytes=" + chunkTwo + "-")
                ? new MockResponse.Builder(normal)
                        .body(new Buffer().write(CONTENT, (int) chunkTwo, sent))
                        .setHeader("Content-Length", CHUNK).build()
                : normal);
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("sequential").build());
        assertDelivered(result);
        assertThat(fastly.ranges()).as("fastly is asked only for the rest of chunk 2; %s", events.transcript())
                .anyMatch(r -> r[0] == chunkTwo + sent && r[1] == chunkTwo + CHUNK - 1)
                .noneMatch(r -> r[0] == chunkTwo);
        assertThat(result.bytesWasted()).as("the first 40000 bytes were kept, not wasted").isZero();
    }

    @Test
    void aDnsFailureLowersTheOtherMirrorsOfItsFailureGroup() throws IOException {
        twoMirrors();
        RangeMirror thirdSameCloud = servers.open("cloudfront", CONTENT);
        Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(
                new io.outagedrill.client.manifest.Mirror("s3", java.net.URI.create(
                        "http://s3.nowhere.invalid:1/video.bin"), 1, "", "aws"),
                thirdSameCloud.mirror(1, "aws"), cloudflare.mirror(2, "cloudflare")));
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().dns(host -> {
            if (host.endsWith(".invalid")) {
                throw new java.net.UnknownHostException(host + ": SERVFAIL");
            }
            return okhttp3.Dns.SYSTEM.lookup(host);
        }).build();
        DownloadResult result = Downloader.builder().httpClient(http).listener(events)
                .config(fast().policy("parallel").connections(1).backoffBase(Duration.ofSeconds(5)).build()).build()
                .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.DNS);
            assertThat(f.reason()).contains("lowering the rest of failure group 'aws' (cloudfront)");
        });
        assertThat(thirdSameCloud.requests()).as("the demoted sibling is used only if nothing else can serve")
                .isZero();
    }

    @Test
    void theCircuitOpensOnFailureThenAProbeClosesIt() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        cloudflare.fault((request, normal) -> calls.incrementAndGet() == 2
                ? new MockResponse.Builder().code(503).build() : normal);
        DownloadResult result = download(TestFiles.verified(target(cloudflare), 1), fast().connections(1).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.CircuitChanged.class)).as(events.transcript())
                .extracting(DownloadEvent.CircuitChanged::state).containsExactly("open", "half-open", "closed");
    }

    @Test
    void whenTheOnlyMirrorLeftIgnoresRangeItIsStillReadToTheEnd() throws IOException {
        twoMirrors();
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(200).setHeader("ETag", "\"v1\"")
                .body(new Buffer().write(CONTENT)).build());
        fastly.fault((request, normal) -> new MockResponse.Builder().code(503).build());
        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("parallel").connections(4).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.ChunkVerified.class)).as(events.transcript())
                .allSatisfy(v -> assertThat(v.mirror()).isEqualTo("cloudflare"));
    }

    @Test
    void aCorruptChunkInAWholeFileStreamIsChargedOnceOnThatChunk() throws IOException {
        // The stream opened for chunk 0 verifies 0 and 1, then chunk 2 fails its hash: one rejection, of chunk 2.
        // Charged a second time on the opening attempt, the mirror reached the default two corrupt chunks and was
        // given up at once, and chunk 0 (sent right) was rejected and blamed on it too.
        twoMirrors();
        byte[] corrupt = CONTENT.clone();
        corrupt[2 * CHUNK + 10] ^= 0x5a;
        cloudflare.fault((request, normal) -> new MockResponse.Builder().code(200).setHeader("ETag", "\"v1\"")
                .body(new Buffer().write(corrupt)).build());

        DownloadResult result = download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().policy("sequential").connections(1).build());

        assertDelivered(result);
        assertThat(events.of(DownloadEvent.ChunkRejected.class)).as(events.transcript())
                .extracting(DownloadEvent.ChunkRejected::chunk).containsExactly(2);
        assertThat(events.of(DownloadEvent.MirrorAbandoned.class)).as(events.transcript()).isEmpty();
    }

    @Test
    void aRateLimitedLastMirrorIsWaitedForNotAbandoned() throws IOException {
        cloudflare = servers.open("cloudflare", CONTENT);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        // Every other request is told to come back in 0 s: far more asks than the 3 retries a failing mirror gets.
        cloudflare.fault((request, normal) -> calls.incrementAndGet() % 2 == 1
                ? new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build() : normal);
        DownloadResult result = download(TestFiles.verified(target(cloudflare), 1),
                fast().connections(1).maxRetriesPerMirror(1).build());
        assertDelivered(result);
        assertThat(events.of(DownloadEvent.MirrorAbandoned.class)).as(events.transcript()).isEmpty();
    }

    @Test
    void theCurrentFolderAsARelativePathIsAFolderToWriteInto() {
        Path here = Path.of("").toAbsolutePath();
        assertThat(Downloader.destinationFor(Path.of("."), "video.bin")).as("-o . (the CLI's default)")
                .isEqualTo(here.resolve("video.bin"));
        assertThat(Downloader.destinationFor(Path.of(""), "video.bin")).as("the empty path")
                .isEqualTo(here.resolve("video.bin"));
        assertThat(Downloader.destinationFor(Path.of("sub/../out"), "video.bin"))
                .isEqualTo(here.resolve("out/video.bin"));
    }

    @Test
    void aFileNameThatIsNotOnePathComponentIsRefused() {
        for (String name : java.util.List.of("../video.bin", "a/video.bin", "..", "a\\b")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Downloader.destinationFor(dir, name))
                    .as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a single path component");
        }
    }

    /**
     * The application's listener is its own: an exception it throws, on a chunk (a transfer thread), on progress (the
     * progress thread) or on the final event, is logged and the download goes on; it ended the download as "a bug in
     * the client", stopped its progress events, or came out of a download whose file was in place.
     */
    @Test
    void aListenerThatThrowsNeverEndsTheDownload() throws IOException {
        twoMirrors();
        List<DownloadEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        Downloader downloader = Downloader.builder().config(fast().build()).listener(event -> {
            heard.add(event);
            if (event instanceof DownloadEvent.ChunkVerified || event instanceof DownloadEvent.Progress
                    || event instanceof DownloadEvent.Completed) {
                throw new IllegalStateException("the application's own bug, on " + event.getClass().getSimpleName());
            }
        }).build();

        assertDelivered(downloader.download(TestFiles.verified(target(cloudflare, fastly), 1),
                DownloadRequest.into(dir)));
        assertThat(heard).as("events heard after the listener threw").filteredOn(DownloadEvent.ChunkVerified.class::isInstance)
                .hasSize(11);
        assertThat(heard).last().isInstanceOf(DownloadEvent.Completed.class);
    }

    /** A pinned mirror that names none of the file's: refused before any request, status pages included. */
    @Test
    void aPinnedMirrorThatNamesNoneIsRefusedBeforeAnyRequest() throws IOException {
        twoMirrors();

        assertThatThrownBy(() -> download(TestFiles.verified(target(cloudflare, fastly), 1),
                fast().pinnedMirror("akamai").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the pinned mirror 'akamai' matches no mirror of video.bin; its mirrors are: ");
        assertThat(cloudflare.requests() + fastly.requests()).as("requests to the mirrors").isZero();
        assertThat(events.transcript()).as("events of a download that never started").isEmpty();
    }
}
