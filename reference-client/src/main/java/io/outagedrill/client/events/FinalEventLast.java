package io.outagedrill.client.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Passes every event on as it comes but a download's last word ({@code completed} or {@code failed}), which it
 * holds until {@link #release}. A listener is promised that the final event is the last it gets of a download, but
 * some work goes on after the transfer itself has said it: the content cache keeps the file (and says what it
 * evicted or could not keep), and a download that started from a kept manifest fetches the manifest again in the
 * background, a fetch that can end after the download. Their lines came after the final one, which a person reads
 * as the end and a script as the result. The {@code Downloader} holds its final event until its download returns,
 * and {@code ManifestDownload} until that background fetch has ended too.
 */
public final class FinalEventLast implements DownloadListener {
    private final DownloadListener next;
    private final List<DownloadEvent> held = new ArrayList<>();
    private boolean released;

    public FinalEventLast(DownloadListener next) {
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
    public void release() {
        List<DownloadEvent> last;
        synchronized (this) {
            released = true;
            last = List.copyOf(held);
            held.clear();
        }
        last.forEach(next::on);
    }
}
