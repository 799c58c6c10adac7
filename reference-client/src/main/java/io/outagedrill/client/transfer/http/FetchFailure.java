package io.outagedrill.client.transfer.http;

import io.outagedrill.client.OkHttpHeaderGuard;
import io.outagedrill.client.ReadBudget;
import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
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

    /**
     * {@code e} as the mirror's sending more than it may, when it is the framing budget running out
     * ({@link ReadBudget.Exceeded}) or more header lines than a response may have
     * ({@link OkHttpHeaderGuard.TooManyHeaderLines}): wherever the read was (headers, a chunk's body, a 1-byte
     * probe), that is {@link FailureKind#TOO_MUCH_DATA}, never a connection that broke, which would leave the mirror
     * to be asked again, a MiB of framing each time. {@code where} says when, "after 10 of 65536 bytes" say.
     */
    public static Optional<FetchFailure> ofFraming(IOException e, String where) {
        return e instanceof ReadBudget.Exceeded || e instanceof OkHttpHeaderGuard.TooManyHeaderLines
                ? Optional.of(new FetchFailure(FailureKind.TOO_MUCH_DATA, where + " it " + e.getMessage(), e))
                : Optional.empty();
    }

    public FailureKind kind() {
        return kind;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
