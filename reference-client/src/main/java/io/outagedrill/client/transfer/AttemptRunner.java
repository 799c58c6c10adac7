package io.outagedrill.client.transfer;

import io.outagedrill.client.Printable;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.transfer.disk.JournalWriter;
import io.outagedrill.client.transfer.disk.WholeFileHasher;
import io.outagedrill.client.transfer.http.BodyReader;
import io.outagedrill.client.transfer.http.FetchFailure;
import io.outagedrill.client.transfer.http.ReadBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Call;

/**
 * Runs one attempt: a ranged request for (the rest of) a chunk on the mirror the assigner chose, and for the
 * chunks queued behind it ({@link Attempt#followers}), its bytes hashed while they stream and written into the part
 * file (a hedge writes to a scratch file until it wins), each chunk marked verified only when its signed SHA-256
 * matches. A mirror that ignores Range is read as one stream, verified chunk by chunk, or kept as a last resort.
 * Failures go to {@link AttemptFailures}.
 */
final class AttemptRunner {
    private final Target target;
    private final TransferConfig config;
    private final RangeFetcher fetcher;
    private final Schedule schedule;
    private final AttemptFailures failures;
    private final TransferCounters counters;
    private final PartFile part;
    private final JournalWriter journal;
    private final DownloadListener listener;
    private final Clock clock;
    private final Ticker ticker;
    /**
     * One lock per chunk: a winning hedge copies its bytes in while the slow copy may still be writing. Locks, not
     * monitors: a writer holding one waits for the part file's own lock and does file I/O, and on JDK 21 a virtual
     * thread (the harness runs its in-process clients on them) waiting inside {@code synchronized} pins its carrier,
     * so a few such waits could hold every carrier of a fleet.
     */
    private final ReentrantLock[] chunkLocks;
    private volatile WholeFileHasher hasher;

    AttemptRunner(Target target, TransferConfig config, RangeFetcher fetcher, Schedule schedule,
                  AttemptFailures failures, TransferCounters counters, PartFile part, JournalWriter journal,
                  DownloadListener listener, Clock clock, Ticker ticker) {
        this.target = target;
        this.config = config;
        this.fetcher = fetcher;
        this.schedule = schedule;
        this.failures = failures;
        this.counters = counters;
        this.part = part;
        this.journal = journal;
        this.listener = listener;
        this.clock = clock;
        this.ticker = ticker;
        this.chunkLocks = new ReentrantLock[target.chunkCount()];
        for (int i = 0; i < chunkLocks.length; i++) {
            chunkLocks[i] = new ReentrantLock();
        }
    }

    /** The whole-file hasher of the current round, told each time the verified prefix grows. */
    void hashInto(WholeFileHasher value) {
        this.hasher = value;
    }

    /**
     * Runs {@code attempt} to a verified chunk, or to a failure that {@link AttemptFailures} judges, reading the
     * body through {@code readBuffer} (its connection slot's, from {@link ReadBuffers}).
     */
    void execute(Attempt attempt, ByteBuffer readBuffer) {
        try {
            executeRun(attempt, readBuffer);
        } finally {
            handBackQueued(attempt.followers);
        }
    }

    private void executeRun(Attempt attempt, ByteBuffer readBuffer) {
        int chunk = attempt.chunk;
        long done = attempt.continuing == null ? 0 : attempt.continuing.bytes();
        long offset = target.chunkStart(chunk) + done;
        long length = target.chunkLength(chunk) - done;
        long asked = length;
        for (Attempt follower : attempt.followers) {
            asked += target.chunkLength(follower.chunk);
        }
        emit(new DownloadEvent.AttemptStarted(clock.instant(), attempt.mirror.label(), chunk, offset, length,
                counters.attempts.incrementAndGet()));
        OpenedRange opened;
        // Judged by StallWatch while the headers are awaited: a frozen mirror accepts the connection and never
        // answers, and its peers' bytes meanwhile are the evidence.
        attempt.progressed(ticker.nanoTime(), counters.received.get());
        attempt.phase = Attempt.Phase.AWAITING_HEADERS;
        try {
            opened = fetcher.open(attempt.mirror, offset, asked,
                    (call, to) -> attempt.call(call, to, ticker.nanoTime(), counters.received.get()));
        } catch (RangeFetcher.AttributedFailure f) {
            failures.failed(attempt, f.mirror(), onMirror(attempt, f.mirror(), f));
            return;
        } catch (FetchFailure f) {
            failures.failed(attempt, attempt.mirror, onMirror(attempt, attempt.mirror, f));
            return;
        } finally {
            attempt.phase = Attempt.Phase.IDLE;
        }
        MirrorHealth served = opened.servedBy();
        if (served != attempt.mirror) {
            served.busyAt(ticker.nanoTime()); // serving a redirected request: not idle, for the adaptive policy
        }
        try (opened; BodyReader reader = new BodyReader(opened.response(), opened.call(), readBuffer,
                config.stallTimeout(), config.minSpeed(), config.speedWindow())) {
            emit(new DownloadEvent.FirstByte(clock.instant(), served.label(), chunk,
                    Duration.ofNanos(opened.ttfbNanos())));
            served.etag().ifPresent(etag -> journal.etag(served.mirror().url().toString(), etag));
            boolean askedWholeFile = offset == 0 && asked == target.size();
            if (opened.wholeFile() && !askedWholeFile) {
                // The stream below claims the waiting chunks it passes, the followers' too.
                handBackQueued(attempt.followers);
                if (attempt.continuing != null) {
                    // The whole file arrived instead of the rest of the chunk: start the chunk over in the stream.
                    attempt.continuing = null;
                }
                if (config.rangeIgnored() == TransferConfig.RangeIgnoredAction.DROP) {
                    throw new FetchFailure(FailureKind.RANGE_IGNORED,
                            "ignores Range (answered 200 with the whole file); not used, as configured");
                }
                // A hedge never streams: the stream writes the part file directly, where the attempt it races owns
                // the chunk, and a hedge has no scratch file to copy from when it wins. It is handed back; the
                // first attempt keeps the chunk.
                if (attempt.hedge || !worthStreaming(attempt, served)) {
                    keepAsLastResort(attempt, served);
                } else if (!served.claimWholeFileStream()) {
                    // Asked at the same moment as the connection now reading the whole file: left unread, the
                    // chunk goes back, and that stream takes it as it passes.
                    schedule.release(attempt, served.label() + ": ignores Range; another connection is reading "
                            + "its whole file");
                } else {
                    try {
                        attempt.phase = Attempt.Phase.STREAMING_WHOLE_FILE;
                        streamWholeFile(attempt, served, reader, opened.ttfbNanos());
                    } finally {
                        served.wholeFileStreamEnded();
                    }
                }
                return;
            }
            // Judged by StallWatch from here on.
            attempt.socket = opened.socket();
            attempt.progressed(ticker.nanoTime(), counters.received.get());
            attempt.phase = Attempt.Phase.RECEIVING;
            receiveRun(attempt, served, reader, opened);
        } catch (FetchFailure f) {
            failures.failed(attempt, served, onMirror(attempt, served, f));
        } catch (IOException e) {
            failures.failed(attempt, served,
                    new FetchFailure(FailureKind.IO, "could not store the data: " + e.getMessage(), e));
        }
    }

    /**
     * Reads the first chunk of the response, then each follower's in turn, each verified on its own. A failure is
     * the failure of the chunk being read; the followers not reached are handed back by {@link #execute}.
     */
    private void receiveRun(Attempt first, MirrorHealth served, BodyReader reader, OpenedRange opened)
            throws FetchFailure, IOException {
        List<Attempt> followers = first.followers;
        receiveChunk(first, served, reader, opened.ttfbNanos(), followers.isEmpty());
        Attempt done = first;
        for (int i = 0; i < followers.size(); i++) {
            done.phase = Attempt.Phase.IDLE;
            Attempt next = followers.get(i);
            // The call is shared: a hedge that beat the chunk just read, or a stall judged on it late, cancels it
            // for all. A mirror given up meanwhile (a changed ETag, too many corrupt chunks) gets no more chunks.
            if (next.cancelled() || schedule.finished() || opened.call().isCanceled() || served.abandoned()) {
                return;
            }
            next.socket = opened.socket();
            next.begin(opened.call(), ticker.nanoTime(), counters.received.get());
            emit(new DownloadEvent.AttemptStarted(clock.instant(), next.mirror.label(), next.chunk,
                    target.chunkStart(next.chunk), target.chunkLength(next.chunk),
                    counters.attempts.incrementAndGet(), true));
            try {
                receiveChunk(next, served, reader, opened.ttfbNanos(), i == followers.size() - 1);
            } catch (FetchFailure f) {
                endFollower(next, served, opened.call(), onMirror(next, served, f));
                return;
            } catch (IOException e) {
                endFollower(next, served, opened.call(),
                        new FetchFailure(FailureKind.IO, "could not store the data: " + e.getMessage(), e));
                return;
            }
            done = next;
        }
    }

    /**
     * A follower's read failed. If the shared call was cut for another attempt's sake (not this one's stall, not
     * its own cancellation), the mirror did nothing wrong: the chunk waits again, with what it received kept as a
     * partial where the cut left one. Otherwise it is a failure like any other.
     */
    private void endFollower(Attempt follower, MirrorHealth served, Call shared, FetchFailure f) {
        boolean cutForAnother = follower.stalledReason() == null && !follower.cancelled() && shared.isCanceled();
        if (!cutForAnother) {
            failures.failed(follower, served, f);
            return;
        }
        // What receiveChunk kept as a partial is not wasted: the next attempt asks only for the rest.
        counters.wasted.addAndGet(follower.bytes.get() - follower.keptBytes);
        schedule.update(() -> schedule.board().handBack(follower));
    }

    /**
     * Gives the chunks of {@code followers} the response never reached back to the board, as if never assigned:
     * none of their bytes was asked for on its own, so no mirror switched for them.
     */
    private void handBackQueued(List<Attempt> followers) {
        if (followers.isEmpty()) {
            return;
        }
        schedule.update(() -> {
            for (Attempt follower : followers) {
                if (follower.queued) {
                    follower.queued = false;
                    schedule.board().handBack(follower);
                }
            }
        });
    }

    /**
     * The failure as told about {@code failed}: a call cut by {@link StallWatch} surfaces as a broken connection and
     * is reported as the stall it was, and on a mirror reached through a redirect (while awaiting its headers or
     * reading its body) the words say from where. The one place these words are added.
     */
    private static FetchFailure onMirror(Attempt attempt, MirrorHealth failed, FetchFailure f) {
        String why = attempt.stalledReason();
        FetchFailure judged = why == null ? f : new FetchFailure(FailureKind.STALL, why, f);
        if (failed == attempt.mirror) {
            return judged;
        }
        return new FetchFailure(judged.kind(), "%s (reached through a redirect from %s)".formatted(
                judged.getMessage(), attempt.mirror.label()), judged.retryAfter(), judged.getCause());
    }

    /**
     * Reads, hashes and writes the attempt's chunk (or the rest of it), then verifies it. {@code ttfb} is the
     * response's time to its headers (not sampled for a chunk that {@linkplain Attempt#sharesResponse shares} it);
     * {@code lastOfResponse} says whether the response must end here.
     */
    private void receiveChunk(Attempt attempt, MirrorHealth served, BodyReader reader, long ttfb,
                              boolean lastOfResponse) throws FetchFailure, IOException {
        int chunk = attempt.chunk;
        ChunkBoard.Partial started = attempt.continuing;
        long done = started == null ? 0 : started.bytes();
        long offset = target.chunkStart(chunk) + done;
        long length = target.chunkLength(chunk) - done;
        MessageDigest digest = started == null ? Sha256.newDigest() : started.digestCopy();
        FileChannel scratch = attempt.hedge ? HedgeScratch.open(attempt, part, target.file()) : null;
        boolean withheldEnd;
        FetchFailure brokenEnd;
        try {
            try {
                reader.read(length, new HashingSink(digest, offset, (piece, at) -> {
                    if (scratch != null) {
                        HedgeScratch.write(scratch, piece);
                    } else {
                        writeOwned(attempt, piece, at);
                    }
                }), (n, waited) -> received(attempt, served, n, waited));
            } catch (FetchFailure f) {
                keepStartedPart(attempt, served, f, done, digest);
                throw f;
            }
            BodyReader.End end = lastOfResponse ? reader.end() : BodyReader.End.ENDED;
            if (end == BodyReader.End.MORE) {
                throw new FetchFailure(FailureKind.TOO_MUCH_DATA,
                        "kept sending after the %d bytes asked for chunk %d (endless data); response dropped"
                                .formatted(length, chunk));
            }
            brokenEnd = brokenEnd(reader, end, chunk);
            // Cut by the stall limit, or by StallWatch while its peers delivered (which cancels the call).
            withheldEnd = end == BodyReader.End.WITHHELD
                    || (lastOfResponse && attempt.stalledReason() != null && !attempt.cancelled());
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
        // A withheld end: the chunk's bytes are good and kept, but the mirror made its response last the stall limit
        // longer than its bytes did: not a success (which would reset its failures and close its circuit) but a
        // stall, so that a mirror doing it to every response is backed off and, past its retries, given up like any
        // staller.
        verified(attempt, served, ttfb, !withheldEnd && brokenEnd == null);
        if (brokenEnd != null) {
            failures.failedWithoutAChunk(served, brokenEnd);
        } else if (withheldEnd) {
            failures.failedWithoutAChunk(served, new FetchFailure(FailureKind.STALL, ("sent chunk %d's bytes but "
                    + "held back the end of its response until the stall limit cut it; the chunk is kept")
                    .formatted(chunk)));
        }
    }

    /**
     * The mirror's failure when its response ended in framing that is not HTTP after the chunk's bytes ({@link
     * BodyReader.End#BROKEN}), else null. The chunk is good and kept, but the response is no success: taken as one,
     * a mirror that followed every chunk with a MiB of chunk extension or trailers cost that MiB per chunk, and
     * kept its circuit closed and its chunks.
     */
    private static FetchFailure brokenEnd(BodyReader reader, BodyReader.End end, int chunk) {
        if (end != BodyReader.End.BROKEN) {
            return null;
        }
        String where = "after chunk %d's bytes (kept),".formatted(chunk);
        return FetchFailure.ofFraming(reader.brokenEnd(), where).orElseGet(() -> new FetchFailure(FailureKind.IO,
                "%s its response ended in framing that is not HTTP (%s)".formatted(where,
                        Printable.quoted(String.valueOf(reader.brokenEnd().getMessage()))), reader.brokenEnd()));
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
        schedule.keepPartial(attempt, partial);
    }

    /**
     * The mirror ignored Range and sent the whole file: read it as one stream, keeping (and verifying) each chunk
     * nobody else has, skipping the rest, until no chunk is left for it.
     */
    private void streamWholeFile(Attempt first, MirrorHealth served, BodyReader reader, long ttfb)
            throws FetchFailure, IOException {
        for (int chunk = 0; chunk < target.chunkCount(); chunk++) {
            long length = target.chunkLength(chunk);
            Attempt owned = chunk == first.chunk ? first : schedule.claim(chunk, served);
            if (owned != null && owned != first) {
                owned.sharesResponse = true; // reached on the stream another chunk opened: no headers of its own
            }
            if (owned == null) {
                // Past the asked chunk, skipping is waste whenever a mirror with Range can fetch what is left.
                if (chunk > first.chunk && (!schedule.anyClaimableFrom(chunk + 1, served)
                        || schedule.rangedMirrorCanServe(chunk, served))) {
                    return;
                }
                reader.skip(length, (n, waited) -> {
                    counters.received.addAndGet(n);
                    counters.wasted.addAndGet(n);
                });
                continue;
            }
            MessageDigest digest = Sha256.newDigest();
            try {
                reader.read(length, new HashingSink(digest, target.chunkStart(chunk),
                        (piece, at) -> writeOwned(owned, piece, at)),
                        (n, waited) -> received(owned, served, n, waited));
                String actual = Sha256.hex(digest.digest());
                if (!actual.equals(target.chunks().get(chunk))) {
                    throw new FetchFailure(FailureKind.CORRUPT, "chunk %d failed its SHA-256 (whole-file stream)"
                            .formatted(chunk));
                }
            } catch (FetchFailure f) {
                if (owned == first) {
                    throw f; // the caller charges the attempt that opened the stream
                }
                // Charged once, on the chunk the stream broke on; rethrown, the caller would charge the mirror a
                // second time on the opening attempt (already verified, or not reached yet), blaming a chunk it
                // never sent wrong. Not reached yet, that attempt's chunk goes back for another slot.
                failures.failed(owned, served, f);
                if (chunk < first.chunk) {
                    schedule.release(first, "%s: its whole-file stream broke at chunk %d, before chunk %d"
                            .formatted(served.label(), chunk, first.chunk));
                }
                return;
            }
            verified(owned, served, ttfb, true);
        }
    }

    /**
     * A whole-file answer is worth reading only if the chunks it starts with are still needed: reading past
     * chunks other mirrors already served is waste. When a mirror with Range can serve instead, a stream that
     * would skip more than two chunks is dropped and the no-Range mirror kept as a last resort.
     */
    private boolean worthStreaming(Attempt attempt, MirrorHealth served) {
        return schedule.read(() -> {
            ChunkBoard board = schedule.board();
            if (!schedule.assigner().rangedMirrorCanServe(attempt.chunk, served)) {
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
        });
    }

    /** Hands the chunk back without blaming the mirror: it is healthy, it just cannot serve ranges. */
    private void keepAsLastResort(Attempt attempt, MirrorHealth served) {
        String why = "ignores Range (answered 200 with the whole file); kept as a last resort, read as one stream "
                + "only when no mirror with Range can serve";
        schedule.release(attempt, served.label() + ": " + why);
        counters.wasted.addAndGet(attempt.bytes.get());
        emit(new DownloadEvent.MirrorFailed(clock.instant(), served.label(), FailureKind.RANGE_IGNORED, why,
                served.consecutiveFailures()));
    }

    /**
     * Writes into the part file, unless a hedge has won this chunk meanwhile (then the attempt stops). A write that
     * fails ends the download ({@link PartFileWriteFailed}): no mirror is to blame for it.
     */
    private void writeOwned(Attempt attempt, ByteBuffer piece, long position) throws IOException {
        ReentrantLock chunkLock = chunkLocks[attempt.chunk];
        chunkLock.lock();
        try {
            if (attempt.cancelled()) {
                throw new IOException("cancelled");
            }
            if (attempt.superseded()) {
                // Taken over while it was silent: the connection that took the chunk writes this range now. Bytes
                // that came after all mean it was only slow: it ends as cancelled, which costs its mirror nothing.
                // Not when the stall watch has cut it (the bytes gathered before the cut are handed over as it
                // fails): that stall is charged.
                if (attempt.stalledReason() == null) {
                    attempt.cancel();
                }
                throw new IOException("its chunk was taken over by another connection");
            }
            try {
                part.write(piece, position);
            } catch (IOException e) {
                throw new PartFileWriteFailed(e);
            }
        } finally {
            chunkLock.unlock();
        }
    }

    /**
     * Stops {@code attempt} from writing into the part file: once this returns true, no write of it is under way and
     * none follows ({@link #writeOwned} checks under the same per-chunk lock). For a chunk taken over. False, and
     * nothing changed, when a write of it is under way: that write may last as long as a hung disk does, and the
     * caller holds the schedule's lock, which every connection and the download's own thread wait for.
     */
    boolean stopWriting(Attempt attempt) {
        ReentrantLock chunkLock = chunkLocks[attempt.chunk];
        if (!chunkLock.tryLock()) {
            return false;
        }
        try {
            attempt.supersede();
            return true;
        } finally {
            chunkLock.unlock();
        }
    }

    private void received(Attempt attempt, MirrorHealth served, long n, long waitedNanos) {
        long total = attempt.bytes.addAndGet(n);
        long now = ticker.nanoTime();
        attempt.progressed(now, counters.received.addAndGet(n));
        if (waitedNanos > served.longestResumedGapNanos()) {
            served.resumedAfter(waitedNanos); // a pacing mirror's rhythm, which StallWatch allows it
        }
        if ((total & ((1 << 20) - 1)) < n) {
            served.sampleThroughput(total, now - attempt.startedNanos);
        }
    }

    private void verified(Attempt attempt, MirrorHealth served, long ttfb, boolean mirrorSucceeded)
            throws IOException {
        int chunk = attempt.chunk;
        long length = target.chunkLength(chunk);
        if (attempt.hedge) {
            boolean won = schedule.update(() -> {
                if (schedule.board().state(chunk) == ChunkBoard.State.DONE || schedule.finished()) {
                    schedule.board().fail(attempt, "another copy finished first");
                    return false;
                }
                // Stop the slow copy from writing before this one is copied into place.
                schedule.board().attempts(chunk).stream().filter(a -> a != attempt).forEach(Attempt::cancel);
                return true;
            });
            if (!won) {
                lostRace(attempt, length);
                return;
            }
            chunkLocks[chunk].lock();
            try {
                HedgeScratch.copyInto(attempt, part, target.chunkStart(chunk), length);
            } finally {
                chunkLocks[chunk].unlock();
            }
        }
        List<Attempt> losers = schedule.update(() -> {
            ChunkBoard board = schedule.board();
            // Taken over, it cannot win: the connection that took the chunk may have written part of its range.
            if (board.state(chunk) == ChunkBoard.State.DONE || attempt.superseded()) {
                board.fail(attempt, "another copy finished first");
                return null;
            }
            List<Attempt> others = board.finish(attempt);
            hasher.available(board.verifiedPrefix() == board.size() ? target.size()
                    : target.chunkStart(board.verifiedPrefix()));
            return others;
        });
        if (losers == null) {
            lostRace(attempt, length);
            return;
        }
        losers.forEach(Attempt::cancel);
        // This attempt's own bytes (the rest of the chunk when it finished another's start) over its own time; a
        // chunk that shared another's response has no time to first byte of its own to add.
        if (mirrorSucceeded) {
            CircuitState before = served.onSuccess(attempt.bytes.get(), ticker.nanoTime() - attempt.startedNanos,
                    attempt.sharesResponse ? -1 : ttfb);
            if (before != CircuitState.CLOSED) {
                emit(new DownloadEvent.CircuitChanged(clock.instant(), served.label(), "closed",
                        "served chunk %d correctly".formatted(chunk)));
            }
        }
        journal.verified(chunk);
        emit(new DownloadEvent.ChunkVerified(clock.instant(), served.label(), chunk, length));
    }

    /** The chunk was verified from another copy first; this one's bytes were for nothing. */
    private void lostRace(Attempt attempt, long length) {
        counters.wasted.addAndGet(length);
        AttemptFailures.deleteScratch(attempt);
    }

    private void emit(DownloadEvent event) {
        listener.on(event);
    }
}
