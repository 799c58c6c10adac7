package io.outagedrill.client.manifest;

import io.outagedrill.client.ClientException;
import java.util.Optional;

/** A manifest that must not be used, with the reason as a code (for exit codes and the harness) and in words. */
public final class ManifestRejectedException extends ClientException {

    /** Why a manifest was rejected. Each maps to one attack or mistake (TUF's threat model: rollback, freeze, tampering, wrong key, ...). */
    public enum Reason {
        MALFORMED,
        DUPLICATE_KEY,
        BAD_SIGNATURE,
        ALG_NONE,
        ALG_NOT_ALLOWED,
        UNKNOWN_CRIT,
        FORBIDDEN_HEADER,
        UNKNOWN_KEY,
        EXPIRED,
        ROLLBACK,
        BAD_FILE_NAME,
        /** A valid manifest for another file than the one asked for (a mix-and-match or wrong-release answer). */
        WRONG_FILE,
        INSECURE_MIRROR,
        INCONSISTENT,
        UNREACHABLE
    }

    private final Reason reason;
    private final String file;

    public ManifestRejectedException(Reason reason, String message) {
        this(reason, message, (String) null);
    }

    public ManifestRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.file = null;
    }

    /** A rejection of the manifest for {@code file}, named where the check knew it (what a hint can name). */
    public ManifestRejectedException(Reason reason, String message, String file) {
        super(message);
        this.reason = reason;
        this.file = file;
    }

    public Reason reason() {
        return reason;
    }

    /** The file the manifest describes, when the check that refused it had read that far. */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }
}
