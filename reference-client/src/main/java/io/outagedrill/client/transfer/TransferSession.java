package io.outagedrill.client.transfer;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.DiskSilence;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.transfer.disk.ChunksOnDisk;
import io.outagedrill.client.transfer.disk.HungWrites;
import io.outagedrill.client.transfer.disk.JournalWriter;
import io.outagedrill.client.transfer.disk.ResumePlan;
import io.outagedrill.client.transfer.disk.ThroughInterrupt;
import io.outagedrill.client.transfer.disk.WholeFileHasher;
import io.outagedrill.client.transfer.http.ReadBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * One download of one target into {@code NAME.part}: a fixed number of connection slots, each a virtual thread
 * that repeatedly takes a waiting chunk, asks the policy for a mirror, fetches and verifies it. A slot whose
 * request fails is not lost: it takes the next chunk from another mirror at once, so the connection count is
 * kept (aria2 drops slow connections for good and can stall at zero).
 *
 * <p>The parts: {@link ResumePlan} decides what on disk is kept, {@link Schedule} holds the chunk board under one
 * lock and hands work to slots, {@link AttemptRunner} runs each attempt outside that lock (bytes are copied and
 * hashed there), {@link AttemptFailures} judges the ones that fail, {@link WholeFileHasher} follows the verified
 * prefix, and this class runs the rounds and puts the verified file in place.
 */
final class TransferSession {
    /**
     * How long a provider whose status page admits an outage stays demoted. Long enough to cover a typical
     * download; bounded so that a page that is wrong (or stays red after the fix) costs at most this much of that
     * mirror's share, not the whole of a long download.
     */
    static final Duration STATUS_OUTAGE_DEMOTION = Duration.ofSeconds(60);
    /**
     * The longest a stopping download waits for its threads (the workers, the progress line, the stall watch), all
     * of them together: one limit each, one after another, would be 30 s times the connections.
     */
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(30);

    private final Target target;
    private final VerifiedManifest manifest;
    private final Path destination;
    private final TransferConfig config;
    /** The download's listener, silent once {@link #run} has ended (see {@link UntilRunEnds}). */
    private final UntilRunEnds listener;
    private final Clock clock;
    private final List<MirrorHealth> mirrors;
    private final FailoverPolicy policy;
    private final Backoff backoff;
    private final RangeFetcher fetcher;
    private final java.util.concurrent.ThreadFactory threads;
    private final Ticker ticker;
    /** The status pages' word: read before the first request, and those still to answer ({@link #lateOutage}). */
    private final StatusFeeds.Verdicts status;
    /** Mirrors whose status page admitted an outage only after the download began. */
    private final Set<MirrorHealth> lateOutages = ConcurrentHashMap.newKeySet();

    private final TransferCounters counters = new TransferCounters();

    private ChunkBoard board;
    private Schedule schedule;
    private AttemptRunner runner;
    private AttemptFailures failures;
    /**
     * This round's 1-byte probes of mirrors cut as stalled or found idle; a new set each round, as the last round's
     * were stopped.
     */
    private ByteProbes probes;
    private PartFile part;
    private final PartFile.ChannelOpener partFiles;
    private final DiskSilence.Rule diskWait;
    private JournalWriter journal;
    private WholeFileHasher hasher;
    private HungWrites hungWrites;
    /** The wait that gave up on a write to the part file that never returned (the disk hung); null until then. */
    private volatile DiskSilence diskHung;
    private long deadlineNanos;
    /**
     * This round's connection threads: the slots, and those started to take over a silent frontier chunk (each of
     * which carries on as a slot once the one it relieved has ended, so the count comes back to the slots').
     */
    private final List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();

    TransferSession(Target target, VerifiedManifest manifest, Path destination, TransferConfig config,
                    OkHttpClient client, DownloadListener listener, Clock clock,
                    java.util.concurrent.ThreadFactory threads, Ticker ticker, StatusFeeds.Verdicts status,
                    PartFile.ChannelOpener partFiles, DiskSilence.Rule diskWait) {
        this.status = status;
        this.partFiles = partFiles;
        this.diskWait = diskWait;
        this.threads = threads;
        this.ticker = ticker;
        this.target = target;
        this.manifest = manifest;
        this.destination = destination;
        this.config = config;
        this.listener = new UntilRunEnds(listener);
        this.clock = clock;
        SplittableRandom random = new SplittableRandom(config.seed());
        this.mirrors = mirrorsFor(target, config, status.outages(), ticker.nanoTime());
        this.policy = Policies.create(config.policy(), random.split());
        this.backoff = new Backoff(config, random.split());
        this.fetcher = new RangeFetcher(client, target, mirrors, clock, config.firstByteTimeout());
    }

    /**
     * Mirrors whose provider's status page admits no outage first, then by priority. A class of its own rather
     * than {@code Comparator.comparing(...).thenComparingInt(...)}: those build their lambdas inside the JDK on
     * first use, which the AOT cache cannot link ahead of time (about 5 ms of the way to the first request).
     */
    private record StatusThenPriority(Set<URI> statusOutages) implements Comparator<Mirror> {
        @Override
        public int compare(Mirror a, Mirror b) {
            int byStatus = Boolean.compare(inOutage(a, statusOutages), inOutage(b, statusOutages));
            return byStatus != 0 ? byStatus : Integer.compare(a.priority(), b.priority());
        }
    }

    /** Whether {@code m}'s provider's status page is among those that admit a major outage. */
    private static boolean inOutage(Mirror m, Set<URI> statusOutages) {
        return m.statusDocument().isPresent() && statusOutages.contains(m.statusDocument().get());
    }

    /**
     * The mirrors in the order policies use: by priority, except that providers whose status page admits a major
     * outage go behind all others (sequential starts elsewhere), and are demoted for a while (parallel and
     * adaptive use them only when no other mirror can take a request). Never dropped: a status page can be wrong.
     */
    /**
     * The target's mirrors the download may use: all of them, or those {@code config}'s pinned mirror names (by
     * provider or host). A pin that names none is the caller's mistake, refused with the mirrors there are; the
     * downloader checks it before any request (status pages included), so no event of the download precedes it.
     */
    static List<Mirror> pinned(Target target, TransferConfig config) {
        if (config.pinnedMirror().isEmpty()) {
            return target.mirrors();
        }
        String pin = config.pinnedMirror().get();
        List<Mirror> chosen = target.mirrors().stream().filter(m -> m.provider().equals(pin) || m.label().equals(pin))
                .toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("the pinned mirror '%s' matches no mirror of %s; its mirrors are: %s"
                    .formatted(pin, target.file(), target.mirrors().stream()
                            .map(m -> m.provider() + " (" + m.label() + ")").collect(Collectors.joining(", "))));
        }
        return chosen;
    }

    private static List<MirrorHealth> mirrorsFor(Target target, TransferConfig config, Set<URI> statusOutages,
                                                  long nowNanos) {
        List<Mirror> ordered = pinned(target, config).stream().sorted(new StatusThenPriority(statusOutages)).toList();
        List<MirrorHealth> list = new ArrayList<>();
        long distinctHosts = ordered.stream().map(Mirror::label).distinct().count();
        for (int i = 0; i < ordered.size(); i++) {
            Mirror m = ordered.get(i);
            MirrorHealth health = new MirrorHealth(m, i, distinctHosts == ordered.size() ? m.label() : m.provider());
            if (inOutage(m, statusOutages)) {
                health.demoteUntil(nowNanos + STATUS_OUTAGE_DEMOTION.toNanos());
            }
            list.add(health);
        }
        return List.copyOf(list);
    }

    /**
     * The download's listener until {@link #run} ends, and nothing after: a connection left blocked in a write to a
     * hung disk (not waited for, so that the download can end) goes on once the disk answers, and told of the chunk
     * it then verified, minutes after the download's failure had been told, to a listener (metrics, a fleet's
     * bookkeeping) for which that download is over. A call under way as the run ends still ends.
     */
    private static final class UntilRunEnds implements DownloadListener {
        private final DownloadListener next;
        private volatile boolean ended;

        UntilRunEnds(DownloadListener next) {
            this.next = next;
        }

        @Override
        public void on(DownloadEvent event) {
            if (!ended) {
                next.on(event);
            }
        }

        void end() {
            ended = true;
        }
    }

    /** Runs the download to a verified file at the destination, or throws saying why not. */
    DownloadResult run() throws IOException {
        try {
            return runToTheEnd();
        } finally {
            listener.end();
        }
    }

    private DownloadResult runToTheEnd() throws IOException {
        long started = ticker.nanoTime();
        deadlineNanos = config.deadline().isZero() ? Long.MAX_VALUE : started + config.deadline().toNanos();
        List<Path> madeFolders = createFolder(destination.toAbsolutePath().getParent());
        part = PartFile.open(destination, partFiles);
        try {
            if (part.replaced().isPresent()) {
                listener.on(new DownloadEvent.RestartedFromScratch(clock.instant(), target.file(),
                        part.replaced().get()));
            }
            JournalState state = new ResumePlan(part, target, manifest, listener, clock).decide();
            int resumed = state.verified().cardinality();
            board = new ChunkBoard(target.chunkCount(), state.verified());
            schedule = new Schedule(board, new ChunkAssigner(board, mirrors, policy, config, target, listener, clock,
                    counters.switches), mirrors, ticker);
            status.listen(this::lateOutage);
            // Read once, while the disk answers (the file was just opened): the waits on it read /proc only.
            DiskSilence.Activity disk = diskWait.activityOf().apply(part.path());
            journal = JournalWriter.forDownload(Journal.beside(part.path()), part, state, diskWait.silence(), disk,
                    replaced -> schedule.failPartFileReplaced(target.file(), replaced));
            hungWrites = new HungWrites(part, () -> diskWait.start(disk).tellingWhenLate(
                    sayDiskWaiting(DownloadEvent.DiskWaiting.WRITE)));
            failures = new AttemptFailures(schedule, mirrors, backoff, config, counters, listener, clock, ticker);
            runner = new AttemptRunner(target, config, fetcher, schedule, failures, counters, part, journal, listener,
                    clock, ticker);
            String sha256 = transferAndVerify();
            // A page that answered now would be told after the download's last event, just below. On every other way
            // out the Downloader, which made the verdicts, closes them before it tells of the failure.
            status.close();
            // One wait for the disk at the end, not one per forced write: a disk that hangs the journal's last save
            // (it forces the part file) hangs the final force too, and get gave up only after twice its limit.
            DiskSilence end = diskWait.start(disk).tellingWhenLate(sayDiskWaiting(DownloadEvent.DiskWaiting.FINISH));
            journal.closeUnsaved(end);
            try {
                part.promote(destination, target.size(), end);
            } catch (PartFile.NotPromoted hung) {
                throw hung.moveStarted() ? hung : hung.withNextRun(("the next run resumes from %s and its journal, "
                        + "fetching again only the chunks verified after the journal's last save")
                        .formatted(part.path().getFileName()));
            }
            Journal.beside(part.path()).delete();
            Duration elapsed = Duration.ofNanos(ticker.nanoTime() - started);
            emit(new DownloadEvent.Completed(clock.instant(), target.file(), destination, target.size(), sha256,
                    elapsed, counters.received.get(), counters.wasted.get(), counters.switches.get()));
            return new DownloadResult(destination, target.file(), target.size(), sha256, elapsed,
                    counters.received.get(), counters.wasted.get(), counters.switches.get(), resumed, false,
                    Optional.empty(), policy.name());
        } catch (IOException | RuntimeException e) {
            if (journal != null) {
                try {
                    journal.close();
                } catch (IOException ignored) {
                    // The failure being reported matters more; the next run re-checks what is on disk.
                }
            }
            if (diskHung != null || part.writingSinceNanos() != 0) {
                // The disk hung under a write (or a write is still under way after the connections were waited
                // for, the download ended first by Ctrl-C or its deadline): removing the part file (or its journal)
                // would hang there too. Both stay, and the next run resumes from them; the close does not wait for
                // the write still blocked.
                part.close();
            } else if (board != null && board.done() == 0) {
                // Nothing verified to resume from (every mirror failed at once, a 404, the wrong file): a part file
                // of zeros and an empty journal would only be left behind for the user to wonder about. Not when
                // the board was never made: the resume check itself failed (Ctrl-C while it re-hashed the chunks
                // an earlier run verified), and those chunks are still on disk for the next run.
                // The journal first, the part file last: both while the part file's lock is held (PartFile.delete).
                try {
                    Journal.beside(part.path()).delete();
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                try {
                    part.delete();
                } catch (PartFile.NotThisFile left) {
                    // Said with the failure: the user finds a file at NAME.part that this download did not remove.
                    if (e instanceof DownloadFailedException failed) {
                        DownloadFailedException said = failed.also(left.getMessage());
                        said.addSuppressed(left);
                        removeIfEmpty(madeFolders); // not empty: the file left is in it; the folders above stay too
                        throw said;
                    }
                    e.addSuppressed(left);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                removeIfEmpty(madeFolders);
            } else if (board == null && nothingToResume()) {
                // Ended before the resume check (interrupted as the download began): a part file this run created
                // holds nothing, and no journal speaks for it; nothing to leave for a later run.
                try {
                    part.delete();
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                removeIfEmpty(madeFolders);
            } else {
                part.close();
            }
            throw e;
        }
    }

    /** Creates {@code folder} and the folders above it that are missing; returns those it made, deepest first. */
    private static List<Path> createFolder(Path folder) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(p);
        }
        Files.createDirectories(folder);
        return missing;
    }

    /**
     * A download that leaves nothing behind leaves no folder it made either (a first {@code -o NEW} whose every
     * mirror failed left NEW empty): each, deepest first, while it is still empty. One that something else has
     * written into since stays, and so do those above it.
     */
    private static void removeIfEmpty(List<Path> madeFolders) {
        for (Path folder : madeFolders) {
            try {
                Files.delete(folder); // refused while anything is in it
            } catch (IOException notEmptyOrGone) {
                return;
            }
        }
    }

    /**
     * An empty part file and no journal beside it. Read by path: the interrupt that ended the download closed the
     * part file's channel, which then tells nothing.
     */
    private boolean nothingToResume() {
        try {
            return Files.isRegularFile(part.path(), LinkOption.NOFOLLOW_LINKS) && Files.size(part.path()) == 0
                    && !Files.exists(Journal.beside(part.path()).path());
        } catch (IOException unknown) {
            return false; // left as it is: the next run looks at it again
        }
    }

    /** Runs the transfer, then checks the whole file; one more round refetches chunks the disk got wrong. */
    private String transferAndVerify() throws IOException {
        for (int round = 1; ; round++) {
            hasher = new WholeFileHasher(part, target.size(), target.file());
            hasher.available(board.verifiedPrefix() == target.chunkCount() ? target.size()
                    : target.chunkStart(board.verifiedPrefix()));
            runner.hashInto(hasher);
            runWorkers();
            String actual = hasher.finish();
            if (actual.equals(target.sha256())) {
                return actual;
            }
            List<Integer> bad = recheckChunksOnDisk();
            if (bad.isEmpty() || round == 2) {
                throw new DownloadFailedException(DownloadFailedException.Reason.INTEGRITY,
                        ("%s: every chunk matched its signed SHA-256 but the whole file hashes to %s, not the signed "
                                + "%s: the manifest is inconsistent; the file was not kept")
                                .formatted(target.file(), actual, target.sha256()), List.of());
            }
            emit(new DownloadEvent.RestartedFromScratch(clock.instant(), target.file(),
                    "%d chunk(s) on disk no longer match their hash; fetching them again".formatted(bad.size())));
        }
    }

    private List<Integer> recheckChunksOnDisk() throws IOException {
        List<Integer> bad = new ArrayList<>();
        ChunksOnDisk disk = new ChunksOnDisk(part, target);
        for (int i = 0; i < target.chunkCount(); i++) {
            if (!disk.matches(i)) {
                bad.add(i);
                int chunk = i;
                schedule.update(() -> board.reopen(chunk));
                journal.unverified(i);
            }
        }
        return bad;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Workers

    private void runWorkers() throws IOException {
        schedule.open();
        probes = new ByteProbes(fetcher, mirrors, failures, schedule, listener, clock, ticker, threads);
        // No more slots than the mirrors take at once: one beyond that would only wait for a free mirror. (A takeover
        // of the frontier chunk needs a free mirror too, so it loses nothing by this.)
        int slots = Math.max(1, Math.min(policy.connections(config), mirrors.size() * config.connectionsPerMirror()));
        workers.clear();
        Thread progress = null;
        Thread stalls = null;
        IOException journalFailed = null;
        try {
            try {
                for (int i = 0; i < slots; i++) {
                    // A ThreadFactory may refuse (null), and starting a thread may fail (out of native threads): the
                    // slots already started are stopped below like any others, and the download ends saying why.
                    Thread worker = Objects.requireNonNull(threads.newThread(() -> work(null)),
                            "the thread factory gave no thread for connection slot " + i);
                    worker.setName("transfer-" + target.file() + "-" + i);
                    worker.start();
                    workers.add(worker);
                }
                progress = Thread.ofVirtual().name("progress-" + target.file()).start(new ProgressReporter(
                        config.progressInterval(), counters.received, this::progressSnapshot, target.size(), listener,
                        clock));
                // Also when relative stalls are not judged: it starts the 1-byte probes the adaptive policy asks for.
                stalls = Thread.ofVirtual().name("stall-watch-" + target.file()).start(this::watchStalls);
            } catch (RuntimeException | Error notStarted) {
                schedule.failInternally(target.file(), notStarted);
            }
            schedule.awaitEnd(target.file(), deadlineNanos, config.deadline());
        } finally {
            schedule.stopAll();
            // Not for connections blocked on a hung disk (or queued behind the write that is): they never end.
            long joinsEnd = System.nanoTime() + (diskHung != null ? 0 : JOIN_LIMIT.toNanos());
            // The stall watch first: it may start a connection to take a chunk over, and once it has ended the list
            // of connections to wait for is complete.
            for (Thread helper : java.util.Arrays.asList(stalls, progress)) {
                if (helper != null) {
                    helper.interrupt();
                    joinQuietly(helper, joinsEnd);
                }
            }
            for (Thread worker : workers) {
                joinQuietly(worker, joinsEnd);
            }
            probes.stop();
            try {
                // A complete transfer's journal goes once the file has its name (run()): no last save on the way.
                if (diskHung != null) {
                    journal.flush(diskHung); // a save under way is given up at once: the disk has been waited for
                } else if (schedule.failure() != null || !schedule.read(board::complete)) {
                    journal.flush();
                }
            } catch (IOException e) {
                journalFailed = e;
            }
        }
        DownloadFailedException failure = schedule.failure();
        if (failure == null && journalFailed == null) {
            return;
        }
        hasher.stop();
        if (failure == null) {
            throw journalFailed;
        }
        // The download's own failure first: a disk too full for the part file is likely too full for the journal
        // too, and "could not write the part file" says more than the journal's error.
        if (journalFailed instanceof JournalWriter.SaveAbandoned abandoned) {
            // Said as well: the user learns the next run fetches again what this one verified last.
            failure = failure.also(abandoned.getMessage());
        }
        if (journalFailed != null) {
            failure.addSuppressed(journalFailed);
        }
        throw failure;
    }

    /**
     * Waits (until {@code endNanos}, the end of {@link #JOIN_LIMIT} for all of them) for a thread told to stop,
     * through an interrupt of this one: a download interrupted (cancelled, or stopped by a signal) still waits for
     * its workers, so that a chunk one of them verified as it stopped is in the journal's last flush. The interrupt
     * is kept.
     */
    private static void joinQuietly(Thread thread, long endNanos) {
        Duration left = Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
        ThroughInterrupt.await(() -> !thread.isAlive(), () -> thread.join(100), left, left);
    }

    /** The attempts the stall watch judges, and the first chunk not yet verified, read under one hold of the lock. */
    private record Judged(int frontier, List<Attempt> live) {
    }

    /**
     * Looks at the attempts in flight a few times per {@code relativeStall} and cuts those {@link StallWatch}
     * judges stalled (waiting for headers or mid-body); their runners then report a STALL like any other. Mirrors
     * cut that way, and those the adaptive policy found idle, are probed with a 1-byte request once their wait is
     * over ({@link ByteProbes}); with {@code relativeStall} zero only that, every 100 ms. Ends when
     * interrupted with the round.
     */
    private void watchStalls() {
        boolean judging = !config.relativeStall().isZero();
        // Taking a silent frontier chunk over is a hedge of a kind, so it goes with them (the adaptive policy's).
        boolean takeovers = policy.hedges(config);
        StallWatch watch = new StallWatch(config.relativeStall().toNanos(), target.chunkSize());
        // Five looks within the frontier chunk's floor for a cut (half the floor). A takeover, due at half of that
        // (StallWatch.takeoverFloorNanos), gets two or three, so it comes up to a tick after it is due.
        long tick = judging
                ? Math.clamp(config.relativeStall().toMillis() / (5L * StallWatch.FRONTIER_FLOOR_DIVISOR), 10, 100)
                : 100;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            try {
                look(judging, takeovers, watch);
            } catch (RuntimeException | Error bug) {
                // A fault here (a thread factory refusing a probe's thread, a bug) ended this thread silently, and
                // with it every stall cut, takeover and probe, and the watch on a hung write: a disk that hung then
                // held the download for as long as it did. It ends the download instead, as a fault of the client's.
                schedule.failInternally(target.file(), bug);
                return;
            }
        }
    }

    /** Tells the listener that the download has waited on its disk at {@code step} (DiskWaiting's steps) this long. */
    private Consumer<Duration> sayDiskWaiting(String step) {
        return waited -> listener.on(new DownloadEvent.DiskWaiting(clock.instant(), target.file(), part.path(), step,
                waited, diskWait.silence()));
    }

    /** One look of the stall watch ({@link #watchStalls}). */
    private void look(boolean judging, boolean takeovers, StallWatch watch) {
        if (judging) {
            Judged now = schedule.read(() -> new Judged(board.verifiedPrefix(),
                    board.live().stream().filter(a -> a.phase.judged()).toList()));
            long total = counters.received.get();
            long nanos = ticker.nanoTime();
            watch.check(now.live(), now.frontier(), total, nanos);
            Attempt silent = takeovers ? watch.takeoverDue(now.live(), now.frontier(), total, nanos) : null;
            if (silent != null) {
                takeOver(silent, nanos);
            }
            cutFirstWaitsOnLateOutages(nanos);
        }
        probes.startDue();
        if (diskHung == null) {
            hungWrites.check().ifPresent(gaveUp -> {
                diskHung = gaveUp;
                schedule.failDiskHung(target.file(), part.path(), gaveUp.why());
            });
        }
    }

    /**
     * A status page that answered only after the download began admits a major or critical outage: its mirrors are
     * demoted as if it had answered in time (parallel and adaptive use them only when no other mirror can take a
     * request; the order sequential follows was set at the start and stays), and a first request still waiting on
     * one of them is cut ({@link #cutFirstWaitsOnLateOutages}). A status page is often slowest in the very incident it reports;
     * without this, a sequential download that started on a blackholed mirror while its page was still loading sat
     * out the whole first-byte limit there.
     */
    private void lateOutage(URI page) {
        long now = ticker.nanoTime();
        for (MirrorHealth m : mirrors) {
            if (m.mirror().statusDocument().filter(page::equals).isPresent()) {
                m.demoteUntil(now + STATUS_OUTAGE_DEMOTION.toNanos());
                lateOutages.add(m);
            }
        }
    }

    /**
     * Cuts the requests waiting for their headers, for at least {@code --relative-stall} (so never with it at 0, as
     * no relative judgement is made then), on a mirror whose status page admitted an outage late and which has not
     * answered once in this download, while some other mirror's page admits none. The page alone never gives a
     * mirror up: one that has served goes on being judged by its own answers (a page can cry wolf), and the cut is
     * a stall like any other, so the mirror must answer a 1-byte request before it gets a chunk again.
     */
    private void cutFirstWaitsOnLateOutages(long nowNanos) {
        if (lateOutages.isEmpty() || mirrors.stream().allMatch(m -> lateOutages.contains(m) || m.abandoned()
                || inOutage(m.mirror(), status.outages()))) {
            return;
        }
        long floor = config.relativeStall().toNanos();
        for (Attempt a : schedule.read(() -> List.copyOf(board.live()))) {
            MirrorHealth on = a.awaiting();
            long waited = nowNanos - a.progressNanos();
            if (a.phase == Attempt.Phase.AWAITING_HEADERS && lateOutages.contains(on) && waited >= floor
                    && Double.isNaN(on.timeToFirstByteMillis()) && !a.cancelled()) {
                a.stall("no response headers for %d ms, and its status page, answering late, admits an outage"
                        .formatted(waited / 1_000_000));
            }
        }
    }

    /**
     * Starts a connection beyond the slots to take over the silent frontier chunk's attempt
     * ({@link ChunkAssigner#takeOver}); it then carries on as a slot, and the slot it relieved ends with its
     * attempt ({@link #work}). Nothing happens when no other mirror is free, or when the thread factory gives no
     * thread: the stall watch still judges the silent attempt.
     */
    private void takeOver(Attempt silent, long judgedSilentAt) {
        try {
            if (!schedule.read(() -> schedule.assigner().canTakeOver(silent, judgedSilentAt, ticker.nanoTime()))) {
                return;
            }
            java.util.concurrent.atomic.AtomicReference<Attempt> first =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread connection = threads.newThread(() -> work(first.get()));
            if (connection == null) {
                return;
            }
            Attempt takeover = schedule.update(() -> schedule.finished() ? null
                    : schedule.assigner().takeOver(silent, judgedSilentAt, ticker.nanoTime(), runner::stopWriting));
            if (takeover == null) {
                return;
            }
            first.set(takeover);
            connection.setName("transfer-" + target.file() + "-takeover-" + takeover.chunk);
            workers.add(connection);
            connection.start();
        } catch (RuntimeException | Error bug) {
            // The takeover tells its switch under the schedule's lock, on the stall watch's thread: a listener that
            // throws an Error there (its exceptions are logged, ListenerGuard), a thread factory that throws, or a
            // thread that cannot start would end the stall watch
            // silently, with the silent attempt set aside and the new one on the board holding its mirror's
            // connection but run by no thread. The chunk would wait for a hedge or the deadline, and no stall be
            // judged again. It ends the download instead, as a fault of the client's own, like a slot's.
            schedule.failInternally(target.file(), bug);
        }
    }

    /**
     * One connection slot: attempt after attempt until the round is over, all read through the slot's one buffer,
     * given back for the next slot, round or download ({@link ReadBuffers}: a direct buffer made per attempt was
     * freed only by a garbage collection, which a small heap seldom runs, so they piled up to the direct-memory
     * limit and each allocation past it forced a full collection). {@code takenOver}, when not null, is the first
     * attempt of a connection started to take a chunk over ({@link #takeOver}); a slot whose chunk was taken over
     * ends with that attempt.
     */
    private void work(Attempt takenOver) {
        ByteBuffer readBuffer = ReadBuffers.SHARED.take();
        try {
            Attempt given = takenOver;
            while (true) {
                Attempt attempt;
                try {
                    attempt = given != null ? given : schedule.next();
                    given = null;
                } catch (RuntimeException | Error bug) {
                    // Choosing the next chunk tells the listener of switches, hedges and half-open circuits under
                    // the schedule's lock: a listener that throws an Error there (its exceptions are logged,
                    // ListenerGuard), or an allocation that fails, would end this
                    // slot silently, holding a connection it never opened, and the download would wait for it
                    // without end. It ends the download instead, as a fault of the client's own.
                    schedule.failInternally(target.file(), bug);
                    return;
                }
                if (attempt == null) {
                    return;
                }
                try {
                    // The policy may have asked for a 1-byte probe of an idle mirror while choosing this attempt's
                    // mirror: started now rather than at the watch's next tick, up to 100 ms later.
                    probes.startDue();
                    runner.execute(attempt, readBuffer);
                } catch (PartFileWriteFailed local) {
                    AttemptFailures.deleteScratch(attempt);
                    schedule.failLocally(target.file(), part.path(), local.getCause());
                    return;
                } catch (RuntimeException | Error bug) {
                    // A fault of the client's own, not of a mirror: the download ends now and says so, instead of
                    // waiting without end for the chunks this slot would have fetched.
                    schedule.failInternally(target.file(), bug);
                    return;
                } finally {
                    attempt.mirror.release(ticker.nanoTime());
                    schedule.wake();
                }
                if (relieved(attempt)) {
                    // The connection that took a chunk of this run over carries on in this slot's place.
                    return;
                }
            }
        } finally {
            ReadBuffers.SHARED.give(readBuffer);
        }
    }

    /** Whether a chunk of {@code run} (its first, or one that followed on its response) was taken over. */
    private static boolean relieved(Attempt run) {
        if (run.superseded()) {
            return true;
        }
        for (Attempt follower : run.followers) {
            if (follower.superseded()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Verified bytes and the mirrors with open connections, read under the lock for the progress line. */
    private ProgressReporter.Snapshot progressSnapshot() {
        return schedule.read(() -> new ProgressReporter.Snapshot(
                Math.min((long) board.done() * target.chunkSize(), target.size()),
                mirrors.stream().filter(m -> m.active() > 0).map(MirrorHealth::label).toList()));
    }

    private void emit(DownloadEvent event) {
        listener.on(event);
    }
}
