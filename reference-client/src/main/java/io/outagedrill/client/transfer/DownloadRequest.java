package io.outagedrill.client.transfer;

import io.outagedrill.client.events.DownloadListener;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to download and where.
 *
 * @param directory  the folder the file lands in, under the manifest's file name (never a name from the server)
 * @param alternate  empty for the main file; a name for that alternate; {@code "auto"} for the main file, then
 *                   each alternate in the manifest's order when every mirror of the previous one failed
 * @param offline    use only the local cache: no network at all
 * @param overwrite  replace a different file that already has the destination name
 * @param listener   hears this download's events in place of the downloader's own listener; empty: that one
 */
public record DownloadRequest(Path directory, Optional<String> alternate, boolean offline, boolean overwrite,
                              Optional<DownloadListener> listener) {
    public static final String AUTO = "auto";

    public DownloadRequest {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(alternate, "alternate");
        Objects.requireNonNull(listener, "listener");
    }

    public static DownloadRequest into(Path directory) {
        return new DownloadRequest(directory, Optional.empty(), false, false, Optional.empty());
    }

    public DownloadRequest withAlternate(String name) {
        return new DownloadRequest(directory, Optional.ofNullable(name), offline, overwrite, listener);
    }

    public DownloadRequest offline(boolean value) {
        return new DownloadRequest(directory, alternate, value, overwrite, listener);
    }

    public DownloadRequest overwrite(boolean value) {
        return new DownloadRequest(directory, alternate, offline, value, listener);
    }

    /**
     * This download's events go to {@code value} instead of the downloader's listener (a job that must say more
     * before the download's final event wraps that listener for one download; {@code ManifestDownload}).
     */
    public DownloadRequest withListener(DownloadListener value) {
        return new DownloadRequest(directory, alternate, offline, overwrite, Optional.of(value));
    }

    boolean auto() {
        return alternate.filter(AUTO::equals).isPresent();
    }
}
