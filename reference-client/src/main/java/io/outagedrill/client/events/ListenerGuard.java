package io.outagedrill.client.events;

import java.lang.System.Logger.Level;

/**
 * Keeps a listener's own failure out of the download it listens to. An exception thrown by the application's
 * listener ended a download four different ways, depending on the event: a transfer thread's (a chunk verified) as
 * "a bug in the client", the progress thread's by ending the progress events and nothing else, the final event's
 * by throwing from a download whose file was already in place, a status page's before any request. A listener
 * observes; what it throws is logged (the first one of a download with its stack trace, the rest in a line each at
 * debug level) and the download goes on.
 */
public final class ListenerGuard implements DownloadListener {
    private static final System.Logger LOG = System.getLogger("io.outagedrill.client.events");

    private final DownloadListener listener;
    private volatile boolean threwBefore;

    private ListenerGuard(DownloadListener listener) {
        this.listener = listener;
    }

    /** {@code listener}, whose exceptions are logged instead of reaching the download. */
    public static DownloadListener of(DownloadListener listener) {
        return listener instanceof ListenerGuard || listener == DownloadListener.none() ? listener
                : new ListenerGuard(listener);
    }

    @Override
    public void on(DownloadEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            String words = "the download listener threw on a " + event.getClass().getSimpleName() + " event ("
                    + e + "); the download goes on without it";
            if (threwBefore) {
                LOG.log(Level.DEBUG, words);
            } else {
                threwBefore = true;
                LOG.log(Level.WARNING, words + "; later exceptions of this listener are logged at debug level", e);
            }
        }
    }
}
