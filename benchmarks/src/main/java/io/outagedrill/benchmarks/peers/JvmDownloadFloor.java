package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import org.conscrypt.Conscrypt;

/**
 * The {@code jvm-download-floor} contender: the least a verifying download of the bench's file costs in Java, with
 * nothing in it but what the targets ask of {@code drill get}, in a fresh JVM started with the client's flags. It
 * does what the client does on a healthy run and nothing else: four HTTPS connections over the three mirrors (two
 * to the first), each asking for runs of eight 4 MiB chunks with one ranged request per run (the client's defaults
 * and its largest run), every chunk's SHA-256 checked as it arrives, the file written by position, the whole file's
 * SHA-256 computed over the verified prefix read back from the file while the download runs, checked, the file
 * flushed to disk (every 100 ms while it runs, as the client's journal does, and once at the end) and renamed.
 *
 * <p>What it leaves out is what the client has for the days that are not healthy: no HTTP library (HTTP/1.1 spoken
 * by hand over {@link EngineConnection}, no redirects, no retries), no manifest to check, no journal to resume
 * from, no events, no progress display, no failover, no measuring of mirrors. Its cost over {@link JvmReceiveFloor}
 * is the part of a JVM client's cost that verifying and writing add; the reference client's cost over it is what
 * its HTTP library and its own code add. It trusts only the bench's CA and checks the host name, as the client does.
 *
 * <p>Prints the file's size on standard output and exits 0 when every chunk and the whole file matched and the file
 * is in place; else says what went wrong on standard error and exits 1 (2 for wrong arguments), leaving no file
 * under the final name.
 */
public final class JvmDownloadFloor {
    static final int CONNECTIONS = 4;
    static final int RUN_CHUNKS = 8;
    /** As often as the client's journal flushes the part file. */
    static final long FLUSH_INTERVAL_MILLIS = 100;
    /** No byte from any mirror for this long ends the download (the client's default stall limit). */
    static final Duration DEFAULT_STALL_LIMIT = Duration.ofSeconds(5);
    private static final Provider CONSCRYPT = Conscrypt.newProvider();

    /**
     * What to download and how to check it.
     *
     * @param out         the file to write (a {@code .part} beside it until it is verified)
     * @param size        the file's size in bytes
     * @param sha256      the whole file's SHA-256, lowercase hex
     * @param chunkSize   bytes per chunk (the last may be shorter)
     * @param chunkHashes each chunk's SHA-256, lowercase hex, in order
     * @param caPem       the only CA to trust
     * @param mirrors     the file's HTTPS URLs
     * @param stallLimit  how long the download may go without a byte from any mirror before it fails
     */
    record Plan(Path out, long size, String sha256, long chunkSize, List<String> chunkHashes, Path caPem,
                List<URI> mirrors, Duration stallLimit) {
        /** With the stall limit the client's CLI has by default. */
        Plan(Path out, long size, String sha256, long chunkSize, List<String> chunkHashes, Path caPem,
             List<URI> mirrors) {
            this(out, size, sha256, chunkSize, chunkHashes, caPem, mirrors, DEFAULT_STALL_LIMIT);
        }

        Plan {
            chunkHashes = List.copyOf(chunkHashes);
            mirrors = List.copyOf(mirrors);
            if (size <= 0 || chunkSize <= 0 || chunkHashes.size() != (size + chunkSize - 1) / chunkSize) {
                throw new IllegalArgumentException("%d chunk hashes for %d bytes in chunks of %d"
                        .formatted(chunkHashes.size(), size, chunkSize));
            }
            if (mirrors.isEmpty()) {
                throw new IllegalArgumentException("no mirror to download from");
            }
        }

        int chunks() {
            return chunkHashes.size();
        }

        long chunkEnd(int chunk) {
            return Math.min((chunk + 1) * chunkSize, size);
        }
    }

    private final Plan plan;
    private final FileChannel file;
    private final SSLContext context;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Bytes received, read by the stall watch. */
    private final AtomicLong received = new AtomicLong();
    private final List<EngineConnection> open = new CopyOnWriteArrayList<>();
    private final VerifiedPrefix prefix;
    private final ReentrantLock writing = new ReentrantLock();
    /** Counted down when every connection is done. */
    private final CountDownLatch transferred = new CountDownLatch(1);

    private JvmDownloadFloor(Plan plan, FileChannel file, SSLContext context) throws NoSuchAlgorithmException {
        this.plan = plan;
        this.file = file;
        this.context = context;
        this.prefix = new VerifiedPrefix(plan, file, sha256(), this::fail);
    }

    public static void main(String[] args) {
        if (args.length < 7) {
            System.err.println("usage: JvmDownloadFloor OUT_FILE SIZE SHA256 CHUNK_SIZE CHUNK_HASHES_FILE "
                    + "CA_CERTIFICATE_PEM HTTPS_URL...");
            System.exit(2);
        }
        Plan plan;
        try {
            List<URI> mirrors = new ArrayList<>();
            for (int i = 6; i < args.length; i++) {
                mirrors.add(URI.create(args[i]));
            }
            plan = new Plan(Path.of(args[0]), Long.parseLong(args[1]), args[2], Long.parseLong(args[3]),
                    Files.readAllLines(Path.of(args[4])).stream().map(String::strip).filter(s -> !s.isEmpty())
                            .toList(), Path.of(args[5]), mirrors);
        } catch (IOException | RuntimeException e) {
            System.err.println("jvm-download-floor: wrong arguments: " + e);
            System.exit(2);
            return;
        }
        try {
            // As drill get's own process does (JvmReceiveFloor says why); only in this process's main.
            Security.insertProviderAt(Conscrypt.newProvider(), 1);
            System.out.println(download(plan));
        } catch (IOException | GeneralSecurityException | InterruptedException | RuntimeException e) {
            System.err.println("jvm-download-floor: " + e);
            System.exit(1);
        }
    }

    /** Downloads and verifies {@code plan}'s file into {@code plan.out()}; returns its size. */
    static long download(Plan plan) throws IOException, GeneralSecurityException, InterruptedException {
        Path part = plan.out().resolveSibling(plan.out().getFileName() + ".part");
        FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE); // fails, deleting nothing, where a part file is already there
        try (file) {
            JvmDownloadFloor download = new JvmDownloadFloor(plan, file, EngineConnection.context(plan.caPem()));
            download.run();
            file.force(true);
        } catch (IOException | GeneralSecurityException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        // As the client's part file is promoted: renamed, and the rename made durable.
        Files.move(part, plan.out(), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel folder = FileChannel.open(plan.out().toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        }
        return plan.size();
    }

    private void run() throws IOException, InterruptedException {
        Thread flusher = Thread.ofPlatform().daemon().name("flush").start(this::flushWhileRunning);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            URI mirror = plan.mirrors().get(i % plan.mirrors().size());
            threads.add(Thread.ofPlatform().name("connection-" + i).start(() -> {
                try {
                    fetchRuns(mirror);
                } catch (Throwable e) {
                    fail(e);
                }
            }));
        }
        watchForStalls(threads);
        for (Thread thread : threads) {
            thread.join();
        }
        transferred.countDown();
        flusher.join();
        String whole = prefix.finish();
        Throwable failed = failure.get();
        if (failed != null) {
            throw failed instanceof IOException io ? io : new IOException(failed.toString(), failed);
        }
        if (!whole.equals(plan.sha256())) {
            throw new IOException("the whole file's SHA-256 is %s, expected %s".formatted(whole, plan.sha256()));
        }
    }

    /** Takes runs of chunks until none is left, one ranged request each, on one connection to {@code mirror}. */
    private void fetchRuns(URI mirror) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = sha256();
        try (EngineConnection connection = EngineConnection.open(mirror, context, this::opened)) {
            ByteBuffer plain = connection.plainBuffer();
            while (failure.get() == null) {
                int first = nextChunk.getAndAdd(RUN_CHUNKS);
                if (first >= plan.chunks()) {
                    return;
                }
                int last = Math.min(first + RUN_CHUNKS, plan.chunks()) - 1;
                long from = first * plan.chunkSize();
                long to = plan.chunkEnd(last) - 1;
                connection.get(mirror, from + "-" + to, false);
                long length = connection.head(plain, 206);
                if (length != to - from + 1) {
                    throw new IOException("%s sent %d bytes for range %d-%d".formatted(mirror, length, from, to));
                }
                receiveRun(connection, plain, digest, first, from, to, mirror);
            }
        }
    }

    /**
     * Writes the run's body by position as it is decrypted, and checks each chunk's SHA-256 at its end. {@code plain}
     * holds the body's first bytes, flipped.
     */
    private void receiveRun(EngineConnection connection, ByteBuffer plain, MessageDigest digest, int first, long from,
                            long to, URI mirror) throws IOException {
        int chunk = first;
        long position = from;
        while (true) {
            int n = plain.remaining();
            if (n > to + 1 - position) {
                throw new IOException("%s sent more than the %d bytes of range %d-%d".formatted(mirror, to - from + 1,
                        from, to));
            }
            write(plain.slice(plain.position(), n), position);
            for (int done = 0; done < n; ) {
                int piece = (int) Math.min(n - done, plan.chunkEnd(chunk) - (position + done));
                digest.update(plain.slice(plain.position() + done, piece));
                done += piece;
                if (position + done == plan.chunkEnd(chunk)) {
                    String sha256 = HexFormat.of().formatHex(digest.digest());
                    if (!sha256.equals(plan.chunkHashes().get(chunk))) {
                        throw new IOException("chunk %d from %s has SHA-256 %s, expected %s".formatted(chunk, mirror,
                                sha256, plan.chunkHashes().get(chunk)));
                    }
                    prefix.verified(chunk);
                    chunk++;
                }
            }
            position += n;
            received.addAndGet(n);
            if (position > to) {
                return;
            }
            plain.clear();
            if (!connection.decryptInto(plain)) {
                throw new IOException("%s closed the connection at byte %d of range %d-%d".formatted(mirror,
                        position - from, from, to));
            }
            plain.flip();
        }
    }

    /**
     * Writes {@code body} at {@code position}, one connection at a time, as the client does: ext4 runs buffered
     * writes to one file one at a time anyway, and a writer that finds its lock held spins on its core meanwhile.
     */
    private void write(ByteBuffer body, long position) throws IOException {
        writing.lock();
        try {
            for (long at = position; body.hasRemaining(); ) {
                at += file.write(body, at);
            }
        } finally {
            writing.unlock();
        }
    }

    /**
     * Forces what was written to disk every {@link #FLUSH_INTERVAL_MILLIS}, on a thread of its own, as the client's
     * journal does before each save: the disk writes back while the download runs, so the flush before the rename
     * has little left to do.
     */
    private void flushWhileRunning() {
        // Told to stop by a latch, not an interrupt: an interrupt during force() would close the file.
        try {
            while (!transferred.await(FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
                file.force(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            fail(e);
        }
    }

    /**
     * Waits for the connections, failing the download when no byte came from any mirror for the plan's stall limit
     * (the channels' blocking reads have no timeout of their own): the failure closes every connection, which wakes
     * their reads.
     */
    private void watchForStalls(List<Thread> threads) throws InterruptedException {
        long limitNanos = plan.stallLimit().toNanos();
        long seen = received.get();
        long since = System.nanoTime();
        for (Thread thread : threads) {
            while (!thread.join(Duration.ofMillis(100))) {
                long now = received.get();
                if (now != seen) {
                    seen = now;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since > limitNanos && failure.get() == null) {
                    fail(new IOException("no byte from any mirror for %d ms".formatted(plan.stallLimit().toMillis())));
                }
            }
        }
    }

    /** A connection made: from now on a failure closes it. */
    private void opened(EngineConnection connection) {
        open.add(connection);
        if (failure.get() != null) {
            close(connection); // the failure came first: it closed only the connections it saw
        }
    }

    /** Records the first failure and closes every connection, so that no thread waits on a read for the rest. */
    private void fail(Throwable e) {
        if (failure.compareAndSet(null, e)) {
            prefix.abandon();
            open.forEach(JvmDownloadFloor::close);
        }
    }

    private static void close(EngineConnection connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // closing to wake a blocked read; the first failure is what is reported
        }
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256", CONSCRYPT);
    }

    /**
     * The whole file's SHA-256 over the verified prefix, read back from the file on a thread of its own while the
     * download runs, as the client's whole-file hasher does.
     */
    private static final class VerifiedPrefix {
        private final Plan plan;
        private final FileChannel file;
        private final MessageDigest digest;
        private final boolean[] verified;
        private final java.util.function.Consumer<IOException> onFailure;
        private final Thread thread;
        private int chunks;
        private boolean stopped;
        /** The download failed: stop hashing at once. */
        private volatile boolean abandoned;
        private IOException failure;

        VerifiedPrefix(Plan plan, FileChannel file, MessageDigest digest,
                       java.util.function.Consumer<IOException> onFailure) {
            this.plan = plan;
            this.file = file;
            this.digest = digest;
            this.verified = new boolean[plan.chunks()];
            this.onFailure = onFailure;
            this.thread = Thread.ofPlatform().daemon().name("whole-file-hash").start(this::hashWhileVerified);
        }

        synchronized void verified(int chunk) {
            verified[chunk] = true;
            while (chunks < verified.length && verified[chunks]) {
                chunks++;
            }
            notifyAll();
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
        }

        /** The download failed: the hash is not needed. */
        void abandon() {
            abandoned = true;
            stop();
        }

        /** Waits for the hash of the whole file (or of as much as was verified, when stopped). */
        String finish() throws IOException, InterruptedException {
            stop();
            thread.join();
            synchronized (this) {
                if (failure != null) {
                    throw failure;
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        }

        private void hashWhileVerified() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
            long position = 0;
            try {
                while (true) {
                    long upTo;
                    synchronized (this) {
                        while (available() <= position && !stopped && !abandoned) {
                            wait();
                        }
                        upTo = available();
                        if (upTo <= position || abandoned) {
                            return; // stopped, everything verified hashed
                        }
                    }
                    while (position < upTo && !abandoned) {
                        buffer.clear().limit((int) Math.min(buffer.capacity(), upTo - position));
                        int n = file.read(buffer, position);
                        if (n <= 0) {
                            throw new IOException("the file ended at %d bytes, expected %d".formatted(position, upTo));
                        }
                        digest.update(buffer.flip());
                        position += n;
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    failure = e;
                }
                onFailure.accept(e); // ends the download now, not after every chunk has come
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Bytes verified from the start of the file. */
        private long available() {
            return chunks == 0 ? 0 : plan.chunkEnd(chunks - 1);
        }
    }
}
