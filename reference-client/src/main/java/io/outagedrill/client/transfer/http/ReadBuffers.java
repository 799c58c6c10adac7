package io.outagedrill.client.transfer.http;

import io.outagedrill.client.Sha256;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The 64 KiB buffers that bytes pass through on their way from a connection (or the part file) to SHA-256 and the
 * disk, kept for reuse across connection slots, rounds and downloads in this JVM. They are direct where BoringSSL
 * hashes ({@link Sha256#newBuffer}), and a direct buffer is freed only by a garbage collection: made per round or
 * per download, they pile up in a JVM that downloads many files (an application, a fleet of clients) until the
 * direct-memory limit forces full collections. A buffer is taken by one thread and given back when it is done;
 * at most {@code kept} wait here, more are left to the collector.
 */
public final class ReadBuffers {
    static final int SIZE = 64 * 1024;
    /**
     * The JVM's: 64 buffers, 4 MiB at most; enough for twelve downloads at once of four connections and a
     * whole-file hasher each (five buffers a download).
     */
    public static final ReadBuffers SHARED = new ReadBuffers(64);

    private final int kept;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();

    ReadBuffers(int kept) {
        this.kept = kept;
    }

    /** A cleared buffer of {@link #SIZE} bytes, for the caller alone until it {@link #give}s it back. */
    public ByteBuffer take() {
        ByteBuffer waiting = free.poll();
        if (waiting == null) {
            return Sha256.newBuffer(SIZE);
        }
        freeCount.decrementAndGet();
        return waiting.clear();
    }

    /**
     * Hands a buffer from {@link #take} back; the caller must not touch it afterwards. A buffer already waiting here
     * is refused: kept twice, it would go to two takers at once, each reading its bytes into the other's.
     */
    public void give(ByteBuffer buffer) {
        if (buffer.capacity() != SIZE) {
            throw new IllegalArgumentException("a buffer of %d bytes, not one of ReadBuffers' %d"
                    .formatted(buffer.capacity(), SIZE));
        }
        for (ByteBuffer waiting : free) { // at most kept of them; by identity, as equals compares contents
            if (waiting == buffer) {
                throw new IllegalStateException("a buffer given back twice (it is already waiting to be taken)");
            }
        }
        if (freeCount.incrementAndGet() <= kept) {
            free.offer(buffer);
        } else {
            freeCount.decrementAndGet();
        }
    }
}
