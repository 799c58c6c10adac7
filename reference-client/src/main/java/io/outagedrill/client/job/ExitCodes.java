package io.outagedrill.client.job;

import io.outagedrill.client.transfer.DownloadFailedException;

/**
 * Exit codes of the reference client's commands and of {@link ManifestDownload}'s outcomes, so scripts, the
 * harness's in-process client and the CLI tell outcomes apart by the same numbers. Add new codes here, never
 * reuse one.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>constant</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>{@link #OK}</td><td>done</td></tr>
 *   <tr><td>1</td><td>{@link #DOWNLOAD_FAILED}</td><td>the download (or another operation, such as writing a
 *       key file) failed: every mirror failed (down, or sending chunks that fail their hash), an I/O error, or
 *       a trust, certificate or key file that is there but cannot be used as one</td></tr>
 *   <tr><td>2</td><td>{@link #USAGE}</td><td>bad command line (picocli's default for usage errors): an unknown
 *       option, a value of the wrong kind, a file an option names that is not there or is a folder</td></tr>
 *   <tr><td>3</td><td>{@link #MANIFEST_REJECTED}</td><td>no manifest passed verification (bad signature,
 *       expired, rollback, ...)</td></tr>
 *   <tr><td>4</td><td>{@link #INTEGRITY_FAILURE}</td><td>every chunk matched its signed SHA-256 but the whole file
 *       does not match the signed one (an inconsistent manifest)</td></tr>
 *   <tr><td>5</td><td>{@link #OFFLINE_NOT_CACHED}</td><td>offline and the file is not in the local
 *       cache</td></tr>
 *   <tr><td>130</td><td>{@link #INTERRUPTED}</td><td>interrupted (Ctrl-C: 128 + SIGINT, as shells
 *       report it)</td></tr>
 * </table>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int DOWNLOAD_FAILED = 1;
    public static final int USAGE = 2;
    public static final int MANIFEST_REJECTED = 3;
    public static final int INTEGRITY_FAILURE = 4;
    public static final int OFFLINE_NOT_CACHED = 5;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The code of a download that failed for {@code reason}. */
    public static int of(DownloadFailedException.Reason reason) {
        return switch (reason) {
            case INTEGRITY -> INTEGRITY_FAILURE;
            case NOT_IN_CACHE -> OFFLINE_NOT_CACHED;
            case INTERRUPTED -> INTERRUPTED;
            case ALL_MIRRORS_FAILED, DEADLINE, DESTINATION_EXISTS, LOCAL_IO, NO_ROOM, INTERNAL -> DOWNLOAD_FAILED;
        };
    }
}
