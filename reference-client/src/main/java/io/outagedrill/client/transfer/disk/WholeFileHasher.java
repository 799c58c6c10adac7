package io.outagedrill.client.transfer.disk;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.transfer.http.ReadBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Computes the whole-file SHA-256 over the bytes actually on disk, following the verified prefix while the
 * download runs, so the final check costs only the tail instead of a second full pass at the end.
 *
 * <p>What this guarantees: every byte hashed was read back from the part file (through the page cache) after its
 * chunk was verified and will not be written again, so the hash is over the bytes as written, in order, and a
 * write that went wrong between the verified buffer and the file (a torn or misplaced {@code pwrite}, another
 * process writing into the part file) fails the check before the rename. It is not a check of the platter: a
 * page that is later lost on its way to the disk is caught only by the next read (resume re-checks chunks).
 *
 * <p>Memory: one read buffer ({@link ReadBuffers}, 64 KiB) while the download runs, whatever the file or chunk
 * size.
 */
public final class WholeFileHasher {
    private final PartFile part;
    private final long size;
    private final MessageDigest digest = Sha256.newDigest();
    private final Thread thread;
    private long available;
    private long hashed;
    private boolean stopped;
    private IOException failure;

    public WholeFileHasher(PartFile part, long size, String name) {
        this.part = part;
        this.size = size;
        // A platform thread: hashing is pure CPU, and on a virtual thread it would hold a carrier that
        // co-located virtual-thread servers (the fake CDNs in a drill) need.
        this.thread = Thread.ofPlatform().daemon().name("whole-file-hash-" + name).start(this::loop);
    }

    /** The first {@code bytes} of the part file are verified and will not change. */
    public synchronized void available(long bytes) {
        if (bytes > available) {
            available = bytes;
            notifyAll();
        }
    }

    /** Waits for the hash of the whole file; call once every chunk is verified. */
    public String finish() throws IOException {
        available(size);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (IOException) new java.io.InterruptedIOException("interrupted while hashing the file").initCause(e);
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            if (hashed != size) {
                throw new IOException("hashed %d of %d bytes".formatted(hashed, size));
            }
        }
        return Sha256.hex(digest.digest());
    }

    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    private void loop() {
        // One buffer for the download's life, given back at its end: a direct one is freed only by a garbage
        // collection, so making one per wake-up would pile them up until the direct-memory limit forces full
        // collections.
        ByteBuffer buffer = ReadBuffers.SHARED.take();
        try {
            hashUntilDone(buffer);
        } finally {
            ReadBuffers.SHARED.give(buffer);
        }
    }

    private void hashUntilDone(ByteBuffer buffer) {
        while (true) {
            long upTo;
            synchronized (this) {
                while (available <= hashed && !stopped && hashed < size) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped || hashed >= size) {
                    return;
                }
                upTo = available;
            }
            try {
                long position;
                synchronized (this) {
                    position = hashed;
                }
                while (position < upTo) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), upTo - position));
                    int n = part.read(buffer, position);
                    if (n <= 0) {
                        throw new IOException("part file ended at %d bytes, expected %d".formatted(position, upTo));
                    }
                    digest.update(buffer.flip());
                    position += n;
                }
                synchronized (this) {
                    hashed = position;
                }
            } catch (IOException e) {
                synchronized (this) {
                    failure = e;
                }
                return;
            }
        }
    }
}
