package io.outagedrill.client.transfer;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.transfer.http.FetchFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a failed attempt means for the download: the chunk goes back to wait for another slot, the mirror that
 * failed is judged (backoff, circuit, abandonment, blame for a chunk it lied about), its failure group is lowered
 * when the failure points at the whole domain, and each of these is told as an event.
 */
final class AttemptFailures {
    private final Schedule schedule;
    private final List<MirrorHealth> mirrors;
    private final Backoff backoff;
    private final TransferConfig config;
    private final TransferCounters counters;
    private final DownloadListener listener;
    private final Clock clock;
    private final Ticker ticker;

    AttemptFailures(Schedule schedule, List<MirrorHealth> mirrors, Backoff backoff, TransferConfig config,
                    TransferCounters counters, DownloadListener listener, Clock clock, Ticker ticker) {
        this.schedule = schedule;
        this.mirrors = mirrors;
        this.backoff = backoff;
        this.config = config;
        this.counters = counters;
        this.listener = listener;
        this.clock = clock;
        this.ticker = ticker;
    }

    /** {@code attempt} on {@code mirror} ended with {@code f}. */
    void failed(Attempt attempt, MirrorHealth mirror, FetchFailure f) {
        counters.wasted.addAndGet(attempt.bytes.get() - attempt.keptBytes);
        deleteScratch(attempt);
        if (attempt.cancelled()) {
            schedule.release(attempt, "cancelled");
            return;
        }
        if (f.kind() == FailureKind.CORRUPT && attempt.continuing != null) {
            // Two mirrors' bytes in one chunk: which one lied is unknown, so blame nobody and refetch it whole.
            counters.wasted.addAndGet(attempt.continuing.bytes());
            schedule.update(() -> { // told under the lock, before another slot can take the chunk (see below)
                schedule.release(attempt, f.getMessage());
                emit(new DownloadEvent.ChunkRejected(clock.instant(), mirror.label(), attempt.chunk, f.kind(),
                        f.getMessage(), attempt.bytes.get() + attempt.continuing.bytes()));
                return null;
            });
            return;
        }
        // Told under the schedule's lock, as it was judged: the chunk is free for another slot from the judgement
        // on, and that slot's mirror-switched (emitted under the lock too) must not come before this failure, nor
        // one failure's events of a mirror cross another's (a backoff told after the mirror was given up).
        schedule.update(() -> {
            Verdict verdict = judge(attempt, mirror, f, ticker.nanoTime());
            tell(attempt, mirror, f, verdict);
            return verdict;
        });
    }

    /**
     * A 1-byte probe of {@code mirror} ({@link ByteProbes}) failed: a failure of the mirror like any other
     * (its wait grows, and past its retries it is given up), but no chunk was on it, so none moves.
     */
    void byteProbeFailed(MirrorHealth mirror, FetchFailure f) {
        failedWithoutAChunk(mirror, new FetchFailure(f.kind(), "1-byte probe: " + f.getMessage(), f.retryAfter(), f));
    }

    /**
     * A failure of {@code mirror} that no chunk rides on (a 1-byte probe, a response that held back its end after
     * its chunk was verified): judged and told like any other, but no chunk moves.
     */
    void failedWithoutAChunk(MirrorHealth mirror, FetchFailure f) {
        schedule.update(() -> {
            boolean circuitWasClosed = mirror.circuit() != CircuitState.OPEN;
            MirrorVerdict judged = judgeMirror(mirror, f, ticker.nanoTime());
            Verdict verdict = new Verdict(circuitWasClosed, judged.abandoned(), judged.backoff(), List.of(),
                    mirror.awaitingByteProbe());
            tell(mirror, f, verdict); // under the lock, as in failed()
            return verdict;
        });
    }

    /** What the failure did to the mirror and its group; decided under the schedule's lock. */
    private record Verdict(boolean circuitWasClosed, boolean abandoned, Duration backoff, List<MirrorHealth> lowered,
                           boolean byteProbeFirst) {
    }

    /** The mirror's own judgement: its next wait, and whether it was given up. */
    private record MirrorVerdict(Duration backoff, boolean abandoned) {
    }

    private Verdict judge(Attempt attempt, MirrorHealth mirror, FetchFailure f, long now) {
        FailureKind kind = f.kind();
        boolean circuitWasClosed = mirror.circuit() != CircuitState.OPEN;
        schedule.board().fail(attempt, mirror.label() + ": " + f.getMessage());
        if (kind == FailureKind.CORRUPT) {
            schedule.board().blame(attempt.chunk, mirror); // never fetch this chunk again from the mirror that lied
        }
        // Other untrustworthy kinds (gzip, a changed ETag, a wrong range) abandon the mirror below, which already
        // keeps it from every chunk; blaming the chunk too would make the final summary say the mirror "sent
        // chunk N corrupt" instead of its own reason.
        MirrorVerdict judged = judgeMirror(mirror, f, now);
        Duration wait = judged.backoff();
        boolean abandoned = judged.abandoned();
        // Cut by StallWatch (not by a fixed limit): the mirror may be frozen, taking connections and answering
        // none, so a cheap request must answer before a chunk goes there again.
        boolean byteProbeFirst = kind == FailureKind.STALL && attempt.stalledReason() != null && !abandoned;
        if (byteProbeFirst) {
            mirror.requireByteProbe();
        }
        if (kind == FailureKind.RANGE_IGNORED) {
            abandoned |= mirror.abandon(f.getMessage());
        }
        List<MirrorHealth> lowered = new ArrayList<>();
        for (MirrorHealth sibling : mirrors) {
            boolean sameGroup = sibling != mirror && sibling.mirror().group().equals(mirror.mirror().group());
            if (sameGroup && (kind.pointsAtGroup() || sibling.consecutiveFailures() > 0)) {
                sibling.demoteUntil(now + wait.toNanos());
                lowered.add(sibling);
            }
        }
        return new Verdict(circuitWasClosed, abandoned, wait, lowered, byteProbeFirst);
    }

    private MirrorVerdict judgeMirror(MirrorHealth mirror, FetchFailure f, long now) {
        if (f.kind() == FailureKind.HTTP_STATUS && f.retryAfter().isPresent()) {
            // Asked to wait, not broken: a wait, not a failure toward giving up on the mirror.
            Duration wait = backoff.delay(1, f.retryAfter());
            return new MirrorVerdict(wait, mirror.onAskedToWait(f.getMessage(), wait, now));
        }
        Duration wait = backoff.delay(mirror.consecutiveFailures() + 1, f.retryAfter());
        return new MirrorVerdict(wait, mirror.onFailure(f.kind(), f.getMessage(), wait, now,
                config.maxRetriesPerMirror(), config.maxCorruptChunks()));
    }

    private void tell(Attempt attempt, MirrorHealth mirror, FetchFailure f, Verdict verdict) {
        if (f.kind() == FailureKind.CORRUPT) {
            emit(new DownloadEvent.ChunkRejected(clock.instant(), mirror.label(), attempt.chunk, f.kind(),
                    f.getMessage(), attempt.bytes.get()));
        }
        tell(mirror, f, verdict);
    }

    private void tell(MirrorHealth mirror, FetchFailure f, Verdict verdict) {
        String then = verdict.byteProbeFirst() ? ", then a 1-byte request must answer before it gets chunks again"
                : "";
        String groupNote = verdict.lowered().isEmpty() ? "" : "; lowering the rest of failure group '%s' (%s)"
                .formatted(mirror.mirror().group(),
                        verdict.lowered().stream().map(MirrorHealth::label).collect(Collectors.joining(", ")));
        emit(new DownloadEvent.MirrorFailed(clock.instant(), mirror.label(), f.kind(), f.getMessage() + groupNote,
                mirror.consecutiveFailures()));
        if (verdict.circuitWasClosed() && !verdict.abandoned()) {
            emit(new DownloadEvent.CircuitChanged(clock.instant(), mirror.label(), "open",
                    "%d failure(s) in a row; no requests for %d ms%s".formatted(mirror.consecutiveFailures(),
                            verdict.backoff().toMillis(), then)));
        }
        if (verdict.abandoned()) {
            emit(new DownloadEvent.MirrorAbandoned(clock.instant(), mirror.label(),
                    mirror.abandonedReason().orElse(f.getMessage())));
        } else {
            emit(new DownloadEvent.BackoffStarted(clock.instant(), mirror.label(), verdict.backoff(),
                    f.getMessage() + then));
        }
    }

    /** Deletes a hedge's scratch file, if it made one. */
    static void deleteScratch(Attempt attempt) {
        if (attempt.scratch != null) {
            try {
                Files.deleteIfExists(attempt.scratch);
            } catch (IOException ignored) {
                // Left as a hidden stray beside the part file (.NAME.hedge-N-*.tmp): harmless, and not swept later,
                // since another download of the same file into the same folder may own it.
            }
        }
    }

    private void emit(DownloadEvent event) {
        listener.on(event);
    }
}
