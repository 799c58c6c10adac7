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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
     */
    record Plan(Path out, long size, String sha256, long chunkSize, List<String> chunkHashes, Path caPem,
                List<URI> mirrors) {
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
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final List<EngineConnection> open = new CopyOnWriteArrayList<>();
    private final VerifiedPrefix prefix;
    private final ReentrantLock writing = new ReentrantLock();
    /** Counted down when every connection is done. */
    private final CountDownLatch transferred = new CountDownLatch(1);

    private JvmDownloadFloor(Plan plan, FileChannel file, SSLContext context) throws NoSuchAlgorithmException {
        this.plan = plan;
        this.file = file;
        this.context = context;
        this.prefix = new VerifiedPrefix(plan, file, sha256());
    }

    public static void main(String[] args) {
        if (args.length < 7) {
            System.err.println("usage: JvmDownloadFloor OUT_FILE SIZE SHA256 CHUNK_SIZE CHUNK_HASHES_FILE "
                    + "CA_CERTIFICATE_PEM HTTPS_URL...");
            System.exit(2);
        }
        try {
            // As drill get's own process does (JvmReceiveFloor says why); only in this process's main.
            Security.insertProviderAt(Conscrypt.newProvider(), 1);
            List<URI> mirrors = new ArrayList<>();
            for (int i = 6; i < args.length; i++) {
                mirrors.add(URI.create(args[i]));
            }
            Plan plan = new Plan(Path.of(args[0]), Long.parseLong(args[1]), args[2], Long.parseLong(args[3]),
                    Files.readAllLines(Path.of(args[4])).stream().map(String::strip).filter(s -> !s.isEmpty())
                            .toList(), Path.of(args[5]), mirrors);
            System.out.println(download(plan));
        } catch (IOException | GeneralSecurityException | InterruptedException | RuntimeException e) {
            System.err.println("jvm-download-floor: " + e);
            System.exit(1);
        }
    }

    /** Downloads and verifies {@code plan}'s file into {@code plan.out()}; returns its size. */
    static long download(Plan plan) throws IOException, GeneralSecurityException, InterruptedException {
        Path part = plan.out().resolveSibling(plan.out().getFileName() + ".part");
        try (FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            JvmDownloadFloor download = new JvmDownloadFloor(plan, file, EngineConnection.context(plan.caPem()));
            download.run();
            file.force(false);
        } catch (IOException | GeneralSecurityException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, plan.out(), StandardCopyOption.ATOMIC_MOVE);
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
                } catch (Exception e) {
                    fail(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        transferred.countDown();
        flusher.join();
        String whole = prefix.finish();
        if (failure.get() != null) {
            throw failure.get() instanceof IOException io ? io : new IOException(failure.get());
        }
        if (!whole.equals(plan.sha256())) {
            throw new IOException("the whole file's SHA-256 is %s, expected %s".formatted(whole, plan.sha256()));
        }
    }

    /** Takes runs of chunks until none is left, one ranged request each, on one connection to {@code mirror}. */
    private void fetchRuns(URI mirror) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = sha256();
        try (EngineConnection connection = EngineConnection.open(mirror, context)) {
            open.add(connection);
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

    /** Records the first failure and closes every connection, so that no thread waits on a read for the rest. */
    private void fail(Exception e) {
        if (failure.compareAndSet(null, e)) {
            prefix.stop();
            for (EngineConnection connection : open) {
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // closing to wake a blocked read; the first failure is what is reported
                }
            }
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
        private final Thread thread;
        private int chunks;
        private boolean stopped;
        private IOException failure;

        VerifiedPrefix(Plan plan, FileChannel file, MessageDigest digest) {
            this.plan = plan;
            this.file = file;
            this.digest = digest;
            this.verified = new boolean[plan.chunks()];
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
                        while (available() <= position && !stopped) {
                            wait();
                        }
                        upTo = available();
                        if (upTo <= position) {
                            return; // stopped, everything verified hashed
                        }
                    }
                    while (position < upTo) {
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
