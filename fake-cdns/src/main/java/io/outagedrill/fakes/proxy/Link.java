package io.outagedrill.fakes.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of one proxied connection: reads from {@code source}, writes to {@code target}, through the
 * toxic chain for its direction.
 *
 * <p>Two threads, so that toxics never slow the reading: the reader stamps each chunk and queues it, the
 * processor runs it through the chain (latency then overlaps for consecutive chunks, as in Toxiproxy's
 * channel pipeline). When no toxic applies and nothing is queued, the reader writes straight to the target
 * with one 64 KiB buffer and no copy: the fast path that keeps an idle proxy near loopback speed. The
 * "nothing queued" condition keeps byte order when a chain is removed while chunks are still in it.
 */
final class Link {
    static final int BUFFER_SIZE = 64 * 1024;
    /**
     * Client to server carries requests, a few hundred bytes each: a fleet of a thousand clients holds one reader
     * buffer per direction per connection, and 56 KiB less per connection is about 200 MiB less heap there.
     */
    static final int UPSTREAM_BUFFER_SIZE = 8 * 1024;
    private static final Chunk END = new Chunk(new byte[0], 0, 0, -1, 0);

    final StreamDirection direction;
    final Random random;
    private final ProxyConnection connection;
    private final ProxyRuntime runtime;
    private final InputStream in;
    private final OutputStream out;
    private final Socket target;

    /**
     * Chunks queued for the processor when no toxic asks for more room ({@link Toxic#bufferChunks}): a reader
     * blocked behind a slow toxic makes the upstream feel it, as a slow network does.
     */
    static final int QUEUED_CHUNKS = 16;
    /**
     * What one chunk of a toxic's buffer stands for in bytes: Toxiproxy's chunks are at most 32 KiB. Room is
     * counted in bytes as well as chunks, since this proxy's reads are anything from a byte to 64 KiB: 1024 chunks
     * of Toxiproxy's latency buffer are at most 32 MiB held per direction of a connection, here too.
     */
    static final int TOXIPROXY_CHUNK_BYTES = 32 * 1024;
    /** Reads this proxy may make for each of a toxic's buffered chunks: its reads are often smaller than 32 KiB. */
    private static final int SMALL_READS_PER_CHUNK = 16;

    // Unbounded and linked (no array sized for the largest room a toxic may ask): the reader bounds it by room.
    private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    /** How many chunks, and bytes, may be pending: the link's own, plus what the applying toxics buffer. */
    private volatile int roomChunks = QUEUED_CHUNKS;
    private volatile long roomBytes = (long) QUEUED_CHUNKS * BUFFER_SIZE;
    /** Set while the reader waits for room, so the processor signals only then. */
    private volatile boolean readerWaiting;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile List<ToxicContext> chain = List.of();
    private volatile boolean passThrough = true;
    private volatile boolean closed;
    private volatile Thread processor;
    private long streamOffset;

    Link(StreamDirection direction, ProxyConnection connection, Socket source, Socket target,
         ProxyRuntime runtime) throws IOException {
        this.direction = direction;
        this.connection = connection;
        this.runtime = runtime;
        this.random = runtime.newRandom();
        this.in = source.getInputStream();
        this.out = target.getOutputStream();
        this.target = target;
    }

    ProxyConnection connection() {
        return connection;
    }

    Socket target() {
        return target;
    }

    ScheduledExecutorService timers() {
        return runtime.timers();
    }

    /** The reader loop; runs on its own thread until the source ends or the connection closes. */
    void run() {
        byte[] buffer = new byte[direction == StreamDirection.DOWNSTREAM ? BUFFER_SIZE : UPSTREAM_BUFFER_SIZE];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    if (passThrough && pending.get() == 0) {
                        connection.halfClose(this);
                    } else {
                        enqueue(END);
                    }
                    return;
                }
                if (passThrough && pending.get() == 0) {
                    out.write(buffer, 0, n);
                } else {
                    byte[] copy = Arrays.copyOf(buffer, n);
                    enqueue(new Chunk(copy, 0, n, streamOffset, System.nanoTime()));
                }
                streamOffset += n;
            }
        } catch (IOException | InterruptedException e) {
            connection.close(); // peer went away, or we closed it
        }
    }

    private boolean full() {
        return pending.get() >= roomChunks || pendingBytes.get() >= roomBytes;
    }

    private void enqueue(Chunk chunk) throws InterruptedException {
        if (full()) {
            lock.lock();
            try {
                // Set before the check: a processor that empties the queue after it reads this flag (see delivered).
                readerWaiting = true;
                while (full() && !closed) {
                    changed.await();
                }
            } finally {
                readerWaiting = false;
                lock.unlock();
            }
        }
        pending.incrementAndGet();
        pendingBytes.addAndGet(chunk.length());
        if (processor == null) {
            Thread thread = runtime.threads().newThread(this::process);
            processor = thread;
            thread.start();
        }
        queue.put(chunk);
    }

    /** A chunk left the queue's count: wakes a reader waiting for room. */
    private void delivered(Chunk chunk) {
        pendingBytes.addAndGet(-chunk.length());
        pending.decrementAndGet();
        if (readerWaiting) {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void process() {
        try {
            while (!closed) {
                Chunk chunk = queue.take();
                try {
                    if (chunk == END) {
                        endOfStream();
                        return;
                    }
                    deliver(chain, 0, chunk);
                } finally {
                    delivered(chunk);
                }
            }
        } catch (IOException | InterruptedException e) {
            connection.close();
        }
    }

    private void deliver(List<ToxicContext> contexts, int from, Chunk chunk) throws IOException, InterruptedException {
        int index = from;
        while (index < contexts.size() && (!contexts.get(index).applies || contexts.get(index).stale)) {
            index++;
        }
        if (index == contexts.size()) {
            if (chunk.length() > 0 && !closed) {
                out.write(chunk.data(), chunk.offset(), chunk.length());
            }
            return;
        }
        ToxicContext context = contexts.get(index);
        int next = index + 1;
        context.toxic().pipe(chunk, context, piece -> deliver(contexts, next, piece));
    }

    private void endOfStream() throws InterruptedException {
        for (ToxicContext context : chain) {
            if (context.applies && !context.stale) {
                context.toxic().endOfStream(context);
            }
        }
        connection.halfClose(this);
    }

    /**
     * Installs a new chain. Called by the proxy's toxic collection, one call at a time per link. Unchanged
     * toxics keep their context; updated ones get a fresh one (state carried over); removed ones are cleaned up.
     */
    void chainChanged(List<ToxicEntry> entries) {
        List<ToxicContext> started = new ArrayList<>();
        List<ToxicContext> removed = new ArrayList<>();
        lock.lock();
        try {
            Map<String, ToxicContext> old = new HashMap<>();
            for (ToxicContext context : chain) {
                old.put(context.entry.name(), context);
            }
            List<ToxicContext> next = new ArrayList<>(entries.size());
            for (ToxicEntry entry : entries) {
                ToxicContext previous = old.remove(entry.name());
                if (previous != null && previous.entry == entry) {
                    next.add(previous);
                    continue;
                }
                ToxicContext fresh = new ToxicContext(entry, this, random.nextFloat() < entry.config().toxicity());
                if (previous != null) {
                    retire(previous);
                    fresh.carryFrom(previous);
                }
                next.add(fresh);
                if (fresh.applies) {
                    started.add(fresh);
                }
            }
            for (ToxicContext gone : old.values()) {
                retire(gone);
                if (gone.applies) {
                    removed.add(gone);
                }
            }
            chain = List.copyOf(next);
            passThrough = next.stream().noneMatch(context -> context.applies);
            int buffered = next.stream().filter(context -> context.applies)
                    .mapToInt(context -> context.toxic().bufferChunks()).sum();
            // Bytes bound the room; the count only keeps many tiny reads from piling up without end.
            roomChunks = QUEUED_CHUNKS + SMALL_READS_PER_CHUNK * buffered;
            roomBytes = (long) QUEUED_CHUNKS * BUFFER_SIZE + (long) buffered * TOXIPROXY_CHUNK_BYTES;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        // Outside the lock: these may close the connection.
        started.forEach(context -> context.toxic().start(context));
        removed.forEach(context -> context.toxic().cleanup(context));
    }

    private static void retire(ToxicContext context) {
        context.stale = true;
        context.cancelTimer();
    }

    boolean pause(ToxicContext context, long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return true;
        }
        long deadline = System.nanoTime() + nanos;
        lock.lock();
        try {
            while (!context.stale) {
                if (closed) {
                    throw new InterruptedException("connection closed");
                }
                long left = deadline - System.nanoTime(); // wraps correctly even for Long.MAX_VALUE
                if (left <= 0) {
                    return true;
                }
                changed.awaitNanos(left);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    void sleep(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        lock.lock();
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                if (closed) {
                    throw new InterruptedException("connection closed");
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops both threads; the connection closes the sockets. */
    void close() {
        closed = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (ToxicContext context : chain) {
            context.cancelTimer();
        }
        Thread thread = processor;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
