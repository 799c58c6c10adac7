package io.outagedrill.client.transfer;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.manifest.Target;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Decides what a free connection slot does next: the first waiting chunk some usable mirror can take (the
 * policy picks which), else a hedge for a tail chunk crawling on a slow mirror. It also says when no mirror can
 * serve a waiting chunk any more. Called with the session's lock held; it only reads and updates the board.
 * It never reads a clock: the caller passes {@code now} from the session's {@link Ticker}.
 */
final class ChunkAssigner {
    private static final long HEDGE_MIN_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * How much one ranged request asks for at most, in chunks and in bytes. Each request costs the client about a
     * millisecond of CPU (the HTTP library's call, its headers, the connection's hand-back), so a GiB in 4 MiB
     * requests costs a quarter of a core-second more than in 16 MiB ones, and 16 MiB ones about 0.05 more than 32 MiB
     * ones (cheaper in 14 of 20 interleaved rounds of the peers bench, 2 level; docs/benchmarks.md, "The twentieth
     * round"); each chunk is still hashed and verified on its own as it arrives. A mirror that freezes mid-run
     * holds no more for it: the run's chunks not yet begun go back to the queue when the attempt is cut.
     */
    static final int MAX_RUN_CHUNKS = 8;
    static final long MAX_RUN_BYTES = 32L << 20;
    /**
     * Runs shorten as the work left shrinks, so that the tail is fetched a chunk per request: there a free
     * connection must find work, and a slow chunk a hedge. A run takes at most the pending chunks over this many
     * times the policy's connections.
     */
    static final int RUN_SPREAD = 2;
    /**
     * Below this many pending chunks every request asks for one: a run saves about a millisecond per request, which
     * counts over hundreds of chunks, not over the last few dozen.
     */
    static final int MIN_PENDING_FOR_RUNS = 32;

    private final ChunkBoard board;
    private final List<MirrorHealth> mirrors;
    private final FailoverPolicy policy;
    private final TransferConfig config;
    private final Target target;
    private final DownloadListener listener;
    private final Clock clock;
    private final AtomicInteger switches;

    ChunkAssigner(ChunkBoard board, List<MirrorHealth> mirrors, FailoverPolicy policy, TransferConfig config,
                  Target target, DownloadListener listener, Clock clock, AtomicInteger switches) {
        this.board = board;
        this.mirrors = mirrors;
        this.policy = policy;
        this.config = config;
        this.target = target;
        this.listener = listener;
        this.clock = clock;
        this.switches = switches;
    }

    /** The attempt a free slot should make now, or null when nothing can be started at this moment. */
    Attempt next(long now) {
        Attempt attempt = assignPending(now);
        if (attempt == null && policy.hedges(config) && board.countPending() == 0) {
            attempt = assignHedge(now);
        }
        return attempt;
    }

    private List<MirrorHealth> usableFor(int chunk, long now, MirrorHealth except) {
        List<MirrorHealth> usable = new ArrayList<>(mirrors.size());
        for (MirrorHealth m : mirrors) {
            if (m != except && !board.blamed(chunk, m) && m.usable(now, config.connectionsPerMirror())
                    && !(m.rangeSupport() == MirrorHealth.RangeSupport.NO && hasRangeAlternative(chunk, now, m))) {
                usable.add(m);
            }
        }
        return usable;
    }

    /**
     * A mirror that ignores Range is used (as a whole-file stream) only while no ranged mirror can serve, and
     * never twice at once: its running stream picks up the waiting chunks it passes.
     */
    private boolean hasRangeAlternative(int chunk, long now, MirrorHealth noRange) {
        return rangedMirrorCanServe(chunk, noRange) || noRange.active() > 0;
    }

    boolean rangedMirrorCanServe(int chunk, MirrorHealth except) {
        for (MirrorHealth m : mirrors) {
            if (m != except && !m.abandoned() && !board.blamed(chunk, m)
                    && m.rangeSupport() != MirrorHealth.RangeSupport.NO) {
                return true;
            }
        }
        return false;
    }

    private Attempt assignPending(long now) {
        for (int chunk = board.firstPending(0); chunk >= 0; chunk = board.firstPending(chunk + 1)) {
            List<MirrorHealth> usable = usableFor(chunk, now, null);
            if (usable.isEmpty()) {
                continue;
            }
            Optional<MirrorHealth> chosen = policy.choose(usable, now);
            if (chosen.isEmpty() || !admit(chosen.get(), now)) {
                continue;
            }
            MirrorHealth mirror = chosen.get();
            MirrorHealth previous = board.lastMirror(chunk);
            if (previous != null && previous != mirror) {
                switches.incrementAndGet();
                listener.on(new DownloadEvent.MirrorSwitched(clock.instant(), previous.label(), mirror.label(), chunk,
                        board.lastFailure(chunk)));
            }
            board.clearLast(chunk);
            Attempt attempt = new Attempt(chunk, mirror, false, now);
            attempt.continuing = board.partial(chunk);
            board.partial(chunk, null);
            board.start(attempt);
            if (attempt.continuing == null && mirror.rangeSupport() != MirrorHealth.RangeSupport.NO
                    && amongTheFast(mirror)) {
                // The chunk just started was waiting too: the run's length counts it.
                attempt.followers = reserveFollowers(chunk, runLength(board.countPending() + 1), mirror, now);
            }
            return attempt;
        }
        return null;
    }

    /**
     * The chunks right after {@code chunk} that the same request can ask for: waiting, never failed or started
     * anywhere (so no switch or partial to account for), not blamed on {@code mirror}; at most {@code length} chunks
     * with {@code chunk}'s own. Each is reserved on the board as a queued attempt.
     */
    private List<Attempt> reserveFollowers(int chunk, int length, MirrorHealth mirror, long now) {
        List<Attempt> followers = new ArrayList<>(Math.max(0, length - 1));
        for (int next = chunk + 1; next < chunk + length && next < board.size(); next++) {
            if (board.state(next) != ChunkBoard.State.PENDING || board.blamed(next, mirror)
                    || board.partial(next) != null || board.lastMirror(next) != null) {
                break;
            }
            Attempt follower = new Attempt(next, mirror, false, now);
            follower.queued = true;
            board.start(follower);
            followers.add(follower);
        }
        return followers.isEmpty() ? List.of() : followers;
    }

    /**
     * Takes one of {@code mirror}'s connections if its circuit and connection limit allow one now. A request that
     * becomes the half-open probe deciding its circuit (its wait after a failure is over) is told, whatever asks it
     * (a chunk, a hedge): the circuit-changed events, and the circuit-state gauge built on them, go open, half-open,
     * then closed or open again.
     */
    private boolean admit(MirrorHealth mirror, long now) {
        Optional<CircuitState> admitted = mirror.tryAcquire(now, config.connectionsPerMirror());
        if (admitted.isPresent() && admitted.get() == CircuitState.HALF_OPEN) {
            listener.on(new DownloadEvent.CircuitChanged(clock.instant(), mirror.label(), "half-open",
                    "its wait is over; one probe request decides"));
        }
        return admitted.isPresent();
    }

    /**
     * Whether {@code mirror} may be asked for several chunks at once: it has served two chunks in this download, and
     * is not slow enough to be hedged against ({@code hedgeSlowFactor} times slower than the fastest that has
     * served). A slow or untried mirror gets a chunk at a time, so that it holds no queue of chunks that faster
     * mirrors could take (a queued chunk is not hedged). Two, not one: a mirror's first chunk carries its
     * connection's handshake and, in a fresh process, cold code, so its speed says little yet (the adaptive
     * policy's second look at a mirror left out for that one chunk is a single chunk for the same reason). The
     * rates are per connection: a mirror serving two connections shows about half its rate on each.
     */
    private boolean amongTheFast(MirrorHealth mirror) {
        double own = mirror.throughput();
        if (Double.isNaN(own) || mirror.successes() < 2) {
            return false;
        }
        double best = own;
        for (MirrorHealth m : mirrors) {
            double rate = m.throughput();
            if (!Double.isNaN(rate) && !m.abandoned()) {
                best = Math.max(best, rate);
            }
        }
        return own * config.hedgeSlowFactor() >= best;
    }

    /**
     * How many chunks the next request may ask for: see {@link #MAX_RUN_CHUNKS}, {@link #RUN_SPREAD} and
     * {@link #MIN_PENDING_FOR_RUNS}.
     */
    private int runLength(int pending) {
        if (pending < MIN_PENDING_FOR_RUNS) {
            return 1;
        }
        long byBytes = Math.max(1, MAX_RUN_BYTES / target.chunkSize());
        long bySpread = pending / ((long) RUN_SPREAD * Math.max(1, policy.connections(config)));
        return (int) Math.max(1, Math.min(MAX_RUN_CHUNKS, Math.min(byBytes, bySpread)));
    }

    /**
     * Tail hedging: nothing waits, yet a chunk is crawling on a slow mirror while a much faster one is free.
     * Race a copy there; the first verified copy wins and the other is cancelled.
     */
    private Attempt assignHedge(long now) {
        for (int chunk = 0; chunk < board.size(); chunk++) {
            if (board.state(chunk) != ChunkBoard.State.ACTIVE || board.attempts(chunk).size() != 1) {
                continue;
            }
            Attempt running = board.attempts(chunk).getFirst();
            if (running.hedge || running.queued || now - running.startedNanos < HEDGE_MIN_AGE_NANOS) {
                continue;
            }
            List<MirrorHealth> faster = usableFor(chunk, now, running.mirror).stream()
                    .filter(m -> !Double.isNaN(m.throughput()))
                    .filter(m -> m.rangeSupport() != MirrorHealth.RangeSupport.NO)
                    .sorted(Comparator.comparingDouble(MirrorHealth::throughput).reversed())
                    .toList();
            if (faster.isEmpty()) {
                continue;
            }
            MirrorHealth best = faster.getFirst();
            long remaining = target.chunkLength(chunk) - running.bytes.get();
            double slowSpeed = running.speed(now);
            double slowEta = slowSpeed <= 0 ? Double.POSITIVE_INFINITY : remaining / slowSpeed;
            double fastEta = target.chunkLength(chunk) / best.throughput();
            if (slowEta <= config.hedgeSlowFactor() * fastEta || !admit(best, now)) {
                continue;
            }
            Attempt hedge = new Attempt(chunk, best, true, now);
            board.start(hedge);
            listener.on(new DownloadEvent.HedgeStarted(clock.instant(), chunk, running.mirror.label(), best.label()));
            return hedge;
        }
        return null;
    }

    /**
     * Moves the chunk of {@code silent}, the attempt on the frontier of the verified prefix that has fallen silent
     * ({@link StallWatch#takeoverDue}), to another mirror ({@link #takeoverMirror}), and returns the attempt that
     * takes it over (for a connection beyond the slots, see {@code TransferSession}); null when no such mirror is
     * free, the chunk has moved on, the attempt's connection has already broken (it kept a partial) or it has every
     * byte of its chunk.
     * {@code silent} is first stopped from writing ({@code stopWriting}) and set aside on the board, still judged;
     * the chunks queued behind it on its response go back to wait, since they would hold the whole-file hash next;
     * the new attempt may ask for them in its own request. Nothing is moved when {@code stopWriting} says a write of
     * {@code silent} is under way: its connection waits on the disk, not on its mirror, and a new one would only
     * queue behind that write (waiting for it here, under the schedule's lock, hung the download with the disk).
     *
     * <p>Unlike a stall cut this blames nothing: the silence may be a lost packet's retransmission, which costs a
     * healthy mirror a few hundred milliseconds, and the stall watch still judges {@code silent} at the frontier's
     * floor. What it saves is the whole-file hash's wait: every chunk verified beyond the frontier meanwhile is a
     * backlog the hash must clear later, with CPU the download then lacks.
     *
     * <p>{@code judgedSilentAt} is when the stall watch found it silent: bytes that arrived since (while the
     * watch's thread started the connection for the takeover and waited for the schedule's lock) end the silence,
     * and nothing is moved. Without that check a chunk whose first byte came 40 ms after the verdict was taken over
     * all the same, its bytes thrown away and a mirror switch counted ("no data for 0 ms").
     */
    Attempt takeOver(Attempt silent, long judgedSilentAt, long now,
                     java.util.function.Predicate<Attempt> stopWriting) {
        int chunk = silent.chunk;
        MirrorHealth to = canBeTakenOver(silent, judgedSilentAt) ? takeoverMirror(silent, now) : null;
        if (to == null || !admit(to, now)) {
            return null;
        }
        if (!stopWriting.test(silent)) {
            to.release(now);
            return null;
        }
        board.supersede(silent);
        // The chunks queued behind it on its response follow it on the board, each held by one queued attempt on
        // its mirror (it may itself be a follower, whose run's list is its first chunk's).
        for (int next = chunk + 1; next < board.size() && board.attempts(next).size() == 1; next++) {
            Attempt queued = board.attempts(next).getFirst();
            if (!queued.queued || queued.mirror != silent.mirror) {
                break;
            }
            queued.queued = false;
            queued.cancel();
            board.handBack(queued);
        }
        Attempt takeover = new Attempt(chunk, to, false, now);
        takeover.tookOver = true;
        board.start(takeover);
        if (amongTheFast(to)) {
            takeover.followers = reserveFollowers(chunk, runLength(board.countPending() + 1), to, now);
        }
        switches.incrementAndGet();
        listener.on(new DownloadEvent.MirrorSwitched(clock.instant(), silent.mirror.label(), to.label(), chunk,
                "no data for %d ms on the chunk the whole-file check waits for; taken over, not blamed"
                        .formatted(TimeUnit.NANOSECONDS.toMillis(now - silent.progressNanos()))));
        return takeover;
    }

    /**
     * Whether {@link #takeOver} would move {@code silent}'s chunk now: read under the lock before a thread is made for
     * it, so that a takeover due while no mirror is free costs nothing.
     */
    boolean canTakeOver(Attempt silent, long judgedSilentAt, long now) {
        return canBeTakenOver(silent, judgedSilentAt) && takeoverMirror(silent, now) != null;
    }

    private boolean canBeTakenOver(Attempt silent, long judgedSilentAt) {
        int chunk = silent.chunk;
        List<Attempt> holders = board.attempts(chunk);
        long has = silent.bytes.get() + (silent.continuing == null ? 0 : silent.continuing.bytes());
        // A partial kept on the chunk its one attempt holds is that attempt's own: its connection has broken and
        // its runner is about to free the chunk, to be finished by range on those bytes. Taken over now, the
        // partial would outlive the takeover's writes over the same bytes: if that connection then failed
        // without a partial of its own (a corrupt copy, written whole), the next attempt would finish the chunk
        // on the old digest while the disk held other bytes. An attempt with every byte of its chunk is silent
        // only while it checks them or waits for its response's end (a mirror that holds it back is charged for
        // that on its own): fetching the chunk again would only come later.
        // Nor an attempt that took its chunk over itself: moving the chunk again is churn, not rescue (on a loaded
        // machine two takeovers of one chunk went from one healthy mirror to another and back, 304 and 248 ms of
        // silence each, a mirror switch apiece); a stall of its own is still cut by the stall watch.
        return board.state(chunk) == ChunkBoard.State.ACTIVE && holders.size() == 1 && holders.getFirst() == silent
                && !silent.hedge && !silent.queued && !silent.tookOver && !silent.cancelled() && !silent.superseded()
                && silent.stalledReason() == null && board.partial(chunk) == null
                && has < target.chunkLength(chunk) && silent.progressNanos() <= judgedSilentAt;
    }

    /**
     * The mirror a takeover of {@code silent} goes to: the fastest that may take a request now and has served in
     * this download without failing since (a mirror that never served has no first-byte time, so a frozen one
     * would hold the chunk until the first-byte limit), with its circuit closed (one that asked to wait, 429 or 503
     * with Retry-After, has it open with no failure counted: the takeover would be its half-open probe, to a mirror
     * pacing its clients), not demoted, and not one a silent attempt is waiting on:
     * the silent one's own, the one its redirect went to (the stall watch judges that one), or one holding an
     * attempt taken over earlier. Null when there is none. Policies do not choose it: any fast healthy mirror
     * serves the one chunk, as for a hedge.
     */
    private MirrorHealth takeoverMirror(Attempt silent, long now) {
        MirrorHealth to = null;
        for (MirrorHealth m : usableFor(silent.chunk, now, silent.mirror)) {
            // A failure since its last success leaves its circuit open (or half-open) too.
            if (m == silent.awaiting() || Double.isNaN(m.throughput()) || m.circuit() != CircuitState.CLOSED
                    || m.demoted(now) || m.rangeSupport() == MirrorHealth.RangeSupport.NO || waitedOnSilently(m)) {
                continue;
            }
            if (to == null || m.throughput() > to.throughput()) {
                to = m;
            }
        }
        return to;
    }

    private boolean waitedOnSilently(MirrorHealth m) {
        for (Attempt earlier : board.superseded()) {
            if (earlier.mirror == m || earlier.awaiting() == m) {
                return true;
            }
        }
        return false;
    }

    /** Null while some mirror may still serve every waiting chunk; otherwise the reason, naming each mirror. */
    String whyStuck() {
        for (int chunk = board.firstPending(0); chunk >= 0; chunk = board.firstPending(chunk + 1)) {
            boolean hope = false;
            for (MirrorHealth m : mirrors) {
                if (!m.abandoned() && !board.blamed(chunk, m)) {
                    hope = true;
                    break;
                }
            }
            if (!hope) {
                int stuck = chunk;
                String each = mirrors.stream()
                        .map(m -> m.label() + " (" + (board.blamed(stuck, m) ? "sent chunk " + stuck + " corrupt"
                                : m.abandonedReason().orElse("unusable")) + ")")
                        .collect(Collectors.joining("; "));
                return "no mirror can serve %s any more: %s".formatted(target.file(), each);
            }
        }
        return null;
    }

}
