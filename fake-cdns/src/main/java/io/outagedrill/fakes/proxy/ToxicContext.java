package io.outagedrill.fakes.proxy;

import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One toxic acting on one direction of one connection (Toxiproxy's ToxicStub). It becomes stale when the toxic
 * is updated or removed; waits end early then, so changes reach live connections at once.
 */
final class ToxicContext {
    final ToxicEntry entry;
    final Link link;
    /** Drawn once against the toxicity when this context starts, like Toxiproxy does per stub run. */
    final boolean applies;
    volatile boolean stale;

    // Per-connection state some toxics keep. Only the link's processor thread touches it, except on carry-over.
    long bytesPassed;
    long debtNanos;
    Random corruptRandom;

    private ScheduledFuture<?> timer;

    ToxicContext(ToxicEntry entry, Link link, boolean applies) {
        this.entry = entry;
        this.link = link;
        this.applies = applies;
    }

    Toxic toxic() {
        return entry.toxic();
    }

    /** Counters survive an update, as Toxiproxy's stub state does (limit_data keeps counting). */
    void carryFrom(ToxicContext previous) {
        bytesPassed = previous.bytesPassed;
        debtNanos = previous.debtNanos;
    }

    Random random() {
        return link.random;
    }

    /** Waits; true if the time passed, false if the toxic changed first. Throws when the connection closes. */
    boolean pause(long nanos) throws InterruptedException {
        return link.pause(this, nanos);
    }

    void pauseUntilStale() throws InterruptedException {
        link.pause(this, Long.MAX_VALUE);
    }

    /** Waits regardless of changes to the toxic; only the connection closing ends it early. */
    void sleep(long nanos) throws InterruptedException {
        link.sleep(nanos);
    }

    synchronized void schedule(long millis, Runnable action) {
        cancelTimer();
        if (!stale) {
            timer = link.timers().schedule(action, millis, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    void closeConnection() {
        link.connection().close();
    }

    void resetConnection() {
        link.connection().reset();
    }
}
