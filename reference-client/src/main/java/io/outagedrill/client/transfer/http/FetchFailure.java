package io.outagedrill.client.transfer.http;

import io.outagedrill.client.events.FailureKind;
import java.time.Duration;
import java.util.Optional;

/** One request failed, with the kind (for the engine's decisions) and words for the user. */
public class FetchFailure extends Exception {
    private final FailureKind kind;
    private final Optional<Duration> retryAfter;

    public FetchFailure(FailureKind kind, String message) {
        this(kind, message, Optional.empty(), null);
    }

    public FetchFailure(FailureKind kind, String message, Throwable cause) {
        this(kind, message, Optional.empty(), cause);
    }

    public FetchFailure(FailureKind kind, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public FailureKind kind() {
        return kind;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
