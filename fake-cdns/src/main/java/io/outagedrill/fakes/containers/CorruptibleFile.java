package io.outagedrill.fakes.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One file of a provider's own copy on the host, which a real server serves through a bind mount, with bytes that
 * {@code http.corrupt-bytes} inverts in place: every bit of the byte at each offset, as the in-process fake's
 * corrupting stream does, written with a positional {@link FileChannel} write into the same inode, so nginx (which
 * reads the page cache with sendfile) carries the bad byte in its next response. After every change the file's
 * modification time is set back to the one it had when staged: nginx's {@code ETag} and {@code Last-Modified} come
 * from it and the size, so they stay the same and the server lies silently, as a mirror with a bad copy does.
 *
 * <p>Rules overlap as in-process, where offsets add up and each byte is corrupted once: an offset is inverted when
 * the first active rule names it and written back when the last one naming it is cleared (inverting twice would
 * restore it). Offsets at or past the end of the file do nothing, as they never fall in a response. Thread-safe.
 */
final class CorruptibleFile {
    private final Path file;
    private final long size;
    private final FileTime staged;
    // Guarded by this: how many active rules name each inverted offset, and its original byte.
    private final Map<Long, Integer> holders = new HashMap<>();
    private final Map<Long, Byte> originals = new HashMap<>();

    /** The file as it is now is the good copy; its modification time is the one kept. */
    CorruptibleFile(Path file) {
        this.file = file;
        try {
            this.size = Files.size(file);
            this.staged = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size and time of " + file, e);
        }
    }

    /**
     * Inverts the bytes at {@code offsets} that no other active rule has inverted already, until the returned
     * handle runs (once; running it again does nothing).
     */
    Runnable invert(Collection<Long> offsets) {
        List<Long> mine = new TreeSet<>(offsets).stream().filter(offset -> offset >= 0 && offset < size).toList();
        synchronized (this) {
            List<Long> first = new ArrayList<>();
            for (long offset : mine) {
                if (holders.merge(offset, 1, Integer::sum) == 1) {
                    first.add(offset);
                }
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (long offset : first) {
                    byte original = read(channel, offset);
                    originals.put(offset, original);
                    write(channel, offset, (byte) ~original);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot corrupt " + file + " at " + first, e);
            } finally {
                keepTime();
            }
        }
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                restore(mine);
            }
        };
    }

    private synchronized void restore(List<Long> offsets) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long offset : offsets) {
                if (holders.merge(offset, -1, Integer::sum) == 0) {
                    holders.remove(offset);
                    write(channel, offset, originals.remove(offset));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the good bytes of " + file + " back at " + offsets, e);
        } finally {
            keepTime();
        }
    }

    private void keepTime() {
        try {
            Files.setLastModifiedTime(file, staged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the modification time of " + file + " back", e);
        }
    }

    private static byte read(FileChannel channel, long offset) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (one.hasRemaining()) {
            if (channel.read(one, offset) < 0) {
                throw new IOException("end of file at " + offset);
            }
        }
        return one.get(0);
    }

    private static void write(FileChannel channel, long offset, byte value) throws IOException {
        ByteBuffer one = ByteBuffer.wrap(new byte[] {value});
        while (one.hasRemaining()) {
            channel.write(one, offset);
        }
    }
}
