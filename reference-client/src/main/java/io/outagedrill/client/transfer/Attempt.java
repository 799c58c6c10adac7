package io.outagedrill.client.transfer;

import io.outagedrill.client.transfer.http.SocketSeen;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;

/**
 * One chunk in flight on one mirror. A hedge is a second attempt racing a slow first one. An attempt may carry
 * {@linkplain #followers followers}: the next chunks, reserved for the same mirror and asked for in the same ranged
 * request, each an attempt of its own once the response reaches it.
 */
final class Attempt {
    final int chunk;
    final MirrorHealth mirror;
    final boolean hedge;
    /**
     * When the attempt was assigned, on the session's {@link Ticker}; for a follower, when the response reached
     * its chunk ({@link #begin}), so its speed counts its own bytes only.
     */
    volatile long startedNanos;
    /**
     * The chunks after this one that the same request asks for, in order (empty for most attempts). Set by the
     * assigner before the attempt is handed out, never changed after.
     */
    List<Attempt> followers = List.of();
    /**
     * A follower whose chunk the response has not reached yet: it holds its chunk on the board but nothing of it is
     * on the wire, so it is neither judged nor hedged.
     */
    volatile boolean queued;
    /**
     * Its bytes come on a response another chunk opened (a follower that has {@linkplain #begin begun}, or a chunk
     * taken up by a whole-file stream), so it waited for no headers of its own and adds no time-to-first-byte
     * sample; its speed counts from when the response reached it ({@link MirrorHealth#sampleThroughput}).
     */
    volatile boolean sharesResponse;
    final AtomicLong bytes = new AtomicLong();
    /** Where a hedge writes until it wins (the first attempt owns the chunk's region of the part file). */
    Path scratch;
    /** Set when this attempt finishes a chunk another mirror started: only the rest of the range is asked. */
    ChunkBoard.Partial continuing;
    /** Bytes of this attempt kept for the next one to build on (not wasted). */
    volatile long keptBytes;
    /** The connection its bytes come on, once its response is open ({@link #waitingUnread}). */
    volatile SocketSeen socket;
    private volatile Call call;
    /** The mirror whose answer the current call awaits: {@link #mirror}, or the target of a redirect from it. */
    private volatile MirrorHealth awaiting;
    private volatile boolean cancelled;
    private volatile String stalled;
    /**
     * Set when another connection took this attempt's chunk over while it was silent ({@link ChunkAssigner#takeOver}):
     * it writes nothing more (at its next byte it cancels itself, costing its mirror nothing), but it stays judged
     * like the frontier chunk it was, so that a mirror that stays silent is still cut and charged for the stall.
     */
    private volatile boolean superseded;
    /**
     * Set on the attempt that took a chunk over ({@link ChunkAssigner#takeOver}), before it is handed out: it is not
     * taken over in turn ({@link ChunkAssigner#canTakeOver}), and a stall of its own is cut as any other.
     */
    volatile boolean tookOver;
    /** Where the attempt is, which says how {@link StallWatch} judges its silence. */
    enum Phase {
        /**
         * Not waiting on the network: assigned with its request not yet sent, or its headers in and being checked
         * (before it receives, or when the whole file came and it is kept as a last resort). Nothing sets it back
         * once the attempt receives: a range read to its end stays {@link #RECEIVING}, except a chunk with
         * followers after it, set back once verified: a late judgement of it would cut the call they share.
         */
        IDLE,
        /**
         * Its request is on its way and no response headers have come yet (connect, TLS and the server's first
         * byte): judged with the header floor.
         */
        AWAITING_HEADERS,
        /** Its headers passed the checks and its range is being read: judged with the body floor. */
        RECEIVING,
        /**
         * It answered with the whole file, which is streamed: its bytes go to several chunks in turn, so this
         * attempt's count standing still says nothing about the connection, and it is not judged.
         */
        STREAMING_WHOLE_FILE;

        /** Whether {@link StallWatch} judges an attempt in this phase. */
        boolean judged() {
            return this == AWAITING_HEADERS || this == RECEIVING;
        }
    }

    volatile Phase phase = Phase.IDLE;
    /**
     * On the session's {@link Ticker}: when this attempt last received bytes (or began its request, or began
     * receiving), and the download's total of bytes received at that moment. Stamped by the runner itself, so
     * {@link StallWatch} knows how long the connection has been silent however late it first looks.
     */
    private volatile long progressNanos;
    private volatile long totalAtProgress;

    Attempt(int chunk, MirrorHealth mirror, boolean hedge, long startedNanos) {
        this.chunk = chunk;
        this.mirror = mirror;
        this.hedge = hedge;
        this.startedNanos = startedNanos;
    }

    /**
     * The call now sent for this attempt, to {@code to} (after a redirect, not the mirror it was assigned), at
     * {@code nowNanos} with the download at {@code total}. A call to another mirror than the last one (a redirect
     * hop) restarts the header wait: what is judged on the target is its own answer, not the redirecting mirror's
     * round trip as well.
     */
    void call(Call value, MirrorHealth to, long nowNanos, long total) {
        if (to != awaiting()) {
            progressed(nowNanos, total);
        }
        awaiting = to;
        call(value);
    }

    /** The mirror the current call went to: {@link #mirror} unless a redirect sent it elsewhere. */
    MirrorHealth awaiting() {
        MirrorHealth to = awaiting;
        return to == null ? mirror : to;
    }

    /**
     * Only through {@link #call(Call, MirrorHealth, long, long)}: a call set alone would keep the previous call's
     * mirror.
     */
    private void call(Call value) {
        call = value;
        if (cancelled || stalled != null) {
            value.cancel();
        }
    }

    /** Stops the attempt: its call is cancelled and it must write nothing more. */
    void cancel() {
        cancelled = true;
        Call c = call;
        if (c != null) {
            c.cancel();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    /**
     * Marks the attempt taken over. Called with the chunk's write lock held ({@link AttemptRunner#stopWriting}), so
     * no write of this attempt is under way once it returns.
     */
    void supersede() {
        superseded = true;
    }

    boolean superseded() {
        return superseded;
    }

    /**
     * Ends the attempt as stalled (its call is cancelled), unlike {@link #cancel} a failure of its mirror; true the
     * first time. The runner reports the attempt's failure as {@link #stalledReason}.
     */
    synchronized boolean stall(String why) {
        if (stalled != null) {
            return false;
        }
        stalled = why;
        Call c = call;
        if (c != null) {
            c.cancel();
        }
        return true;
    }

    /** Why {@link #stall} ended it, or null. */
    String stalledReason() {
        return stalled;
    }

    /**
     * A follower's chunk is next on its response, at {@code nowNanos} with the download at {@code total}: from here
     * it is judged and timed like an attempt of its own, on the call it shares.
     */
    void begin(Call shared, long nowNanos, long total) {
        startedNanos = nowNanos;
        queued = false;
        sharesResponse = true;
        // Stamped before it is judged: a watcher seeing RECEIVING with no stamp would find it silent since time 0.
        progressed(nowNanos, total);
        call(shared, mirror, nowNanos, total);
        phase = Phase.RECEIVING;
    }

    /** Records progress: bytes arrived (or receiving began) at {@code nowNanos}, the download then at {@code total}. */
    void progressed(long nowNanos, long total) {
        progressNanos = nowNanos;
        totalAtProgress = total;
    }

    long progressNanos() {
        return progressNanos;
    }

    long totalAtProgress() {
        return totalAtProgress;
    }

    /**
     * Bytes its mirror has sent on its connection that the reading thread has not read yet: more than 0 when the
     * silence is the reader's (a thread not scheduled on a busy machine, a write to a slow disk), not the mirror's.
     */
    int waitingUnread() {
        SocketSeen s = socket;
        return s == null ? 0 : s.waitingUnread();
    }

    /** Bytes per second so far; 0 before the first byte. */
    double speed(long nowNanos) {
        long elapsed = nowNanos - startedNanos;
        return elapsed <= 0 ? 0 : bytes.get() / (elapsed / 1e9);
    }
}
