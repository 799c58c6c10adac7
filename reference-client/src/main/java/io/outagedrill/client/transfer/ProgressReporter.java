package io.outagedrill.client.transfer;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Emits a Progress event every interval until interrupted: bytes verified, speed, the mirrors in use. */
final class ProgressReporter implements Runnable {

    /** What the session reports at a tick. */
    record Snapshot(long bytesVerified, List<String> activeMirrors) {
    }

    private final Duration interval;
    private final AtomicLong bytesReceived;
    private final Supplier<Snapshot> snapshot;
    private final long size;
    private final DownloadListener listener;
    private final Clock clock;

    ProgressReporter(Duration interval, AtomicLong bytesReceived, Supplier<Snapshot> snapshot, long size,
                     DownloadListener listener, Clock clock) {
        this.interval = interval;
        this.bytesReceived = bytesReceived;
        this.snapshot = snapshot;
        this.size = size;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public void run() {
        long lastBytes = bytesReceived.get();
        long lastAt = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long bytes = bytesReceived.get();
            double speed = (bytes - lastBytes) / Math.max(1e-9, (now - lastAt) / 1e9);
            lastBytes = bytes;
            lastAt = now;
            Snapshot s = snapshot.get();
            listener.on(new DownloadEvent.Progress(clock.instant(), s.bytesVerified(), bytes, size, speed,
                    s.activeMirrors()));
        }
    }
}
