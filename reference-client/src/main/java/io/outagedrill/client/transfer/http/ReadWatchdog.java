package io.outagedrill.client.transfer.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The body's stall limit, per read: a read that has not returned within the limit has its call cancelled, which
 * closes the socket and ends the read. What is timed is a read of the response body, so of decrypted bytes over
 * HTTPS: a server that sends a TLS record one byte at a time never completes a read, and is cut like a silent one
 * (slow retrieval, from TUF's threat model). A socket timeout would not do: every raw byte resets it.
 *
 * <p>Written by hand in place of Okio's per-read timeout, which does the same but enters and leaves its watchdog's
 * shared, locked queue on every read of at most 8 KiB, and often wakes its thread: about 0.1 core-s per GiB over
 * HTTPS (docs/benchmarks.md, "The eleventh round"). Here a read only stamps when it starts and clears the stamp when
 * it returns, two writes to a field of its own; one thread looks at the stamps when the earliest of them could be
 * overdue, and leaves when nothing is watched. Used over HTTP/1.x only ({@link BodyReader} says why).
 */
final class ReadWatchdog {
    /** The JVM's, for every download in it. */
    static final ReadWatchdog SHARED = new ReadWatchdog("outage-drill read watchdog");
    /** How long the thread stays with nothing to watch before it ends (a download starts its next chunk sooner). */
    static final Duration IDLE = Duration.ofSeconds(2);
    private static final long NOT_READING = Long.MIN_VALUE;

    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<Watch> watched = new HashSet<>();
    private Thread thread;
    /** When the thread next looks, on {@link System#nanoTime()}; meaningful only while it waits. */
    private long wakeAt;
    /** Whether the thread is waiting with nothing to watch. */
    private boolean idle;

    ReadWatchdog(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Starts watching reads that {@code limit} bounds, each; {@code onExpiry} (which must not block: a call's
     * cancel) runs on the watchdog's thread once, when a read overstays. The caller closes the watch when its reads
     * are over.
     */
    Watch watch(Duration limit, Runnable onExpiry) {
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("a read limit above zero, not " + limit);
        }
        Watch watch = new Watch(limit.toNanos(), onExpiry);
        lock.lock();
        try {
            watched.add(watch);
            if (thread == null) {
                try {
                    thread = start();
                } catch (RuntimeException | Error e) {
                    watched.remove(watch); // not handed out, so never closed: it would keep every later thread busy
                    throw e;
                }
            } else if (System.nanoTime() + watch.limitNanos - wakeAt < 0) {
                changed.signal(); // due before the thread would look (it may be waiting out IDLE with nothing to watch)
            }
        } finally {
            lock.unlock();
        }
        return watch;
    }

    /** Whether the watchdog's thread is running (for tests: it ends by itself once nothing is watched). */
    boolean running() {
        lock.lock();
        try {
            return thread != null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the thread is waiting with nothing to watch (for tests). */
    boolean idle() {
        lock.lock();
        try {
            return thread != null && idle;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private Thread start() {
        // Neither the starting worker's thread locals nor its class loader: the thread outlives any one download.
        Thread started = Thread.ofPlatform().daemon().name(threadName).inheritInheritableThreadLocals(false)
                .unstarted(this::run);
        started.setContextClassLoader(null);
        started.start();
        return started;
    }

    private void run() {
        try {
            List<Watch> expired = new ArrayList<>();
            while (true) {
                lock.lock();
                try {
                    long now = System.nanoTime();
                    if (watched.isEmpty()) {
                        // Bounded: the thread ends once nothing has been watched for IDLE, and a new watch starts
                        // another. A watch added meanwhile wakes the thread if it is due before the wait ends, and
                        // is found when the wait ends otherwise.
                        wakeAt = now + IDLE.toNanos();
                        idle = true;
                        boolean timedOut;
                        try {
                            timedOut = changed.awaitNanos(IDLE.toNanos()) <= 0;
                        } finally {
                            idle = false;
                        }
                        if (timedOut && watched.isEmpty()) {
                            thread = null;
                            return;
                        }
                        continue;
                    }
                    long next = now + Long.MAX_VALUE / 2;
                    for (Watch w : watched) {
                        long due = w.due(now, expired);
                        if (due - now < next - now) {
                            next = due;
                        }
                    }
                    if (expired.isEmpty()) {
                        wakeAt = next;
                        changed.awaitNanos(Math.max(next - now, TimeUnit.MILLISECONDS.toNanos(1)));
                    }
                } finally {
                    lock.unlock();
                }
                // Outside the lock: a cancel closes a socket and tells the call's listeners, and must hold up
                // neither the readers' watch and close nor the other watches.
                for (Watch w : expired) {
                    w.expire();
                }
                expired.clear();
            }
        } catch (InterruptedException e) {
            // Nobody interrupts it; below, a successor takes over what is still watched.
        } finally {
            lock.lock();
            try {
                if (thread == Thread.currentThread()) {
                    thread = null;
                    if (!watched.isEmpty()) {
                        try {
                            thread = start();
                        } catch (RuntimeException | Error e) {
                            // No thread to be had (the JVM's limit): the next watch tries again.
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The reads of one response body. Stamped by its reading thread; judged by the watchdog's. */
    final class Watch implements AutoCloseable {
        private final long limitNanos;
        private final Runnable onExpiry;
        private volatile long readingSince = NOT_READING;
        private volatile boolean expired;

        private Watch(long limitNanos, Runnable onExpiry) {
            this.limitNanos = limitNanos;
            this.onExpiry = onExpiry;
        }

        /** A read begins. */
        void reading() {
            readingSince = System.nanoTime();
        }

        /** The read returned (with bytes, the end, or a failure); returns how long it waited, in nanoseconds. */
        long returned() {
            long waited = System.nanoTime() - readingSince;
            readingSince = NOT_READING;
            return waited;
        }

        /** Whether a read overstayed the limit and the call was cancelled for it. */
        boolean expired() {
            return expired;
        }

        /**
         * On the watchdog's thread, under its lock: marks an overdue read expired (adding it to {@code expired}, to be
         * cancelled once the lock is released), and says when this watch must be looked at next (a read that starts
         * after this look is due no sooner than a limit from now).
         */
        private long due(long now, List<Watch> expired) {
            long since = readingSince;
            if (since == NOT_READING || this.expired) {
                return now + limitNanos;
            }
            if (now - since >= limitNanos) {
                this.expired = true;
                expired.add(this);
                return now + limitNanos;
            }
            return since + limitNanos;
        }

        /** On the watchdog's thread, without its lock. */
        private void expire() {
            try {
                onExpiry.run();
            } catch (Throwable e) {
                // A cancel that failed leaves the read to the socket's own timeout; the other watches go on.
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                watched.remove(this);
            } finally {
                lock.unlock();
            }
        }
    }
}
