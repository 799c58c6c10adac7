package io.outagedrill.client.transfer;

import io.outagedrill.client.BudgetedSockets;
import io.outagedrill.client.ByteSize;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FinalEventLast;
import io.outagedrill.client.events.ListenerGuard;
import io.outagedrill.client.manifest.Alternate;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.ContentCache;
import io.outagedrill.client.store.DiskSilence;
import io.outagedrill.client.store.DiskSpace;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.transfer.disk.JournalWriter;
import io.outagedrill.client.transfer.http.LookupDeadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * The reference client as a library: downloads the file a verified manifest describes, from its mirrors, into a
 * folder, and hands over a file only if its SHA-256 matches the signed one.
 *
 * <pre>{@code
 * Downloader downloader = Downloader.builder().config(TransferConfig.defaults()).listener(System.out::println).build();
 * DownloadResult result = downloader.download(verifiedManifest, DownloadRequest.into(Path.of("media")));
 * }</pre>
 *
 * <p>Thread-safe: one downloader may run several downloads at once, each on the thread that calls
 * {@link #download}. Build one and share it, since each keeps its own connections open for reuse between downloads
 * (see {@link #close}). Two downloads of one file into one folder at once are not run: the second fails
 * ({@link DownloadFailedException.Reason#LOCAL_IO LOCAL_IO}) naming the part file the first is writing.
 *
 * <p>To cancel a download, interrupt the thread running it (for instance with {@code future.cancel(true)}): it
 * stops its connections, saves the journal and throws {@link DownloadFailedException} with reason
 * {@link DownloadFailedException.Reason#INTERRUPTED INTERRUPTED}, the thread's interrupt status kept. Its transfer
 * threads have ended when it throws (it waits for them, at most 30 s each). {@code NAME.part} and its journal stay
 * when some chunk was verified, and the same download later fetches only the chunks missing.
 */
public final class Downloader implements AutoCloseable {
    private final TransferConfig config;
    private final OkHttpClient client;
    /** Whether {@link #client}'s connection pool is this downloader's own (no {@link Builder#httpClient} given). */
    private final boolean ownsConnections;
    /** Hears the downloads whose request names no listener of its own. */
    private final DownloadListener defaultListener;
    private final Clock clock;
    /** As built; each download uses a copy telling its own listener ({@link #cacheTelling}). */
    private final Optional<ContentCache> builtCache;
    private final ThreadFactory threads;
    private final Ticker ticker;
    private final DiskSpace diskSpace;
    private final PartFile.ChannelOpener partFiles;
    private final DiskSilence.Rule diskWait;

    private Downloader(Builder b) {
        this.threads = b.threads;
        this.partFiles = b.partFiles;
        this.diskWait = new DiskSilence.Rule(b.diskWaitLimit, b.diskActivity);
        this.diskSpace = b.diskSpace;
        this.ticker = b.ticker;
        this.config = b.config;
        // The caller's resolver, each lookup bounded like a connect (OkHttp's connect timeout starts after it).
        this.ownsConnections = b.client == null;
        OkHttpClient base = b.client != null ? b.client : new OkHttpClient();
        // Sockets counted against the framing budget (ReadBudget), unless the caller's client brings its own; HTTP/1.1.
        this.client = HttpClients.configure(BudgetedSockets.bounding(base), config)
                .dns(LookupDeadline.wrap(base.dns(), config.connectTimeout(), threads)).build();
        this.defaultListener = b.listener;
        this.clock = b.clock;
        this.builtCache = b.cache;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TransferConfig config() {
        return config;
    }

    /** The listener a download's events go to, unless its request names another ({@link DownloadRequest#withListener}). */
    public DownloadListener listener() {
        return defaultListener;
    }

    /**
     * Closes the connections this downloader keeps open between downloads for reuse (OkHttp keeps an idle one for
     * up to 5 minutes), when they are its own: built without {@link Builder#httpClient}. A client passed there is
     * the caller's, and so are its connections, which this leaves alone. Downloads still running keep theirs; a
     * download started after this opens new ones.
     */
    @Override
    public void close() {
        if (ownsConnections) {
            client.connectionPool().evictAll();
        }
    }

    /** For tests: the client downloads run on. */
    OkHttpClient httpClient() {
        return client;
    }

    /**
     * Downloads the main file, or the alternate the request names; with {@code auto}, falls back through the
     * alternates when every mirror of the previous target failed, or when its disk cannot hold it (asked for the
     * best it can get, the user gets the alternate that fits rather than nothing).
     */
    public DownloadResult download(VerifiedManifest manifest, DownloadRequest request) {
        // Its completed or failed event is the last the listener hears of it: held until the download returns, after
        // the content cache has said what it kept or evicted.
        DownloadListener downloads = request.listener().orElse(defaultListener);
        FinalEventLast events = new FinalEventLast(ListenerGuard.of(downloads));
        try {
            return download(manifest, request, events, cacheTelling(events, downloads));
        } finally {
            events.release();
        }
    }

    /**
     * The content cache, telling {@code events} (the download's listener, its final event held) what it keeps,
     * evicts or drops, unless it was given a listener of its own other than the download's.
     */
    private Optional<ContentCache> cacheTelling(DownloadListener events, DownloadListener downloads) {
        return builtCache.map(c -> c.hasListener() && !c.tells(downloads) ? c : c.withListener(events));
    }

    private DownloadResult download(VerifiedManifest manifest, DownloadRequest request, DownloadListener listener,
                                    Optional<ContentCache> cache) {
        List<Alternate> alternates = manifest.manifest().alternates();
        if (request.alternate().isPresent() && !request.auto()) {
            String name = request.alternate().get();
            Alternate chosen = manifest.manifest().alternate(name).orElseThrow(() -> new UnknownAlternateException(
                    name, names(alternates, "none")));
            try {
                return downloadTarget(manifest, chosen.target(), request, Optional.of(name), listener, cache);
            } catch (DownloadFailedException e) {
                throw failed(chosen.target(), e, listener);
            }
        }
        Target main = manifest.manifest().target();
        DownloadFailedException mainFailed;
        try {
            return downloadTarget(manifest, main, request, Optional.empty(), listener, cache);
        } catch (DownloadFailedException e) {
            mainFailed = e;
        }
        if (!request.auto() || !alternateMayDo(mainFailed) || alternates.isEmpty()) {
            throw failed(main, withAlternates(manifest, mainFailed), listener);
        }
        // Falling back, each target that fails is told as the reason for the next choice (alternate-chosen), and
        // only the download's end as a failure: one download, one outcome, for the metrics and the console alike.
        DownloadFailedException last = mainFailed;
        Target lastTried = main;
        for (Alternate alternate : alternates) {
            listener.on(new DownloadEvent.AlternateChosen(clock.instant(), manifest.manifest().file(),
                    alternate.name(), last.getMessage()));
            try {
                return downloadTarget(manifest, alternate.target(), request, Optional.of(alternate.name()), listener,
                        cache);
            } catch (DownloadFailedException e) {
                last = e;
                lastTried = alternate.target();
                if (!alternateMayDo(e)) {
                    break; // an interrupt, the deadline, local trouble: the next alternate would meet it too
                }
            }
        }
        throw failed(lastTried, last, listener);
    }

    /**
     * Whether an alternate may succeed where {@code e} ended the target: it has mirrors of its own, and is often
     * smaller. Not for the rest, which end the download, fallback included: a deadline or an interrupt, and local
     * trouble or a destination already taken, the user's to fix, said as it is.
     */
    private static boolean alternateMayDo(DownloadFailedException e) {
        return e.reason() == DownloadFailedException.Reason.ALL_MIRRORS_FAILED
                || e.reason() == DownloadFailedException.Reason.NO_ROOM;
    }

    /** {@code e} naming the manifest's alternates where one of them may do ({@link #alternateMayDo}). */
    private static DownloadFailedException withAlternates(VerifiedManifest manifest, DownloadFailedException e) {
        List<String> names = manifest.manifest().alternates().stream().map(Alternate::name).toList();
        if (names.isEmpty() || !alternateMayDo(e)) {
            return e;
        }
        return new DownloadFailedException(e.reason(), e.getMessage(), names);
    }

    private static String names(List<Alternate> alternates, String none) {
        return alternates.isEmpty() ? none : String.join(", ", alternates.stream().map(Alternate::name).toList());
    }

    private DownloadResult downloadTarget(VerifiedManifest manifest, Target target, DownloadRequest request,
                                          Optional<String> alternate, DownloadListener listener,
                                          Optional<ContentCache> cache) {
        Path destination = destinationFor(request.directory(), target.file());
        long started = ticker.nanoTime();
        try {
            Optional<DownloadResult> existing = alreadyThere(destination, target, request, alternate, listener);
            if (existing.isPresent()) {
                return existing.get();
            }
            Optional<DownloadResult> cached = fromCache(destination, target, alternate, started, listener, cache);
            if (cached.isPresent()) {
                return cached.get();
            }
            if (request.offline()) {
                throw new DownloadFailedException(DownloadFailedException.Reason.NOT_IN_CACHE,
                        "%s (SHA-256 %s) is not in the local cache %s, and this download is offline: no network"
                                .formatted(target.file(), target.sha256(),
                                        cache.map(c -> c.root().toString()).orElse("(no cache configured)")),
                        List.of());
            }
            TransferSession.pinned(target, config); // a pin that names no mirror, refused before any request
            requireRoomFor(destination, target);
            DownloadResult result;
            try (StatusFeeds.Verdicts status = statusVerdicts(manifest, target, listener)) {
                result = new TransferSession(target, manifest, destination, config, client, listener, clock, threads,
                        ticker, status, partFiles, diskWait).run();
            }
            if (cache.isPresent()) {
                cache.get().put(destination, target.sha256());
            }
            return alternate.isEmpty() ? result : new DownloadResult(result.path(), result.file(), result.size(),
                    result.sha256(), result.elapsed(), result.bytesReceived(), result.bytesWasted(),
                    result.mirrorSwitches(), result.chunksResumed(), false, alternate, result.policy());
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                // Interrupted after the last chunk (while the whole file was hashed, checked or renamed): a file
                // channel closes itself on an interrupt and says so as an I/O error. It is the interrupt that
                // ended the download, and a caller (the CLI's exit code 130) must be told that, not "disk trouble".
                throw new DownloadFailedException(DownloadFailedException.Reason.INTERRUPTED,
                        "%s: interrupted (%s)".formatted(target.file(), IoErrors.describe(e)), e);
            }
            throw new DownloadFailedException(DownloadFailedException.Reason.LOCAL_IO,
                    "%s: local file trouble: %s".formatted(target.file(), IoErrors.describe(e)), e);
        }
    }

    /**
     * Refuses, before any request to a mirror, a download its disk cannot hold: the bytes the part file has yet to
     * grow by, against what the file system will take. That is the least the download needs (the part file grows
     * as chunks are written, and a hole below its end needs room too), so one that fits is not refused by this
     * count, and a write that fails later is still ended as local trouble. A count that cannot be had skips the
     * check.
     */
    private void requireRoomFor(Path destination, Target target) {
        Path part = PartFile.pathFor(destination);
        long onDisk;
        try {
            onDisk = Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException unknown) {
            return;
        }
        requireRoomFor(destination, target, target.size() - Math.min(onDisk, target.size()));
    }

    /** Refuses a download whose disk has less than {@code more} bytes free, before anything is written. */
    private void requireRoomFor(Path destination, Target target, long more) {
        Path folder = destination.toAbsolutePath().getParent();
        Path part = PartFile.pathFor(destination);
        long free;
        long onDisk;
        try {
            free = diskSpace.usableBytes(folder);
            onDisk = Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException unknown) {
            return;
        }
        if (free < more) {
            String needed = ByteSize.format(more);
            String has = ByteSize.format(free);
            if (needed.equals(has)) { // rounded alike: the bytes, so the message does not contradict itself
                needed = more + " bytes";
                has = free + " bytes";
            }
            throw new DownloadFailedException(DownloadFailedException.Reason.NO_ROOM,
                    "%s: needs %s more on the disk that holds %s, which has %s free; nothing was downloaded%s"
                            .formatted(target.file(), needed, folder, has,
                                    onDisk > 0 ? " (the part file there is kept)" : ""),
                    List.of());
        }
    }

    /**
     * What the providers' status pages say: those that admit a major outage, before the first request and late. Not
     * read when switched off, when the user pinned one mirror (then there is no order to change), or when a routing
     * controller ordered the mirrors: it read the same pages beside its own probes, and a page it judged wrong would
     * undo its order here (a page that cries wolf moved its healthy CDN behind the one the controller had demoted for
     * failing its probes).
     */
    private StatusFeeds.Verdicts statusVerdicts(VerifiedManifest manifest, Target target, DownloadListener listener) {
        if (!config.statusFeeds() || config.pinnedMirror().isPresent() || manifest.manifest().routed()) {
            return StatusFeeds.Verdicts.none();
        }
        // Past the first-byte limit a late page would tell nothing: a request still waiting is cut by then anyway.
        return new StatusFeeds(client, config.statusFeedTimeout(), config.firstByteTimeout(), listener, clock)
                .outages(target.mirrors());
    }

    /** Tells the listener that the download failed, on {@code target}: once per download, as its metrics count. */
    private DownloadFailedException failed(Target target, DownloadFailedException e, DownloadListener listener) {
        listener.on(new DownloadEvent.Failed(clock.instant(), target.file(), e.getMessage(), e.alternates()));
        return e;
    }

    /**
     * The manifest's name, checked once more here: a destination never escapes the chosen folder. Absolute, so that
     * a relative folder such as {@code .} (the CLI's default) still has a parent to compare and to write into.
     */
    static Path destinationFor(Path directory, String file) {
        Path folder = directory.toAbsolutePath().normalize();
        Path destination = folder.resolve(file).normalize();
        if (!folder.equals(destination.getParent()) || file.contains("/") || file.contains("\\")) {
            throw new IllegalArgumentException("refusing file name '%s': not a single path component".formatted(file));
        }
        return destination;
    }

    private Optional<DownloadResult> alreadyThere(Path destination, Target target, DownloadRequest request,
                                                  Optional<String> alternate, DownloadListener listener)
            throws IOException {
        if (!Files.exists(destination)) {
            return Optional.empty();
        }
        if (Files.isDirectory(destination)) {
            // Not for --force to replace: a folder is never deleted for a download, and the rename at the end
            // would fail after the whole transfer.
            throw new DownloadFailedException(DownloadFailedException.Reason.LOCAL_IO, ("%s is a folder, where this "
                    + "download would write %s: move it away, or download into another folder").formatted(
                    destination, target.file()), List.of());
        }
        if (Files.size(destination) == target.size() && Sha256.ofFile(destination).equals(target.sha256())) {
            // A kill between the rename and the journal's deletion leaves the finished download's journal behind.
            Journal.beside(PartFile.pathFor(destination)).delete();
            listener.on(new DownloadEvent.AlreadyInPlace(clock.instant(), target.file(), destination));
            return Optional.of(withoutTransfer(destination, target, alternate, Duration.ZERO, false, listener));
        }
        if (!request.overwrite()) {
            throw new DownloadFailedException(DownloadFailedException.Reason.DESTINATION_EXISTS,
                    ("%s already exists and is not the file the manifest describes; not touching it (this "
                            + "download may not overwrite)").formatted(destination), List.of());
        }
        return Optional.empty();
    }

    private Optional<DownloadResult> fromCache(Path destination, Target target, Optional<String> alternate,
                                               long started, DownloadListener listener,
                                               Optional<ContentCache> cache) throws IOException {
        if (cache.isEmpty() || !cache.get().holds(target.sha256())) {
            return Optional.empty();
        }
        // The copy out of the cache is written whole beside NAME.part before it replaces it. A disk too small for it
        // is refused here as a download's is, with what it needs: a copy that ran out of space was "local trouble",
        // which --alternate auto does not fall back from.
        requireRoomFor(destination, target, target.size());
        Path part = PartFile.pathFor(destination);
        boolean journaled = Files.exists(Journal.beside(part).path(), LinkOption.NOFOLLOW_LINKS);
        if (!cache.get().restore(target.sha256(), target.size(), part)) {
            return Optional.empty();
        }
        try (PartFile file = PartFile.open(destination, partFiles)) {
            file.promote(destination, target.size(), diskWait.start(file.path()));
        } catch (PartFile.NotPromoted hung) {
            // The disk stopped answering: the copy stays, not deleted (a removal would wait on the same disk).
            throw hung.moveStarted() ? hung : hung.withNextRun("the next run copies it out of the cache again");
        } catch (IOException | RuntimeException e) {
            // Stopped between the copy and the rename (Ctrl-C while the copy is forced to disk): a part file with no
            // journal is one no later run can trust, so it would cost a download without the cache the whole file
            // again. The cache still holds the bytes; a journal of an earlier download keeps its part file, whose
            // verified chunks the copy did not change.
            if (!journaled) {
                Files.deleteIfExists(part);
            }
            throw e;
        }
        Journal.beside(part).delete(); // a journal of an interrupted download of the same file is now moot
        listener.on(new DownloadEvent.CacheHit(clock.instant(), target.file(), target.sha256(), cache.get().root()));
        return Optional.of(withoutTransfer(destination, target, alternate,
                Duration.ofNanos(ticker.nanoTime() - started), true, listener));
    }

    /** The result (and Completed event) of a download that needed no bytes from any mirror. */
    private DownloadResult withoutTransfer(Path destination, Target target, Optional<String> alternate,
                                           Duration elapsed, boolean fromCache, DownloadListener listener) {
        listener.on(new DownloadEvent.Completed(clock.instant(), target.file(), destination, target.size(),
                target.sha256(), elapsed, 0, 0, 0));
        return new DownloadResult(destination, target.file(), target.size(), target.sha256(), elapsed, 0, 0, 0, 0,
                fromCache, alternate, config.policy());
    }

    /** Fluent builder. */
    public static final class Builder {
        private TransferConfig config = TransferConfig.defaults();
        // Null until set or built: OkHttp's default client loads the JDK's CA store, which a caller that brings
        // its own client (the CLI, with its TLS choice) should not pay for at start-up.
        private OkHttpClient client;
        private DownloadListener listener = DownloadListener.none();
        private Clock clock = Clock.systemUTC();
        private Optional<ContentCache> cache = Optional.empty();
        private ThreadFactory threads = Thread.ofPlatform().daemon().factory();
        private Ticker ticker = Ticker.SYSTEM;
        private DiskSpace diskSpace = DiskSpace.ofFileSystem();
        private PartFile.ChannelOpener partFiles = PartFile::openOwnFile;
        private Duration diskWaitLimit = JournalWriter.SAVE_LIMIT;
        private Function<Path, DiskSilence.Activity> diskActivity = DiskSilence::of;

        public Builder config(TransferConfig value) {
            config = Objects.requireNonNull(value);
            return this;
        }

        /** A base client carrying DNS, TLS trust or a socket factory; the transfer's rules are applied on top. */
        public Builder httpClient(OkHttpClient value) {
            client = Objects.requireNonNull(value);
            return this;
        }

        public Builder listener(DownloadListener value) {
            listener = Objects.requireNonNull(value);
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        public Builder cache(ContentCache value) {
            cache = Optional.ofNullable(value);
            return this;
        }

        /**
         * Where connection slots run. Default: platform threads, because each slot also hashes (pure CPU) and a
         * virtual thread doing that holds its carrier. A fleet of simulated clients may pass
         * {@code Thread.ofVirtual().factory()} instead.
         */
        public Builder threads(ThreadFactory value) {
            threads = Objects.requireNonNull(value);
            return this;
        }

        /** The monotonic time the transfer's scheduling reads (backoffs, circuits, hedges, the deadline). */
        public Builder ticker(Ticker value) {
            ticker = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How free space is counted before a download starts (default: the file system's own count). An
         * application may count less, to keep room for other work on the same disk.
         */
        public Builder diskSpace(DiskSpace value) {
            diskSpace = Objects.requireNonNull(value);
            return this;
        }

        /** For tests: a part file's channel from somewhere else, such as a disk that refuses every write. */
        Builder partFileChannels(PartFile.ChannelOpener value) {
            partFiles = Objects.requireNonNull(value);
            return this;
        }

        /**
         * For tests: how long the disk may take no data while a forced write is waited for (a disk that hangs): the
         * journal's last save, and the part file's force and rename into place at the end ({@link DiskSilence}).
         */
        Builder diskWaitLimit(Duration value) {
            diskWaitLimit = Objects.requireNonNull(value);
            return this;
        }

        /**
         * For tests: what tells whether the disk takes data ({@link DiskSilence#NONE}: never, so the limit is a plain
         * limit; the default reads /proc, where other processes' writes show too).
         */
        Builder diskActivity(DiskSilence.Activity value) {
            Objects.requireNonNull(value);
            diskActivity = file -> value;
            return this;
        }

        public Downloader build() {
            return new Downloader(this);
        }
    }

}
