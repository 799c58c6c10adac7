package io.outagedrill.client.store;

import io.outagedrill.client.ByteSize;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.ListenerGuard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A local, content-addressed cache of verified files: {@code ROOT/sha256/ab/abcdef...}. A later download of
 * the same content is served from here, and {@code --offline} uses nothing else, which is what a user wants
 * during an outage. Entries are checked against their hash before use: the cache folder is not trusted more
 * than a mirror is.
 *
 * <p>It holds at most {@link #limit()} bytes: after a new entry is stored, the least recently used others
 * ({@link LastUse}) are deleted until the rest fit. Several processes may share the folder without a lock:
 * an entry appears only by atomic rename, so it is whole or absent; a reader opens it once and hashes what it
 * copies, so an entry deleted or replaced meanwhile cannot hand it wrong bytes; two processes evicting at once
 * at worst both delete a file, which only costs a later download.
 */
public final class ContentCache {
    /**
     * 10 GiB. A fixed size rather than a fraction of free space: a fraction moves as the disk fills (the cache's
     * own files and the pipeline's output included), so entries would vanish because of unrelated disk use and
     * the same run would keep different files on different machines. A fixed number is predictable, is what
     * ccache and similar tools do, holds a few large media files, and {@code --cache-limit} changes it.
     */
    public static final long DEFAULT_LIMIT = 10L << 30;
    /**
     * A temporary file older than this belongs to a process that died while storing: storing takes one rename
     * after a hard link, or a copy whose writes keep the file's modification time fresh.
     */
    static final Duration LEFTOVER_TEMP_AGE = Duration.ofHours(1);

    private final Path root;
    private final long limit;
    private final Clock clock;
    private final DownloadListener listener;
    /**
     * {@link #listener}, whose exceptions are logged ({@link ListenerGuard}): the cache's events come after the file is
     * in place ({@link #put} never throws), and a listener of the application's that threw there ended a download
     * whose file was already there.
     */
    private final DownloadListener told;
    private final CacheLayout layout;
    /** Shared by the copies that only tell another listener ({@link #withListener}): one cache, swept once. */
    private final AtomicBoolean leftoversSwept;
    /** How a restored copy's file is opened: {@link #newFile} but in tests that stand a failing disk in. */
    private final PartFile.ChannelOpener copies;

    public ContentCache(Path root) {
        this(root, DEFAULT_LIMIT, Clock.systemUTC(), DownloadListener.none());
    }

    /**
     * @param limit    most bytes the cache holds (more than 0)
     * @param clock    the time recorded as an entry's last use, and against which leftovers are aged
     * @param listener hears about files not cached, evictions and damaged entries
     */
    public ContentCache(Path root, long limit, Clock clock, DownloadListener listener) {
        this(root, limit, clock, listener, ContentCache::newFile, new AtomicBoolean());
    }

    private ContentCache(Path root, long limit, Clock clock, DownloadListener listener,
                         PartFile.ChannelOpener copies, AtomicBoolean leftoversSwept) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the cache limit must be more than 0 bytes, was " + limit);
        }
        this.root = Objects.requireNonNull(root);
        this.limit = limit;
        this.clock = Objects.requireNonNull(clock);
        this.listener = Objects.requireNonNull(listener);
        this.told = ListenerGuard.of(listener);
        this.layout = new CacheLayout(root);
        this.copies = Objects.requireNonNull(copies);
        this.leftoversSwept = leftoversSwept;
    }

    /** {@link UserFolders#cache()}: {@code $XDG_CACHE_HOME/outage-drill}, else {@code ~/.cache/outage-drill}. */
    public static Path defaultRoot() {
        return UserFolders.cache();
    }

    /** For tests: restored copies written through {@code opener}, such as a disk that refuses every write. */
    ContentCache copiesThrough(PartFile.ChannelOpener opener) {
        return new ContentCache(root, limit, clock, listener, opener, new AtomicBoolean());
    }

    public ContentCache withLimit(long bytes) {
        return new ContentCache(root, bytes, clock, listener, copies, new AtomicBoolean());
    }

    /** The same cache telling {@code value} what it keeps, evicts and drops. */
    public ContentCache withListener(DownloadListener value) {
        return new ContentCache(root, limit, clock, value, copies, leftoversSwept);
    }

    public Path root() {
        return root;
    }

    public long limit() {
        return limit;
    }

    /** Whether it was given a listener of its own ({@link DownloadListener#none()} otherwise). */
    public boolean hasListener() {
        return listener != DownloadListener.none();
    }

    /** Whether {@code value} is the listener it tells (the very one: a download's own, say). */
    public boolean tells(DownloadListener value) {
        return listener == value;
    }

    /**
     * Whether an entry for {@code sha256} is there, unchecked: {@link #restore} still hashes it and may drop it. For
     * a caller that must prepare a copy (room on its disk) only when there is something to copy.
     */
    public boolean holds(String sha256) {
        return Files.exists(layout.entry(sha256), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Copies the cached content to {@code target} if an entry exists and its bytes still hash to {@code sha256};
     * a damaged entry (wrong size or hash) is removed, reported, and false returned. Errors writing
     * {@code target} are thrown.
     */
    public boolean restore(String sha256, long size, Path target) throws IOException {
        sweepLeftoversOnce();
        Path entry = layout.entry(sha256);
        BasicFileAttributes found;
        try {
            found = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException notCached) {
            return false;
        }
        // The cache writes its entries as plain files (or hard links to them). A symbolic link or a FIFO put there
        // could be read for ever (/dev/zero passes the size check of an empty file), or lead anywhere.
        if (!found.isRegularFile()) {
            drop(entry, sha256.toLowerCase(Locale.ROOT), "it is %s, not a file the cache wrote"
                    .formatted(found.isSymbolicLink() ? "a symbolic link" : "not a regular file"));
            return false;
        }
        FileChannel in;
        try {
            in = FileChannel.open(entry, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException notCached) {
            return false;
        }
        try (in) {
            Files.createDirectories(target.toAbsolutePath().getParent()); // only now: a miss leaves no folder behind
            if (!restoreFrom(in, entry, sha256.toLowerCase(Locale.ROOT), size, target)) {
                return false;
            }
        }
        try {
            LastUse.record(entry, clock.instant());
        } catch (NoSuchFileException evictedMeanwhile) {
            // the bytes copied are verified all the same; only this entry's last use is lost with it
        }
        return true;
    }

    /**
     * The copy behind {@link #restore}, reading only through {@code in}: the size, the bytes and their hash all
     * come from the one open file, so once it is open, another process deleting (POSIX keeps an open file's
     * bytes) or replacing the entry cannot make this copy anything but the file it hashed. The bytes go to a
     * file beside {@code target} that replaces it only once they matched: a damaged entry leaves what is at
     * {@code target} (a resumable {@code NAME.part}) as it was.
     */
    boolean restoreFrom(FileChannel in, Path entry, String hex, long size, Path target) throws IOException {
        long actualSize = in.size();
        if (actualSize != size) {
            drop(entry, hex, "it holds %d bytes, the file has %d".formatted(actualSize, size));
            return false;
        }
        Path copy = target.resolveSibling(target.getFileName() + ".from-cache");
        try {
            String actual = copyHashing(in, copy, copies);
            if (!actual.equals(hex)) {
                drop(entry, hex, "its bytes hash to " + actual);
                return false;
            }
            Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * A new file every time (O_CREAT|O_EXCL follows no link): truncating whatever is at the name would truncate the
     * file a link planted there points at.
     */
    private static FileChannel newFile(Path path) throws IOException {
        Files.deleteIfExists(path);
        return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static String copyHashing(FileChannel in, Path target, PartFile.ChannelOpener copies) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel out = copies.open(target)) {
            while (in.read(buffer) > 0) {
                buffer.flip();
                digest.update(buffer.duplicate());
                try {
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                } catch (IOException e) {
                    throw couldNotWrite(target, e);
                }
                buffer.clear();
            }
            try {
                // Closed here, not by the try, to word its error: NFS and quotas report ENOSPC or EDQUOT at close.
                // The try's own close then does nothing.
                out.close();
            } catch (IOException e) {
                throw couldNotWrite(target, e);
            }
        }
        return Sha256.hex(digest.digest());
    }

    /** A write's own error (ENOSPC, EDQUOT) names no file: this one says which, and what was being done. */
    private static IOException couldNotWrite(Path target, IOException e) {
        if (e instanceof ClosedChannelException) {
            return e; // not the disk's doing: an interrupt, or the channel closed under the copy
        }
        return new IOException("could not write %s, copying the file out of the cache: %s"
                .formatted(target, IoErrors.describe(e)), e);
    }

    /**
     * Removes a damaged entry. If another process stored good bytes under the same name a moment ago, they go
     * too: that costs a download later, never a wrong file.
     */
    private void drop(Path entry, String hex, String reason) throws IOException {
        Files.deleteIfExists(entry);
        told.on(new DownloadEvent.CacheEntryDropped(clock.instant(), hex, reason));
    }

    /**
     * Adds a verified file (a hard link when possible, which takes no extra space, else a copy), then evicts the
     * least recently used other entries until the cache fits its limit. A file larger than the whole limit is not
     * cached. Never throws: the download is already done, and a cache that cannot keep a file only costs a
     * later download; the listener hears why.
     */
    public void put(Path verifiedFile, String sha256) {
        String hex = sha256.toLowerCase(Locale.ROOT);
        String name = verifiedFile.getFileName().toString();
        long size = -1;
        try {
            size = Files.size(verifiedFile);
            if (size > limit) {
                told.on(new DownloadEvent.CacheSkipped(clock.instant(), name, size,
                        "it is %s, more than the whole cache limit of %s".formatted(ByteSize.format(size),
                                ByteSize.format(limit))));
                return;
            }
            Path entry = layout.entry(hex);
            if (!sameSize(entry, size)) {
                store(verifiedFile, entry);
            }
            LastUse.record(entry, clock.instant());
        } catch (IOException e) {
            told.on(new DownloadEvent.CacheSkipped(clock.instant(), name, Math.max(size, 0),
                    "could not store it in %s: %s".formatted(root, IoErrors.describe(e))));
            return;
        }
        CacheCleanup trimmed = trim(limit, Optional.of(hex));
        if (!trimmed.removed().isEmpty()) {
            told.on(new DownloadEvent.CacheEvicted(clock.instant(), trimmed.removed().size(),
                    trimmed.removedBytes(), limit));
        }
    }

    /** An entry of the right size is the same content (its hash is its name; readers check it anyway). */
    private static boolean sameSize(Path entry, long size) {
        try {
            return Files.size(entry) == size;
        } catch (IOException absent) {
            return false;
        }
    }

    /**
     * Links or copies into a temporary file, then renames it to the entry's name atomically, so a reader never
     * sees a half-written entry. The copy is not forced to disk: after a crash a torn entry fails its hash on
     * the next read and is dropped, which is cheaper than making every download pay an fsync of its whole file.
     */
    private void store(Path verifiedFile, Path entry) throws IOException {
        Files.createDirectories(entry.getParent());
        Path temp = layout.tempFor(entry);
        try {
            try {
                Files.createLink(temp, verifiedFile);
            } catch (IOException | UnsupportedOperationException crossDevice) {
                Files.copy(verifiedFile, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Every entry, most recently used first. */
    public List<CacheEntry> entries() throws IOException {
        List<CacheEntry> entries = new ArrayList<>(layout.scan().entries());
        entries.sort(LruEviction.LEAST_RECENT_FIRST.reversed());
        return entries;
    }

    /** Deletes leftover temporary files and the least recently used entries beyond the limit. */
    public CacheCleanup prune() throws IOException {
        return removeOrThrow(entries -> LruEviction.victims(entries, limit, Optional.empty()));
    }

    /** Deletes every entry and every leftover temporary file (not those of a store in progress elsewhere). */
    public CacheCleanup clear() throws IOException {
        // Every entry, not "down to 0 bytes": an empty file's entry fits in any limit but is an entry all the same.
        return removeOrThrow(entries -> entries.stream().sorted(LruEviction.LEAST_RECENT_FIRST).toList());
    }

    private CacheCleanup trim(long bytes, Optional<String> keep) {
        try {
            return removeOrThrow(entries -> LruEviction.victims(entries, bytes, keep));
        } catch (IOException unreadableFolder) {
            return new CacheCleanup(List.of(), 0); // the next store or prune tries again
        }
    }

    /** Deletes leftover temporary files and the entries {@code choose} picks from all of them. */
    private CacheCleanup removeOrThrow(Function<List<CacheEntry>, List<CacheEntry>> choose) throws IOException {
        CacheLayout.Scan scan = layout.scan();
        int leftovers = deleteLeftovers(scan.temps());
        List<CacheEntry> removed = new ArrayList<>();
        for (CacheEntry victim : choose.apply(scan.entries())) {
            if (Files.deleteIfExists(victim.path())) {
                removed.add(victim);
            }
        }
        return new CacheCleanup(removed, leftovers);
    }

    private void sweepLeftoversOnce() {
        if (leftoversSwept.compareAndSet(false, true)) {
            try {
                deleteLeftovers(layout.scan().temps());
            } catch (IOException unreadableFolder) {
                // reading entries will say what is wrong, if anything is
            }
        }
    }

    /** Deletes the temporary files older than {@link #LEFTOVER_TEMP_AGE}; returns how many. */
    private int deleteLeftovers(List<Path> temps) {
        Instant cutoff = clock.instant().minus(LEFTOVER_TEMP_AGE);
        int deleted = 0;
        for (Path temp : temps) {
            try {
                if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff) && Files.deleteIfExists(temp)) {
                    deleted++;
                }
            } catch (IOException goneOrUnreadable) {
                // finished (renamed) or removed by another process meanwhile
            }
        }
        return deleted;
    }
}
