package io.outagedrill.client.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code NAME.part} beside the destination: chunks are written at their offsets by several connections at once,
 * forced to disk before the journal marks them, and the file gets its real name only by {@link #promote atomic
 * rename} after the whole-file SHA-256 matched.
 *
 * <p>The part file is this client's own plain file, never a link: whoever else can write in the download folder
 * could plant {@code NAME.part} as a symbolic link to a file of the user's, which resuming would truncate and
 * overwrite, and which the rename would then put at the destination. A link (or a FIFO, a device) found there is
 * removed, the link and not what it points at, and the file is opened without following links; a hard link (the
 * user's file under a second name) loses that name the same way.
 *
 * <p>Which file is open is known by its identity (its {@link BasicFileAttributes#fileKey file key}: device and
 * inode), read when it is opened, never by its name afterwards: another file can be put at the name at any time
 * (renamed over it), and the download goes on writing to the one it opened. Before anything is done to the file at
 * the name (the rename into place, the removal of a download that verified nothing) that file's identity is
 * compared with the one opened ({@link #stillAtPath}), and the other file is left alone, said by name. Java reads
 * no identity from an open channel portably, so the one opened is read at its name around the open and must be
 * the same on both sides; a file put there in the moment between (a new part file's creation and the read after
 * it) is the one gap left.
 */
public final class PartFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    /**
     * One write at a time. Positional writes to disjoint ranges would be correct without it, but the kernel runs
     * buffered writes to one file one at a time anyway (ext4 holds the file's lock for each), and a writer that
     * finds it held spins on its CPU while the holder copies: 3% of a 1 GiB download's CPU samples were that
     * spin (perf, four connections on two cores). Waiting here parks the thread instead, and leaves the core to
     * the other connections' decrypting and hashing: 3.675 against 3.755 core-s per GiB, lower in 20 of 32
     * interleaved pairs (docs/benchmarks.md, "The thirteenth round").
     */
    private final ReentrantLock writing = new ReentrantLock();
    /** See {@link #writingSinceNanos}; written under {@link #writing}, read by a watch on another thread. */
    private volatile long writingSince;

    /**
     * Guards {@link #busy} and {@link #closeAsked}: a close waits for no disk operation under way (see
     * {@link #close}).
     */
    private final Object closing = new Object();
    /** Writes, forced writes (and the rename of {@link #promote}) under way, each of which may hang with the disk. */
    private int busy;
    private boolean closeAsked;
    /**
     * Part files of this process whose close is left to a disk operation that has not returned (see {@link #close}):
     * their lock is still held, and a later download of the same file is told why, not to wait for a download.
     */
    private static final Set<Path> CLOSE_LEFT_TO_THE_DISK = ConcurrentHashMap.newKeySet();

    /** What the file system calls the file opened ({@code st_dev} and {@code st_ino}); null where it has none. */
    private final Object fileKey;
    private final Optional<String> replaced;

    private PartFile(Path path, FileChannel channel, Object fileKey, Optional<String> replaced) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
        this.replaced = replaced;
    }

    public static Path pathFor(Path destination) {
        return destination.resolveSibling(destination.getFileName() + ".part");
    }

    /** How a part file's channel is opened: {@link #openOwnFile} but in tests that stand a failing disk in. */
    @FunctionalInterface
    public interface ChannelOpener {
        FileChannel open(Path path) throws IOException;
    }

    /** Opens (or creates) the part file for {@code destination}, keeping existing bytes for resume. */
    public static PartFile open(Path destination) throws IOException {
        return open(destination, PartFile::openOwnFile);
    }

    /**
     * Opens (or creates) {@code path} for reading and writing without following a link: a link put there after
     * {@link #open} removed one fails the open instead of being followed (O_NOFOLLOW).
     */
    public static FileChannel openOwnFile(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** As {@link #open(Path)}, the channel opened by {@code opener}. */
    public static PartFile open(Path destination, ChannelOpener opener) throws IOException {
        Path path = pathFor(destination);
        Optional<String> replaced = Optional.empty();
        BasicFileAttributes found = attributes(path);
        if (found != null && found.isDirectory()) {
            // Someone's folder, not a link planted in place of a file: never deleted, even when empty.
            throw new IOException(("%s is a folder, not a part file this client wrote; move it away to download %s "
                    + "here").formatted(path, destination.getFileName()));
        }
        long names = found != null && found.isRegularFile() ? names(path) : 1;
        if (found != null && !found.isRegularFile()) {
            Files.delete(path); // a link itself, never the file it points at
            replaced = Optional.of("%s was %s, not a part file this client wrote; removed it (%s), starting a new one"
                    .formatted(path.getFileName(), found.isSymbolicLink() ? "a symbolic link" : "not a regular file",
                            found.isSymbolicLink() ? "the link only, not what it pointed at" : "nothing was in it"));
        } else if (names > 1) {
            // A hard link: the same file under another name too (a file of the user's, linked into the folder);
            // writing the download into it would change that file. This name goes, the file stays.
            Files.delete(path);
            replaced = Optional.of(("%s had %d names (a hard link to a file elsewhere), not a part file this client "
                    + "wrote; removed this name only, not the file, starting a new one")
                    .formatted(path.getFileName(), names));
        }
        // The file that is to be opened, when one is kept for resume: the one opened must be it.
        Object expected = replaced.isEmpty() && found != null ? found.fileKey() : null;
        FileChannel channel = opener.open(path);
        try {
            requireNoOtherWriter(channel, path);
            BasicFileAttributes opened = attributes(path);
            if (expected != null && (opened == null || !expected.equals(opened.fileKey()))) {
                throw new IOException(("%s was replaced by another file while this download opened it; not writing "
                        + "into it, nor into the file now at that name, which is left as it is: run the same command "
                        + "again").formatted(path));
            }
            if (opened != null && opened.isRegularFile() && names(path) > 1) {
                throw new IOException(("%s got another name (a hard link) while it was being opened; not writing the "
                        + "download into a file that is also elsewhere").formatted(path));
            }
            return new PartFile(path, channel, opened == null ? null : opened.fileKey(), replaced);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Refuses a part file another download is writing: two downloads of one file into one folder (two threads of an
     * application, two processes) would otherwise write and journal the same {@code NAME.part} at once, and the
     * one that ends first renames it away under the other. The lock covers one byte far beyond any file's end, so
     * that on Windows, where locks are enforced, it blocks no read or write of the file's bytes; it goes with the
     * channel, when the part file is closed or renamed. A file system without locks (some network mounts) is not
     * a reason to refuse a download: there it checks nothing.
     */
    private static void requireNoOtherWriter(FileChannel channel, Path path) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock(Long.MAX_VALUE - 1, 1, false);
        } catch (OverlappingFileLockException heldInThisProcess) {
            if (CLOSE_LEFT_TO_THE_DISK.contains(path.toAbsolutePath())) {
                throw new IOException(("%s is still held by an earlier download of the same file in this process "
                        + "that has ended, but whose last write to the disk has not returned (the disk may have "
                        + "stopped answering): it stays locked until the disk answers; download into another folder "
                        + "meanwhile").formatted(path));
            }
            lock = null;
        } catch (ClosedChannelException interrupted) {
            throw interrupted; // an interrupt of the download, which must end it as one
        } catch (IOException noLocksHere) {
            return;
        }
        if (lock == null) {
            throw new IOException(("%s is being written by another download of the same file into the same folder "
                    + "(in this process or another); wait for it to end, or download into another folder")
                    .formatted(path));
        }
    }

    /**
     * How many names (hard links) the file at {@code path} has; 1 where the file system does not count them (the
     * {@code unix} attribute view is missing on Windows).
     */
    private static long names(Path path) throws IOException {
        try {
            Object count = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return count instanceof Number n ? n.longValue() : 1;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return 1;
        }
    }

    /** The attributes of what is at {@code path} itself (a link is not followed); null when nothing is there. */
    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException none) {
            return null;
        }
    }

    /** Why the file that was at the part file's path was not used (a link, a FIFO...); empty when it was. */
    public Optional<String> replaced() {
        return replaced;
    }

    public Path path() {
        return path;
    }

    /**
     * Writes all of {@code buffer} at {@code position}. Safe to call from several threads for disjoint ranges. A
     * write may hang as long as the disk does (the kernel holds the file while a forced write to it waits, or once
     * the page cache is full of data the disk does not take): {@link #writingSinceNanos} says since when, and, as
     * for a forced write, a {@link #close} meanwhile does not wait for it.
     */
    public void write(ByteBuffer buffer, long position) throws IOException {
        writing.lock();
        try {
            whileBusy(() -> {
                writingSince = System.nanoTime();
                try {
                    long at = position;
                    while (buffer.hasRemaining()) {
                        at += channel.write(buffer, at);
                    }
                } finally {
                    writingSince = 0;
                }
            });
        } finally {
            writing.unlock();
        }
    }

    /**
     * When the write under way began ({@link System#nanoTime}), or 0 when none is: writes run one at a time, so a
     * value that stays the same across two looks is one write that has not returned in between.
     */
    public long writingSinceNanos() {
        return writingSince;
    }

    /** Reads up to {@code buffer.remaining()} bytes at {@code position}; returns the count, -1 at end of file. */
    public int read(ByteBuffer buffer, long position) throws IOException {
        return channel.read(buffer, position);
    }

    public FileChannel channel() {
        return channel;
    }

    /** Makes every byte written so far durable (data only; the size is set once, at {@link #truncate}). */
    public void force() throws IOException {
        whileBusy(() -> channel.force(false));
    }

    /** A disk operation on the part file that may hang as long as the disk does. */
    @FunctionalInterface
    interface DiskOperation {
        void run() throws IOException;
    }

    /**
     * Runs {@code operation} as one {@link #close} does not wait for: a close asked meanwhile is done by the
     * last such operation to end. Refused once a close was asked (the channel is closed, or about to be).
     */
    void whileBusy(DiskOperation operation) throws IOException {
        synchronized (closing) {
            if (closeAsked) {
                throw new ClosedChannelException();
            }
            busy++;
        }
        try {
            operation.run();
        } finally {
            boolean closeNow;
            synchronized (closing) {
                busy--;
                closeNow = busy == 0 && closeAsked;
            }
            if (closeNow) {
                try {
                    closeChannel();
                } catch (IOException late) {
                    // The close asked for has returned long ago; whatever it meets now has no one to tell.
                }
            }
        }
    }

    /**
     * Renames the part file to {@code destination} atomically, replacing what is there, and closes it, its length set
     * to {@code size} first (a previous run may have left it longer). Call only after the whole file has been
     * verified. Closed only once renamed: the channel holds the lock that keeps
     * another download of the same file out (see {@link #open(Path)}), and one let in before the rename
     * would write its unverified bytes into the file just delivered.
     *
     * <p>The file is forced to disk first, and that forced write (fsync) can hang as long as the disk does (a
     * network mount whose server went away, a USB drive gone silent): the force, the rename and the folder's own
     * force run on a thread of their own, waited for until {@code wait} has passed: the disk silent for its limit (see
     * {@link Promotion}, {@link DiskSilence}). A wait begun before on the same disk (the journal's last save) may be
     * given, so that the two are one.
     *
     * @throws NotPromoted past the wait: what was done, and what was not, in words for the user
     */
    public void promote(Path destination, long size, DiskSilence wait) throws IOException {
        Promotion.run(this, destination, size, wait);
    }

    /**
     * The rename into place gave up waiting for the disk. Its message says whether the file was moved; {@link
     * #moveStarted} false means it was not, and never will be by this download.
     */
    public static final class NotPromoted extends IOException {
        private final boolean moveStarted;

        NotPromoted(String message, boolean moveStarted) {
            super(message);
            this.moveStarted = moveStarted;
        }

        /** Whether the rename had begun when the wait gave up (the file may then be at either name). */
        public boolean moveStarted() {
            return moveStarted;
        }

        /** This failure, its message followed by what the next run does ({@code nextRun}, in words). */
        public NotPromoted withNextRun(String nextRun) {
            NotPromoted said = new NotPromoted(getMessage() + "; " + nextRun, moveStarted);
            said.setStackTrace(getStackTrace());
            return said;
        }
    }

    /**
     * Whether the file at the part file's name is still the one this part file opened (by its identity, not its
     * name): false when another file was put there, or nothing is there any more. True where the file system gives
     * no identity (a null file key): nothing to compare.
     */
    public boolean stillAtPath() throws IOException {
        if (fileKey == null) {
            return true;
        }
        BasicFileAttributes now = attributes(path);
        return now != null && fileKey.equals(now.fileKey());
    }

    /**
     * Throws, naming the file, when another file is at the part file's name than the one opened ({@link
     * #stillAtPath}): the download would go on writing a file that can no longer be put in place.
     */
    public void requireStillAtPath() throws NotThisFile {
        boolean still;
        try {
            still = stillAtPath();
        } catch (IOException unreadable) {
            return; // the folder cannot be read now: the rename at the end checks again
        }
        if (!still) {
            throw new NotThisFile(("%s is no longer the file this download is writing: it was removed, or another "
                    + "file was put at that name while the download ran (left as it is)").formatted(path));
        }
    }

    /**
     * Deletes the part file, then closes it: closed first, its lock let go, another download of the same file could
     * open it in between and have it deleted under it. Another file put at its name meanwhile is not deleted: this
     * throws, naming it, and the part file is closed all the same.
     */
    public void delete() throws IOException {
        try {
            if (!stillAtPath()) {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NotThisFile(("not removing %s: another file was put at that name while the download "
                            + "ran, and it is not this download's to remove; left as it is").formatted(path));
                }
                return; // removed already, by someone else
            }
            Files.deleteIfExists(path);
        } finally {
            close();
        }
    }

    /** Another file is at the part file's name than the one this download opened; its message names it. */
    public static final class NotThisFile extends IOException {
        NotThisFile(String message) {
            super(message);
        }
    }

    /**
     * Closes the part file, letting its lock go; at once, unless a write, a forced write or the rename into place is
     * under way on another thread: the JDK's file channel waits in its close for every thread blocked in it to
     * leave, and one stuck in the disk on a hung disk never does, so a download that gave up waiting for the disk
     * would hang in its close all the same. The close is then left to the last of those to end, and the lock stays
     * held until the disk answers.
     */
    @Override
    public void close() throws IOException {
        synchronized (closing) {
            closeAsked = true;
            if (busy > 0) {
                CLOSE_LEFT_TO_THE_DISK.add(path.toAbsolutePath());
                return;
            }
        }
        closeChannel();
    }

    private void closeChannel() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } finally {
            CLOSE_LEFT_TO_THE_DISK.remove(path.toAbsolutePath());
        }
    }
}
