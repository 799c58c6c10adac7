package io.outagedrill.client.manifest;

import io.outagedrill.client.ClientException;

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
        INSECURE_MIRROR,
        INCONSISTENT,
        UNREACHABLE
    }

    private final Reason reason;

    public ManifestRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ManifestRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
