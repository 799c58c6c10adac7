package io.outagedrill.client.transfer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which chunks are waiting, in flight or verified, which mirrors each chunk must not come from (they sent it
 * corrupt), and the attempts in flight. Not thread-safe: the session guards it with its lock. Byte copying
 * never happens under that lock.
 */
final class ChunkBoard {
    enum State { PENDING, ACTIVE, DONE }

    /**
     * The verified-so-far start of a chunk whose connection broke mid-stream: its bytes are in the part file and
     * {@code digest} has hashed them, so another mirror can send just the rest (RFC 6249: finish stalled ranges
     * on other mirrors).
     */
    record Partial(long bytes, java.security.MessageDigest digest, MirrorHealth startedOn) {
        java.security.MessageDigest digestCopy() {
            try {
                return (java.security.MessageDigest) digest.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
            }
        }
    }

    private final State[] states;
    private final BitSet[] blamed;
    private final List<List<Attempt>> attempts;
    private final String[] lastFailure;
    private final MirrorHealth[] lastMirror;
    private final Partial[] partials;
    /**
     * Attempts whose chunk another connection took over while they were silent ({@link Attempt#supersede}): no longer
     * the chunk's, but still in flight and judged until they end.
     */
    private final List<Attempt> superseded = new ArrayList<>(2);
    private int done;
    private int verifiedPrefix;

    ChunkBoard(int chunks, BitSet alreadyVerified) {
        states = new State[chunks];
        blamed = new BitSet[chunks];
        attempts = new ArrayList<>(chunks);
        lastFailure = new String[chunks];
        lastMirror = new MirrorHealth[chunks];
        partials = new Partial[chunks];
        for (int i = 0; i < chunks; i++) {
            states[i] = alreadyVerified.get(i) ? State.DONE : State.PENDING;
            blamed[i] = new BitSet();
            attempts.add(new ArrayList<>(2));
        }
        done = alreadyVerified.cardinality();
        advancePrefix();
    }

    int size() {
        return states.length;
    }

    int done() {
        return done;
    }

    boolean complete() {
        return done == states.length;
    }

    State state(int chunk) {
        return states[chunk];
    }

    /** Chunks 0..n-1 are all verified. */
    int verifiedPrefix() {
        return verifiedPrefix;
    }

    BitSet verified() {
        BitSet set = new BitSet(states.length);
        for (int i = 0; i < states.length; i++) {
            if (states[i] == State.DONE) {
                set.set(i);
            }
        }
        return set;
    }

    boolean blamed(int chunk, MirrorHealth mirror) {
        return blamed[chunk].get(mirror.index());
    }

    void blame(int chunk, MirrorHealth mirror) {
        blamed[chunk].set(mirror.index());
    }

    /**
     * Every attempt in flight (chunks before the verified prefix have none), those taken over included: their
     * silence is still judged.
     */
    List<Attempt> live() {
        List<Attempt> live = new ArrayList<>(superseded);
        for (int i = verifiedPrefix; i < states.length; i++) {
            if (states[i] == State.ACTIVE) {
                live.addAll(attempts.get(i));
            }
        }
        return live;
    }

    /** The attempts taken over and still in flight, for stopping them with the round. */
    List<Attempt> superseded() {
        return superseded;
    }

    /**
     * {@code attempt} no longer holds its chunk (another connection took it over); the chunk stays active only if
     * the caller starts the attempt that takes it over, at once and under the same lock.
     */
    void supersede(Attempt attempt) {
        attempts.get(attempt.chunk).remove(attempt);
        superseded.add(attempt);
    }

    List<Attempt> attempts(int chunk) {
        return attempts.get(chunk);
    }

    void start(Attempt attempt) {
        states[attempt.chunk] = State.ACTIVE;
        attempts.get(attempt.chunk).add(attempt);
    }

    /** The attempt ended without verifying; the chunk waits again unless another attempt still runs. */
    void fail(Attempt attempt, String reason) {
        if (superseded.remove(attempt)) {
            // Its chunk moved on without it: no failure or mirror to record against the chunk.
            return;
        }
        List<Attempt> live = attempts.get(attempt.chunk);
        live.remove(attempt);
        lastFailure[attempt.chunk] = reason;
        lastMirror[attempt.chunk] = attempt.mirror;
        if (states[attempt.chunk] == State.ACTIVE && live.isEmpty()) {
            states[attempt.chunk] = State.PENDING;
        }
    }

    /**
     * The attempt ends before any of its bytes was asked for on its own (a follower its response never reached):
     * the chunk waits again, with no failure or mirror recorded against it.
     */
    void handBack(Attempt attempt) {
        if (superseded.remove(attempt)) {
            return;
        }
        List<Attempt> live = attempts.get(attempt.chunk);
        live.remove(attempt);
        if (states[attempt.chunk] == State.ACTIVE && live.isEmpty()) {
            states[attempt.chunk] = State.PENDING;
        }
    }

    /** Marks the chunk verified; returns the other attempts still running on it, to be cancelled. */
    List<Attempt> finish(Attempt winner) {
        List<Attempt> others = new ArrayList<>(attempts.get(winner.chunk));
        others.remove(winner);
        attempts.get(winner.chunk).clear();
        partials[winner.chunk] = null;
        states[winner.chunk] = State.DONE;
        done++;
        advancePrefix();
        return others;
    }

    /** Forgets a verified chunk (its bytes on disk failed a re-check). */
    void reopen(int chunk) {
        if (states[chunk] == State.DONE) {
            states[chunk] = State.PENDING;
            done--;
            verifiedPrefix = Math.min(verifiedPrefix, chunk);
        }
    }

    Partial partial(int chunk) {
        return partials[chunk];
    }

    /** Keeps (or, with null, forgets) the started part of a chunk for the next attempt to finish. */
    void partial(int chunk, Partial value) {
        partials[chunk] = value;
    }

    /** The mirror the chunk's last failed attempt used, and why it failed; for "switched" events. */
    MirrorHealth lastMirror(int chunk) {
        return lastMirror[chunk];
    }

    String lastFailure(int chunk) {
        return lastFailure[chunk];
    }

    void clearLast(int chunk) {
        lastMirror[chunk] = null;
        lastFailure[chunk] = null;
    }

    int firstPending(int from) {
        for (int i = from; i < states.length; i++) {
            if (states[i] == State.PENDING) {
                return i;
            }
        }
        return -1;
    }

    int countPending() {
        int n = 0;
        for (State s : states) {
            if (s == State.PENDING) {
                n++;
            }
        }
        return n;
    }

    private void advancePrefix() {
        while (verifiedPrefix < states.length && states[verifiedPrefix] == State.DONE) {
            verifiedPrefix++;
        }
    }
}
