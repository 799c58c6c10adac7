package io.outagedrill.client.transfer;

import io.outagedrill.client.events.FailureKind;
import java.time.Duration;
import java.util.Optional;

/** One request failed, with the kind (for the engine's decisions) and words for the user. */
class FetchFailure extends Exception {
    private final FailureKind kind;
    private final Optional<Duration> retryAfter;

    FetchFailure(FailureKind kind, String message) {
        this(kind, message, Optional.empty(), null);
    }

    FetchFailure(FailureKind kind, String message, Throwable cause) {
        this(kind, message, Optional.empty(), cause);
    }

    FetchFailure(FailureKind kind, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    FailureKind kind() {
        return kind;
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
