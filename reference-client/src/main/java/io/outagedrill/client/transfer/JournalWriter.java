package io.outagedrill.client.transfer;

import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Saves the journal in the background, coalescing: when several chunks verify while one save runs, the next
 * save records them all, so fsyncs stay off the transfer threads and their count stays below the chunk count.
 * Each save forces the part file first: a chunk is in the journal only once its bytes are durable.
 */
final class JournalWriter implements AutoCloseable {
    private final Journal journal;
    private final PartFile part;
    private final JournalState base;
    private final BitSet verified;
    private final Map<String, String> etags;
    private final Thread thread;
    private long changes;
    private long saved;
    private boolean closing;
    private IOException failure;

    JournalWriter(Journal journal, PartFile part, JournalState base) {
        this.journal = journal;
        this.part = part;
        this.base = base;
        this.verified = base.verified();
        this.etags = new HashMap<>(base.etags());
        // A platform thread, not a virtual one: it takes JDK-internal locks (file channels, the Cleaner), and a
        // virtual thread holding one while unmounted deadlocked a test JVM once, when every carrier was pinned by
        // class loading elsewhere. The OS always schedules a platform thread, so the lock is always released.
        this.thread = Thread.ofPlatform().daemon().name("journal-" + base.file()).start(this::loop);
    }

    synchronized void verified(int chunk) {
        verified.set(chunk);
        changes++;
        notifyAll();
    }

    synchronized void unverified(int chunk) {
        verified.clear(chunk);
        changes++;
        notifyAll();
    }

    synchronized void etag(String url, String etag) {
        if (!etag.equals(etags.put(url, etag))) {
            changes++;
            notifyAll();
        }
    }

    /** Blocks until everything reported so far is saved. */
    synchronized void flush() throws IOException {
        while (saved < changes && failure == null && thread.isAlive()) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while saving the journal", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void loop() {
        while (true) {
            JournalState snapshot;
            long upTo;
            synchronized (this) {
                while (saved == changes && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (saved == changes) {
                    return;
                }
                upTo = changes;
                snapshot = new JournalState(base.file(), base.manifestDigest(), base.manifestVersion(),
                        base.contentId(), base.size(), base.chunkSize(), verified, etags);
            }
            try {
                part.force();
                journal.save(snapshot);
            } catch (IOException | UncheckedIOException e) {
                synchronized (this) {
                    failure = e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                saved = upTo;
                notifyAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
