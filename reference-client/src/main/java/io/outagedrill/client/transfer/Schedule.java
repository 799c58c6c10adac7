package io.outagedrill.client.transfer;

import io.outagedrill.client.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The scheduling state of one transfer round under its one lock: the chunk board, the assigner that hands work to
 * connection slots, and whether the round has ended (finished or failed). Connection slots block here for work;
 * every change that can unblock one signals them. Bytes are copied and hashed outside this lock, by the attempts.
 */
final class Schedule {
    private static final long IDLE_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ChunkBoard board;
    private final ChunkAssigner assigner;
    private final List<MirrorHealth> mirrors;
    private final Ticker ticker;
    private boolean finished;
    private DownloadFailedException failure;

    Schedule(ChunkBoard board, ChunkAssigner assigner, List<MirrorHealth> mirrors, Ticker ticker) {
        this.board = board;
        this.assigner = assigner;
        this.mirrors = mirrors;
        this.ticker = ticker;
    }

    /** Opens a new round of connection slots (the first, or one that refetches chunks the disk got wrong). */
    void open() {
        update(() -> {
            finished = false;
            failure = null;
        });
    }

    /**
     * Blocks a connection slot until there is work for it: the next attempt, or null when the round is over.
     * When no mirror can serve a waiting chunk any more, the round fails saying why.
     */
    Attempt next() {
        lock.lock();
        try {
            while (!finished && failure == null && !board.complete()) {
                long now = ticker.nanoTime();
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
                changed.awaitNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(IDLE_RECHECK_NANOS, wake - now)));
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every chunk of {@code file} is verified or the round failed, failing it at {@code deadlineNanos}
     * (the {@code deadline} after the start).
     */
    void awaitEnd(String file, long deadlineNanos, Duration deadline) {
        lock.lock();
        try {
            while (!board.complete() && failure == null) {
                long now = ticker.nanoTime();
                if (now >= deadlineNanos) {
                    fail(DownloadFailedException.Reason.DEADLINE,
                            "%s: not finished within the deadline of %s".formatted(file, Durations.words(deadline)));
                    break;
                }
                changed.awaitNanos(Math.min(IDLE_RECHECK_NANOS, deadlineNanos - now));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(DownloadFailedException.Reason.INTERRUPTED, file + ": interrupted");
        } finally {
            lock.unlock();
        }
    }

    /** Ends the round: cancels every attempt in flight and wakes every slot so it returns. */
    void stopAll() {
        update(() -> {
            finished = true;
            for (int i = 0; i < board.size(); i++) {
                board.attempts(i).forEach(Attempt::cancel);
            }
            board.superseded().forEach(Attempt::cancel);
        });
    }

    DownloadFailedException failure() {
        return read(() -> failure);
    }

    boolean finished() {
        return read(() -> finished);
    }

    /** Changes the board under the lock, then wakes the slots: something they wait on changed. */
    void update(Runnable action) {
        update(() -> {
            action.run();
            return null;
        });
    }

    /** Changes the board under the lock and returns what {@code action} says, then wakes the slots. */
    <T> T update(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    /** Wakes the slots waiting for work: a connection to some mirror is free again. */
    void wake() {
        update(() -> { });
    }

    /** Reads the board under the lock, waking nobody. */
    <T> T read(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** The board and assigner, for code already running under {@link #read} or {@link #update}. */
    ChunkBoard board() {
        return board;
    }

    ChunkAssigner assigner() {
        return assigner;
    }

    /** Records the attempt as ended without the chunk, saying why, and frees the chunk for another slot. */
    void release(Attempt attempt, String why) {
        update(() -> board.fail(attempt, why));
    }

    /**
     * Takes {@code chunk} for {@code mirror} when it is still waiting and the mirror was never blamed for it (a
     * Range-ignoring stream passing over the file); null otherwise.
     */
    Attempt claim(int chunk, MirrorHealth mirror) {
        return read(() -> {
            if (finished || board.state(chunk) != ChunkBoard.State.PENDING || board.blamed(chunk, mirror)) {
                return null;
            }
            Attempt attempt = new Attempt(chunk, mirror, false, ticker.nanoTime());
            board.start(attempt);
            // The stream writes the chunk from its start, over the bytes a broken attempt kept: kept on, their
            // digest would let the next attempt finish the chunk by range over the stream's bytes if it failed.
            board.partial(chunk, null);
            return attempt;
        });
    }

    /**
     * Keeps what {@code attempt} received of its chunk before its connection broke, for the next attempt to finish
     * by range. Wakes nobody: the chunk becomes available only when the attempt is released.
     */
    void keepPartial(Attempt attempt, ChunkBoard.Partial partial) {
        read(() -> {
            // Checked under the lock: a hedge that won meanwhile finished the chunk (and dropped its partial), and a
            // partial kept on a finished chunk would be taken up if a later round reopened it. An attempt taken over
            // keeps nothing: the connection that took its chunk writes the same range from the chunk's start.
            if (attempt.cancelled() || attempt.superseded() || board.state(attempt.chunk) == ChunkBoard.State.DONE) {
                return null;
            }
            attempt.keptBytes = attempt.bytes.get();
            board.partial(attempt.chunk, partial);
            return null;
        });
    }

    /** Whether some chunk from {@code from} on is still waiting and {@code mirror} may serve it. */
    boolean anyClaimableFrom(int from, MirrorHealth mirror) {
        return read(() -> {
            for (int c = board.firstPending(from); c >= 0; c = board.firstPending(c + 1)) {
                if (!board.blamed(c, mirror)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether a mirror that honours Range, other than {@code except}, can serve {@code chunk}. */
    boolean rangedMirrorCanServe(int chunk, MirrorHealth except) {
        return read(() -> assigner.rangedMirrorCanServe(chunk, except));
    }

    /** Ends the round with a fault of the client's own, {@code bug}, thrown on a transfer thread. */
    void failInternally(String file, Throwable bug) {
        update(() -> fail(new DownloadFailedException(DownloadFailedException.Reason.INTERNAL,
                "%s: the client failed on a transfer thread (%s); this is a bug in the client".formatted(file, bug),
                bug)));
    }

    /**
     * Ends the download because its part file (or a hedge's scratch file beside it) could not be written; the chunks
     * verified and saved in the journal stay for the next run to resume.
     */
    void failLocally(String file, Path partFile, IOException why) {
        update(() -> fail(new DownloadFailedException(DownloadFailedException.Reason.LOCAL_IO,
                ("%s: could not write %s or a file beside it (%s); no mirror is to blame. The chunks verified and "
                        + "saved so far are kept: run the same command again to resume once the disk can take the "
                        + "rest").formatted(file, partFile, why.getMessage()),
                why)));
    }

    /**
     * Ends the download because a write to its part file has not returned while the disk took no data for a while
     * ({@code why}, in words): the disk may be hung, and nothing more can be written or saved on it.
     */
    void failDiskHung(String file, Path partFile, String why) {
        update(() -> fail(new DownloadFailedException(DownloadFailedException.Reason.LOCAL_IO,
                ("%s: a write to %s has not returned (%s, so the disk may be hung: a network file system whose server "
                        + "went away, a drive gone silent); no mirror is to blame. The part file stays for the next run, "
                        + "which resumes from it and its journal").formatted(file, partFile, why), List.of())));
    }

    /**
     * Ends the download because another file was put at its part file's name: what it fetches from now on could
     * never be put in place (the rename checks which file is at the name), so it stops fetching.
     */
    void failPartFileReplaced(String file, IOException why) {
        update(() -> fail(new DownloadFailedException(DownloadFailedException.Reason.LOCAL_IO,
                ("%s: %s; no mirror is to blame, and nothing more is fetched into a file that can no longer be put "
                        + "in place. Run the same command again to download it: that run takes whatever is at that "
                        + "name as its part file").formatted(file, why.getMessage()), why)));
    }

    private void fail(DownloadFailedException.Reason reason, String message) {
        fail(new DownloadFailedException(reason, message, List.of()));
    }

    private void fail(DownloadFailedException failed) {
        // Not once every chunk is verified: what fails then (a losing hedge's scratch file on a full disk, a slot
        // still winding down) costs nothing the download needs, and must not fail a complete file.
        if (failure == null && !board.complete()) {
            failure = failed;
        }
        changed.signalAll();
    }
}
