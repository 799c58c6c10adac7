package io.outagedrill.client.transfer;

/**
 * Where the transfer engine reads monotonic time (nanoseconds, as {@link System#nanoTime()}: only differences
 * mean anything). Backoff ends, circuit waits, hedge ages, deadlines and throughput samples are all read from one
 * ticker per download, so a test can drive the scheduling with a ticker it advances by hand instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {
    /** The machine's monotonic clock. */
    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
