package io.outagedrill.client.transfer;

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
 */
public record DownloadRequest(Path directory, Optional<String> alternate, boolean offline, boolean overwrite) {
    public static final String AUTO = "auto";

    public DownloadRequest {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(alternate, "alternate");
    }

    public static DownloadRequest into(Path directory) {
        return new DownloadRequest(directory, Optional.empty(), false, false);
    }

    public DownloadRequest withAlternate(String name) {
        return new DownloadRequest(directory, Optional.ofNullable(name), offline, overwrite);
    }

    public DownloadRequest offline(boolean value) {
        return new DownloadRequest(directory, alternate, value, overwrite);
    }

    public DownloadRequest overwrite(boolean value) {
        return new DownloadRequest(directory, alternate, offline, value);
    }

    boolean auto() {
        return alternate.filter(AUTO::equals).isPresent();
    }
}
