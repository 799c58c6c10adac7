package io.outagedrill.client.transfer;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * One download of one target into {@code NAME.part}: a fixed number of connection slots, each a virtual thread
 * that repeatedly takes a waiting chunk, asks the policy for a mirror, fetches and verifies it. A slot whose
 * request fails is not lost: it takes the next chunk from another mirror at once, so the connection count is
 * kept (aria2 drops slow connections for good and can stall at zero).
 *
 * <p>Scheduling state lives under one lock; bytes are copied and hashed outside it.
 */
final class TransferSession {
    private static final long IDLE_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Target target;
    private final VerifiedManifest manifest;
    private final Path destination;
    private final TransferConfig config;
    private final DownloadListener listener;
    private final Clock clock;
    private final List<MirrorHealth> mirrors;
    private final FailoverPolicy policy;
    private final Backoff backoff;
    private final RangeFetcher fetcher;
    private final java.util.concurrent.ThreadFactory threads;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong bytesWasted = new AtomicLong();
    private final AtomicInteger switches = new AtomicInteger();
    private final AtomicInteger attemptCounter = new AtomicInteger();

    private ChunkBoard board;
    private ChunkAssigner assigner;
    private Object[] chunkLocks;
    private PartFile part;
    private JournalWriter journal;
    private WholeFileHasher hasher;
    private boolean finished;
    private DownloadFailedException failure;
    private long deadlineNanos;

    TransferSession(Target target, VerifiedManifest manifest, Path destination, TransferConfig config,
                    OkHttpClient client, DownloadListener listener, Clock clock,
                    java.util.concurrent.ThreadFactory threads) {
        this.threads = threads;
        this.target = target;
        this.manifest = manifest;
        this.destination = destination;
        this.config = config;
        this.listener = listener;
        this.clock = clock;
        SplittableRandom random = new SplittableRandom(config.seed());
        this.mirrors = mirrorsFor(target, config);
        this.policy = Policies.create(config.policy(), random.split());
        this.backoff = new Backoff(config, random.split());
        this.fetcher = new RangeFetcher(client, target, mirrors, clock);
    }

    private static List<MirrorHealth> mirrorsFor(Target target, TransferConfig config) {
        List<Mirror> ordered = target.mirrors().stream()
                .sorted(Comparator.comparingInt(Mirror::priority)).toList();
        if (config.pinnedMirror().isPresent()) {
            String pin = config.pinnedMirror().get();
            ordered = ordered.stream().filter(m -> m.provider().equals(pin) || m.label().equals(pin)).toList();
            if (ordered.isEmpty()) {
                throw new IllegalArgumentException("--mirror %s matches no mirror of %s; its mirrors are: %s"
                        .formatted(pin, target.file(), target.mirrors().stream()
                                .map(m -> m.provider() + " (" + m.label() + ")").collect(Collectors.joining(", "))));
            }
        }
        List<MirrorHealth> list = new ArrayList<>();
        long distinctHosts = ordered.stream().map(Mirror::label).distinct().count();
        for (int i = 0; i < ordered.size(); i++) {
            Mirror m = ordered.get(i);
            list.add(new MirrorHealth(m, i, distinctHosts == ordered.size() ? m.label() : m.provider()));
        }
        return List.copyOf(list);
    }

    /** Runs the download to a verified file at the destination, or throws saying why not. */
    DownloadResult run() throws IOException {
        long started = System.nanoTime();
        deadlineNanos = config.deadline().isZero() ? Long.MAX_VALUE : started + config.deadline().toNanos();
        Files.createDirectories(destination.toAbsolutePath().getParent());
        part = PartFile.open(destination);
        try {
            JournalState state = new ResumePlan(part, target, manifest, listener, clock).decide();
            state.etags().forEach((url, etag) -> mirrors.stream()
                    .filter(m -> m.mirror().url().toString().equals(url)).forEach(m -> m.etag(etag)));
            int resumed = state.verified().cardinality();
            board = new ChunkBoard(target.chunkCount(), state.verified());
            assigner = new ChunkAssigner(board, mirrors, policy, config, target, listener, clock, switches);
            chunkLocks = new Object[target.chunkCount()];
            for (int i = 0; i < chunkLocks.length; i++) {
                chunkLocks[i] = new Object();
            }
            journal = new JournalWriter(Journal.beside(part.path()), part, state);
            String sha256 = transferAndVerify();
            journal.close();
            part.truncate(target.size());
            part.promote(destination);
            Journal.beside(part.path()).delete();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            emit(new DownloadEvent.Completed(clock.instant(), target.file(), destination, target.size(), sha256,
                    elapsed, bytesReceived.get(), bytesWasted.get(), switches.get()));
            return new DownloadResult(destination, target.file(), target.size(), sha256, elapsed,
                    bytesReceived.get(), bytesWasted.get(), switches.get(), resumed, false, Optional.empty(),
                    policy.name());
        } catch (IOException | RuntimeException e) {
            if (journal != null) {
                try {
                    journal.close();
                } catch (IOException ignored) {
                    // The failure being reported matters more; the next run re-checks what is on disk.
                }
            }
            part.close();
            throw e;
        }
    }

    /** Runs the transfer, then checks the whole file; one more round refetches chunks the disk got wrong. */
    private String transferAndVerify() throws IOException {
        for (int round = 1; ; round++) {
            hasher = new WholeFileHasher(part, target.size(), target.file());
            hasher.available(board.verifiedPrefix() == target.chunkCount() ? target.size()
                    : target.chunkStart(board.verifiedPrefix()));
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
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < target.chunkCount(); i++) {
            MessageDigest digest = Sha256.newDigest();
            long position = target.chunkStart(i);
            long end = position + target.chunkLength(i);
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = part.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                buffer.flip();
                digest.update(buffer);
                position += n;
            }
            if (!Sha256.hex(digest.digest()).equals(target.chunks().get(i))) {
                bad.add(i);
                lock.lock();
                try {
                    board.reopen(i);
                } finally {
                    lock.unlock();
                }
                journal.unverified(i);
            }
        }
        return bad;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Workers

    private void runWorkers() throws IOException {
        lock.lock();
        try {
            finished = false;
            failure = null;
        } finally {
            lock.unlock();
        }
        int slots = Math.max(1, policy.connections(config));
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            Thread worker = threads.newThread(this::work);
            worker.setName("transfer-" + target.file() + "-" + i);
            worker.start();
            workers.add(worker);
        }
        Thread progress = Thread.ofVirtual().name("progress-" + target.file()).start(new ProgressReporter(
                config.progressInterval(), bytesReceived, this::progressSnapshot, target.size(), listener, clock));
        try {
            awaitEnd();
        } finally {
            stopAll();
            for (Thread worker : workers) {
                joinQuietly(worker);
            }
            progress.interrupt();
            joinQuietly(progress);
            journal.flush();
        }
        if (failure != null) {
            hasher.stop();
            throw failure;
        }
    }

    private void awaitEnd() {
        lock.lock();
        try {
            while (!board.complete() && failure == null) {
                long now = System.nanoTime();
                if (now >= deadlineNanos) {
                    fail(DownloadFailedException.Reason.DEADLINE, "%s: not finished within the deadline of %s"
                            .formatted(target.file(), config.deadline()));
                    break;
                }
                changed.awaitNanos(Math.min(IDLE_RECHECK_NANOS, deadlineNanos - now));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(DownloadFailedException.Reason.INTERRUPTED, target.file() + ": interrupted");
        } finally {
            lock.unlock();
        }
    }

    private void stopAll() {
        lock.lock();
        try {
            finished = true;
            for (int i = 0; i < board.size(); i++) {
                board.attempts(i).forEach(Attempt::cancel);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        while (true) {
            Attempt attempt = nextAttempt();
            if (attempt == null) {
                return;
            }
            try {
                execute(attempt);
            } finally {
                attempt.mirror.release();
                lock.lock();
                try {
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Blocks until there is work for a connection slot; null when the download is over. */
    private Attempt nextAttempt() {
        lock.lock();
        try {
            while (!finished && failure == null && !board.complete()) {
                long now = System.nanoTime();
                Attempt attempt = assigner.next(now);
                if (attempt != null) {
                    return attempt;
                }
                String stuck = assigner.whyStuck();
                if (stuck != null) {
                    fail(DownloadFailedException.Reason.ALL_MIRRORS_FAILED, stuck);
                    return null;
                }
                long wake = mirrors.stream().mapToLong(m -> m.availableAtNanos(now)).min().orElse(Long.MAX_VALUE);
                long wait = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(IDLE_RECHECK_NANOS, wake - now));
                changed.awaitNanos(wait);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void fail(DownloadFailedException.Reason reason, String message) {
        if (failure == null) {
            failure = new DownloadFailedException(reason, message, List.of());
        }
        changed.signalAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // One attempt

    private void execute(Attempt attempt) {
        int chunk = attempt.chunk;
        long done = attempt.continuing == null ? 0 : attempt.continuing.bytes();
        long offset = target.chunkStart(chunk) + done;
        long length = target.chunkLength(chunk) - done;
        emit(new DownloadEvent.AttemptStarted(clock.instant(), attempt.mirror.label(), chunk, offset, length,
                attemptCounter.incrementAndGet()));
        OpenedRange opened;
        try {
            opened = fetcher.open(attempt.mirror, offset, length, attempt::call);
        } catch (RangeFetcher.AttributedFailure f) {
            failed(attempt, f.mirror(), f);
            return;
        } catch (FetchFailure f) {
            failed(attempt, attempt.mirror, f);
            return;
        }
        MirrorHealth served = opened.servedBy();
        try (opened) {
            emit(new DownloadEvent.FirstByte(clock.instant(), served.label(), chunk,
                    Duration.ofNanos(opened.ttfbNanos())));
            served.etag().ifPresent(etag -> journal.etag(served.mirror().url().toString(), etag));
            BodyReader reader = new BodyReader(opened.response().body().source(), config.stallTimeout(),
                    config.minSpeed(), config.speedWindow());
            boolean askedWholeFile = offset == 0 && length == target.size();
            if (opened.wholeFile() && !askedWholeFile) {
                if (attempt.continuing != null) {
                    // The whole file arrived instead of the rest of the chunk: start the chunk over in the stream.
                    attempt.continuing = null;
                }
                if (config.rangeIgnored() == TransferConfig.RangeIgnoredAction.DROP) {
                    throw new FetchFailure(FailureKind.RANGE_IGNORED,
                            "ignores Range (answered 200 with the whole file); not used, as configured");
                }
                if (worthStreaming(attempt, served)) {
                    streamWholeFile(attempt, served, reader, opened.ttfbNanos());
                } else {
                    keepAsLastResort(attempt, served);
                }
                return;
            }
            receiveChunk(attempt, served, reader, opened.ttfbNanos());
        } catch (FetchFailure f) {
            failed(attempt, served, f);
        } catch (IOException e) {
            failed(attempt, served, new FetchFailure(FailureKind.IO, "could not store the data: " + e.getMessage(), e));
        }
    }

    private void receiveChunk(Attempt attempt, MirrorHealth served, BodyReader reader, long ttfb)
            throws FetchFailure, IOException {
        int chunk = attempt.chunk;
        ChunkBoard.Partial started = attempt.continuing;
        long done = started == null ? 0 : started.bytes();
        long offset = target.chunkStart(chunk) + done;
        long length = target.chunkLength(chunk) - done;
        MessageDigest digest = started == null ? Sha256.newDigest() : started.digestCopy();
        FileChannel scratch = attempt.hedge ? openScratch(attempt) : null;
        try {
            long[] position = {offset};
            try {
                reader.read(length, (buffer, n) -> {
                    digest.update(buffer, 0, n);
                    if (scratch != null) {
                        ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, n);
                        while (wrapped.hasRemaining()) {
                            scratch.write(wrapped);
                        }
                    } else {
                        writeOwned(attempt, buffer, n, position[0]);
                    }
                    position[0] += n;
                }, n -> received(attempt, served, n));
            } catch (FetchFailure f) {
                keepStartedPart(attempt, served, f, done, digest);
                throw f;
            }
            if (reader.hasMoreThanAsked()) {
                throw new FetchFailure(FailureKind.TOO_MUCH_DATA,
                        "kept sending after the %d bytes asked for chunk %d (endless data); response dropped"
                                .formatted(length, chunk));
            }
            String actual = Sha256.hex(digest.digest());
            if (!actual.equals(target.chunks().get(chunk))) {
                String which = started == null ? ""
                        : " (its first %d bytes came from %s, so neither mirror is blamed; fetching it whole)"
                                .formatted(done, started.startedOn().label());
                throw new FetchFailure(FailureKind.CORRUPT, "chunk %d failed its SHA-256 (got %s…, signed %s…)%s"
                        .formatted(chunk, actual.substring(0, 12), target.chunks().get(chunk).substring(0, 12),
                                which));
            }
        } finally {
            if (scratch != null) {
                scratch.close();
            }
        }
        verified(attempt, served, ttfb);
    }

    /**
     * A connection that broke mid-chunk (cut, stalled, too slow) leaves good bytes behind: keep them, with the
     * digest so far, so the next mirror is asked only for the rest of the range.
     */
    private void keepStartedPart(Attempt attempt, MirrorHealth served, FetchFailure f, long done,
                                 MessageDigest digest) {
        boolean brokeMidStream = f.kind() == FailureKind.TRUNCATED || f.kind() == FailureKind.STALL
                || f.kind() == FailureKind.TOO_SLOW;
        long now = done + attempt.bytes.get();
        if (!brokeMidStream || attempt.hedge || attempt.cancelled() || now <= done) {
            return;
        }
        ChunkBoard.Partial partial = new ChunkBoard.Partial(now, digest,
                attempt.continuing == null ? served : attempt.continuing.startedOn());
        lock.lock();
        try {
            attempt.keptBytes = attempt.bytes.get();
            board.partial(attempt.chunk, partial);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The mirror ignored Range and sent the whole file: read it as one stream, keeping (and verifying) each chunk
     * nobody else has, skipping the rest, until no chunk is left for it.
     */
    private void streamWholeFile(Attempt first, MirrorHealth served, BodyReader reader, long ttfb)
            throws FetchFailure, IOException {
        for (int chunk = 0; chunk < target.chunkCount(); chunk++) {
            long length = target.chunkLength(chunk);
            Attempt owned = chunk == first.chunk ? first : claim(chunk, served);
            if (owned == null) {
                // Past the asked chunk, skipping is waste whenever a mirror with Range can fetch what is left.
                if (chunk > first.chunk && (!anyClaimableFrom(chunk + 1, served) || rangedAlternative(chunk, served))) {
                    return;
                }
                reader.skip(length, n -> {
                    bytesReceived.addAndGet(n);
                    bytesWasted.addAndGet(n);
                });
                continue;
            }
            MessageDigest digest = Sha256.newDigest();
            long[] position = {target.chunkStart(chunk)};
            try {
                reader.read(length, (buffer, n) -> {
                    digest.update(buffer, 0, n);
                    writeOwned(owned, buffer, n, position[0]);
                    position[0] += n;
                }, n -> received(owned, served, n));
                String actual = Sha256.hex(digest.digest());
                if (!actual.equals(target.chunks().get(chunk))) {
                    throw new FetchFailure(FailureKind.CORRUPT, "chunk %d failed its SHA-256 (whole-file stream)"
                            .formatted(chunk));
                }
            } catch (FetchFailure f) {
                if (owned != first) {
                    failed(owned, served, f);
                }
                throw f;
            }
            verified(owned, served, ttfb);
        }
    }

    /**
     * A whole-file answer is worth reading only if the chunks it starts with are still needed: reading past
     * chunks other mirrors already served is waste. When a mirror with Range can serve instead, a stream that
     * would skip more than two chunks is dropped and the no-Range mirror kept as a last resort.
     */
    private boolean worthStreaming(Attempt attempt, MirrorHealth served) {
        lock.lock();
        try {
            if (!assigner.rangedMirrorCanServe(attempt.chunk, served)) {
                return true; // the only way left: read it, however much must be skipped
            }
            int firstNeeded = attempt.chunk;
            for (int c = board.firstPending(0); c >= 0 && c < firstNeeded; c = board.firstPending(c + 1)) {
                if (!board.blamed(c, served)) {
                    firstNeeded = c;
                    break;
                }
            }
            return target.chunkStart(firstNeeded) <= 2 * target.chunkSize();
        } finally {
            lock.unlock();
        }
    }

    /** Hands the chunk back without blaming the mirror: it is healthy, it just cannot serve ranges. */
    private void keepAsLastResort(Attempt attempt, MirrorHealth served) {
        String why = "ignores Range (answered 200 with the whole file); kept as a last resort, read as one stream "
                + "only when no mirror with Range can serve";
        lock.lock();
        try {
            board.fail(attempt, served.label() + ": " + why);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        bytesWasted.addAndGet(attempt.bytes.get());
        emit(new DownloadEvent.MirrorFailed(clock.instant(), served.label(), FailureKind.RANGE_IGNORED, why,
                served.consecutiveFailures()));
    }

    private boolean rangedAlternative(int chunk, MirrorHealth served) {
        lock.lock();
        try {
            return assigner.rangedMirrorCanServe(chunk, served);
        } finally {
            lock.unlock();
        }
    }

    private Attempt claim(int chunk, MirrorHealth mirror) {
        lock.lock();
        try {
            if (finished || board.state(chunk) != ChunkBoard.State.PENDING || board.blamed(chunk, mirror)) {
                return null;
            }
            Attempt attempt = new Attempt(chunk, mirror, false);
            board.start(attempt);
            return attempt;
        } finally {
            lock.unlock();
        }
    }

    private boolean anyClaimableFrom(int from, MirrorHealth mirror) {
        lock.lock();
        try {
            for (int c = board.firstPending(from); c >= 0; c = board.firstPending(c + 1)) {
                if (!board.blamed(c, mirror)) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Writes into the part file, unless a hedge has won this chunk meanwhile (then the attempt stops). */
    private void writeOwned(Attempt attempt, byte[] buffer, int n, long position) throws IOException {
        synchronized (chunkLocks[attempt.chunk]) {
            if (attempt.cancelled()) {
                throw new IOException("cancelled");
            }
            part.write(ByteBuffer.wrap(buffer, 0, n), position);
        }
    }

    private void received(Attempt attempt, MirrorHealth served, long n) {
        long total = attempt.bytes.addAndGet(n);
        bytesReceived.addAndGet(n);
        if ((total & ((1 << 20) - 1)) < n) {
            served.sampleThroughput(total, System.nanoTime() - attempt.startedNanos);
        }
    }

    private FileChannel openScratch(Attempt attempt) throws IOException {
        attempt.scratch = Files.createTempFile(part.path().toAbsolutePath().getParent(),
                "." + target.file() + ".hedge-" + attempt.chunk + "-", ".tmp");
        return FileChannel.open(attempt.scratch, StandardOpenOption.WRITE);
    }

    private void verified(Attempt attempt, MirrorHealth served, long ttfb) throws IOException {
        int chunk = attempt.chunk;
        long length = target.chunkLength(chunk);
        if (attempt.hedge) {
            lock.lock();
            try {
                if (board.state(chunk) == ChunkBoard.State.DONE || finished) {
                    lostRace(attempt, length);
                    return;
                }
                // Stop the slow copy from writing before this one is copied into place.
                board.attempts(chunk).stream().filter(a -> a != attempt).forEach(Attempt::cancel);
            } finally {
                lock.unlock();
            }
            synchronized (chunkLocks[chunk]) {
                try (FileChannel scratch = FileChannel.open(attempt.scratch, StandardOpenOption.READ)) {
                    long copied = 0;
                    while (copied < length) {
                        copied += scratch.transferTo(copied, length - copied,
                                new PositionedChannel(part, target.chunkStart(chunk) + copied));
                    }
                }
                Files.deleteIfExists(attempt.scratch);
            }
        }
        List<Attempt> losers;
        lock.lock();
        try {
            if (board.state(chunk) == ChunkBoard.State.DONE) {
                lostRace(attempt, length);
                return;
            }
            losers = board.finish(attempt);
            hasher.available(board.verifiedPrefix() == board.size() ? target.size()
                    : target.chunkStart(board.verifiedPrefix()));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        losers.forEach(Attempt::cancel);
        CircuitState before = served.onSuccess(length, System.nanoTime() - attempt.startedNanos, ttfb);
        if (before != CircuitState.CLOSED) {
            emit(new DownloadEvent.CircuitChanged(clock.instant(), served.label(), "closed",
                    "served chunk %d correctly".formatted(chunk)));
        }
        journal.verified(chunk);
        emit(new DownloadEvent.ChunkVerified(clock.instant(), served.label(), chunk, length));
    }

    private void lostRace(Attempt attempt, long length) throws IOException {
        board.fail(attempt, "another copy finished first");
        bytesWasted.addAndGet(length);
        if (attempt.scratch != null) {
            Files.deleteIfExists(attempt.scratch);
        }
    }

    private void failed(Attempt attempt, MirrorHealth mirror, FetchFailure f) {
        bytesWasted.addAndGet(attempt.bytes.get() - attempt.keptBytes);
        if (attempt.scratch != null) {
            try {
                Files.deleteIfExists(attempt.scratch);
            } catch (IOException ignored) {
                // A stray temp file beside the part file is harmless and the next run's clean-up target.
            }
        }
        if (attempt.cancelled()) {
            lock.lock();
            try {
                board.fail(attempt, "cancelled");
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return;
        }
        long now = System.nanoTime();
        FailureKind kind = f.kind();
        if (kind == FailureKind.CORRUPT && attempt.continuing != null) {
            // Two mirrors' bytes in one chunk: which one lied is unknown, so blame nobody and refetch it whole.
            bytesWasted.addAndGet(attempt.continuing.bytes());
            lock.lock();
            try {
                board.fail(attempt, f.getMessage());
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            emit(new DownloadEvent.ChunkRejected(clock.instant(), mirror.label(), attempt.chunk, kind,
                    f.getMessage(), attempt.bytes.get() + attempt.continuing.bytes()));
            return;
        }
        boolean abandoned;
        boolean opened;
        Duration wait;
        List<MirrorHealth> lowered = new ArrayList<>();
        lock.lock();
        try {
            opened = mirror.circuit() != CircuitState.OPEN;
            board.fail(attempt, mirror.label() + ": " + f.getMessage());
            if (kind == FailureKind.CORRUPT || kind.untrustworthy()) {
                board.blame(attempt.chunk, mirror); // never fetch this chunk again from the mirror that lied
            }
            if (kind == FailureKind.HTTP_STATUS && f.retryAfter().isPresent()) {
                wait = backoff.delay(1, f.retryAfter());
                abandoned = mirror.onAskedToWait(f.getMessage(), wait, now);
            } else {
                wait = backoff.delay(mirror.consecutiveFailures() + 1, f.retryAfter());
                abandoned = mirror.onFailure(kind, f.getMessage(), wait, now, config.maxRetriesPerMirror(),
                        config.maxCorruptChunks());
            }
            if (kind == FailureKind.RANGE_IGNORED) {
                abandoned |= mirror.abandon(f.getMessage());
            }
            for (MirrorHealth sibling : mirrors) {
                boolean sameGroup = sibling != mirror && sibling.mirror().group().equals(mirror.mirror().group());
                if (sameGroup && (kind.pointsAtGroup() || sibling.consecutiveFailures() > 0)) {
                    sibling.demoteUntil(now + wait.toNanos());
                    lowered.add(sibling);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (kind == FailureKind.CORRUPT) {
            emit(new DownloadEvent.ChunkRejected(clock.instant(), mirror.label(), attempt.chunk, kind,
                    f.getMessage(), attempt.bytes.get()));
        }
        String groupNote = lowered.isEmpty() ? "" : "; lowering the rest of failure group '%s' (%s)".formatted(
                mirror.mirror().group(), lowered.stream().map(MirrorHealth::label).collect(Collectors.joining(", ")));
        emit(new DownloadEvent.MirrorFailed(clock.instant(), mirror.label(), kind, f.getMessage() + groupNote,
                mirror.consecutiveFailures()));
        if (opened && !abandoned) {
            emit(new DownloadEvent.CircuitChanged(clock.instant(), mirror.label(), "open",
                    "%d failure(s) in a row; no requests for %d ms".formatted(mirror.consecutiveFailures(),
                            wait.toMillis())));
        }
        if (abandoned) {
            emit(new DownloadEvent.MirrorAbandoned(clock.instant(), mirror.label(),
                    mirror.abandonedReason().orElse(f.getMessage())));
        } else {
            emit(new DownloadEvent.BackoffStarted(clock.instant(), mirror.label(), wait, f.getMessage()));
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Verified bytes and the mirrors with open connections, read under the lock for the progress line. */
    private ProgressReporter.Snapshot progressSnapshot() {
        lock.lock();
        try {
            return new ProgressReporter.Snapshot(Math.min((long) board.done() * target.chunkSize(), target.size()),
                    mirrors.stream().filter(m -> m.active() > 0).map(MirrorHealth::label).toList());
        } finally {
            lock.unlock();
        }
    }

    private void emit(DownloadEvent event) {
        listener.on(event);
    }
}
