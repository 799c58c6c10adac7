package io.outagedrill.client.events;

/**
 * Receives a download's events. Called from transfer threads: implementations must be thread-safe and quick
 * (no blocking I/O on a hot path other than writing a line).
 */
@FunctionalInterface
public interface DownloadListener {
    void on(DownloadEvent event);

    DownloadListener NONE = event -> { };

    default DownloadListener and(DownloadListener other) {
        return event -> {
            on(event);
            other.on(event);
        };
    }
}
