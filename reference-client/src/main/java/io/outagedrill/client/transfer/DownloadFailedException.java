package io.outagedrill.client.transfer;

import io.outagedrill.client.ClientException;
import java.util.List;

/**
 * The download could not finish. Nothing it wrote is at the destination; {@code NAME.part} and its journal stay for
 * a resume when some chunk was verified, and are removed when none was.
 */
public final class DownloadFailedException extends ClientException {

    public enum Reason {
        /** No mirror could serve some chunk: each failed, gave up or lied. */
        ALL_MIRRORS_FAILED,
        /** The verified chunks do not add up to the signed whole-file SHA-256 (an inconsistent manifest). */
        INTEGRITY,
        /** The configured deadline passed. */
        DEADLINE,
        /** The request was offline and the file is not in the local cache. */
        NOT_IN_CACHE,
        /** A different file already has the destination name. */
        DESTINATION_EXISTS,
        /** Local disk trouble. */
        LOCAL_IO,
        /**
         * The disk cannot hold the rest of the file: refused before any request to a mirror, so nothing was
         * downloaded (a smaller alternate may fit).
         */
        NO_ROOM,
        /** The download was interrupted. */
        INTERRUPTED,
        /** The client itself failed (an unexpected exception on a transfer thread): a bug, named in the message. */
        INTERNAL
    }

    private final Reason reason;
    private final List<String> alternates;

    public DownloadFailedException(Reason reason, String message, List<String> alternates) {
        super(message);
        this.reason = reason;
        this.alternates = List.copyOf(alternates);
    }

    public DownloadFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.alternates = List.of();
    }

    /**
     * The same failure with {@code more} said after its message (something else the user must know, such as a
     * journal that could not be saved as the download stopped); its reason, cause, alternates and the failures
     * suppressed by it (a clean-up that failed too) kept.
     */
    public DownloadFailedException also(String more) {
        DownloadFailedException said = new DownloadFailedException(reason, getMessage() + "; " + more, alternates);
        if (getCause() != null) {
            said.initCause(getCause());
        }
        said.setStackTrace(getStackTrace());
        for (Throwable suppressed : getSuppressed()) {
            said.addSuppressed(suppressed);
        }
        return said;
    }

    public Reason reason() {
        return reason;
    }

    /** Names of the manifest's alternates the user could try instead. */
    public List<String> alternates() {
        return alternates;
    }
}
