package io.outagedrill.client.transfer;

import io.outagedrill.client.Sha256;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The buffers that bytes pass through on their way from a connection (or the part file) to SHA-256 and the disk,
 * kept for reuse across connection slots, rounds and downloads in this JVM. They are direct where BoringSSL
 * hashes ({@link Sha256#newBuffer}), and a direct buffer is freed only by a garbage collection: made per round or
 * per download, they pile up in a JVM that downloads many files (an application, a fleet of clients) until the
 * direct-memory limit forces full collections. A buffer is taken by one thread and given back when it is done;
 * at most {@code kept} wait here, more are left to the collector.
 *
 * <p>Two sizes, one pool each, chosen by the download's chunk size ({@link #forChunks}). A buffer's size is the
 * piece that is gathered from the connection and hashed in one call, and, for the whole-file hash, read back from
 * the part file in one {@code pread}: a GiB in 64 KiB pieces is 16,384 of each, in 256 KiB pieces 4,096 (it is
 * written in 32 KiB calls, {@link io.outagedrill.client.store.PartFile#write}). Larger buffers are for large
 * chunks only, because their memory is per connection: a JVM running a thousand small downloads at once (the fleet
 * bench) would hold over a GiB of them.
 */
final class ReadBuffers {
    /** Pieces for chunks under {@link #LARGE_CHUNK}: 64 KiB, five per download of four connections. */
    static final ReadBuffers SMALL = new ReadBuffers(64 * 1024, 64);
    /** Pieces for chunks of {@link #LARGE_CHUNK} and more: 256 KiB, at most a sixteenth of such a chunk. */
    static final ReadBuffers LARGE = new ReadBuffers(256 * 1024, 16);
    /** The chunk size from which {@link #LARGE} buffers are used. */
    static final long LARGE_CHUNK = 4L << 20;

    private final int size;
    private final int kept;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();

    /** A pool of buffers of {@code size} bytes that keeps at most {@code kept} of them waiting. */
    ReadBuffers(int size, int kept) {
        this.size = size;
        this.kept = kept;
    }

    /** The pool for a download in chunks of {@code chunkSize} bytes. */
    static ReadBuffers forChunks(long chunkSize) {
        return chunkSize >= LARGE_CHUNK ? LARGE : SMALL;
    }

    /** Whether {@code capacity} is the size of the buffers of one of the shared pools. */
    static boolean pooledSize(int capacity) {
        return capacity == SMALL.size || capacity == LARGE.size;
    }

    int size() {
        return size;
    }

    /** A cleared buffer of {@link #size} bytes, for the caller alone until it {@link #give}s it back. */
    ByteBuffer take() {
        ByteBuffer waiting = free.poll();
        if (waiting == null) {
            return Sha256.newBuffer(size);
        }
        freeCount.decrementAndGet();
        return waiting.clear();
    }

    /**
     * Hands a buffer from {@link #take} back; the caller must not touch it afterwards. A buffer already waiting here
     * is refused: kept twice, it would go to two takers at once, each reading its bytes into the other's.
     */
    void give(ByteBuffer buffer) {
        if (buffer.capacity() != size) {
            throw new IllegalArgumentException("a buffer of %d bytes, not one of this pool's %d"
                    .formatted(buffer.capacity(), size));
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
