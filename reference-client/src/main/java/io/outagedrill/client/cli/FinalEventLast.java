package io.outagedrill.client.cli;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes every event on as it comes but a download's last word ({@code completed} or {@code failed}), which it
 * holds until {@link #release}. A download that started from a kept manifest fetches the manifest again in the
 * background, and that fetch can end after the download: its lines ("manifest ... accepted from ...") came after
 * the final one, which a person reads as the end and a script as the result. {@code get} releases once the job,
 * which waits for that fetch, has returned.
 */
final class FinalEventLast implements DownloadListener {
    private final DownloadListener next;
    private final List<DownloadEvent> held = new ArrayList<>();
    private boolean released;

    FinalEventLast(DownloadListener next) {
        this.next = next;
    }

    @Override
    public void on(DownloadEvent event) {
        // Only the final events take the lock: progress and chunk events pass straight on.
        if (event instanceof DownloadEvent.Completed || event instanceof DownloadEvent.Failed) {
            synchronized (this) {
                if (!released) {
                    held.add(event);
                    return;
                }
            }
        }
        next.on(event);
    }

    /** Passes on the events held, in the order they came; from now on nothing is held. */
    void release() {
        List<DownloadEvent> last;
        synchronized (this) {
            released = true;
            last = List.copyOf(held);
            held.clear();
        }
        last.forEach(next::on);
    }
}
