package io.outagedrill.client.transfer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A finished, verified download.
 *
 * @param path            the destination; it exists only because the whole-file SHA-256 matched
 * @param file            the file's name, as the manifest (or the alternate downloaded) gives it
 * @param size            its size in bytes
 * @param sha256          its SHA-256, lowercase hex, the signed one
 * @param elapsed         from the start of this target's download to the verified file
 * @param bytesReceived   body bytes read from mirrors (including wasted ones)
 * @param bytesWasted     bytes received but not kept: rejected, cut off, raced by a hedge, skipped in a stream
 * @param mirrorSwitches  times a chunk moved to another mirror after a failure
 * @param chunksResumed   verified chunks kept from an earlier run
 * @param fromCache       served from the local content cache, no network
 * @param alternate       the alternate downloaded instead of the main file, if any
 * @param policy          the failover policy the download ran with ({@code sequential}, {@code parallel},
 *                        {@code adaptive})
 */
public record DownloadResult(Path path, String file, long size, String sha256, Duration elapsed, long bytesReceived,
                             long bytesWasted, int mirrorSwitches, int chunksResumed, boolean fromCache,
                             Optional<String> alternate, String policy) {
}
