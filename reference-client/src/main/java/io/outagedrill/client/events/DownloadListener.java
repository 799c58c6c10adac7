package io.outagedrill.client.events;

/**
 * Receives a download's events. Called from transfer threads: implementations must be thread-safe and quick
 * (no blocking I/O on a hot path other than writing a line). Some events (a mirror's failure, a chunk's switch) are
 * told under the download's scheduling lock, so that they come in the order they happened: a listener must not wait
 * on another of the download's threads, nor call back into the download, and a line it writes should go where it is
 * read (a pipe nobody drains holds every connection of the download). An exception a listener throws never ends
 * the download: the {@code Downloader} logs it ({@code System.Logger} "io.outagedrill.client.events") and goes on.
 *
 * <p>No static fields here: a field would give the interface a static initialiser, and the JDK's AOT cache (JDK
 * 25) keeps no lambda of an interface that has one. Each lambda listener would then be spun at run time, on the
 * way to a download's first request.
 */
@FunctionalInterface
public interface DownloadListener {
    void on(DownloadEvent event);

    /** The listener that ignores every event. */
    static DownloadListener none() {
        return NoListener.INSTANCE;
    }

    default DownloadListener and(DownloadListener other) {
        return event -> {
            on(event);
            other.on(event);
        };
    }
}
