package io.outagedrill.client.transfer;

import java.time.Duration;

/** A {@link Ticker} that moves only when a test says so: scheduling decisions without real time or sleeping. */
final class FakeTicker implements Ticker {
    private long now;

    FakeTicker at(Duration since) {
        now = since.toNanos();
        return this;
    }

    void advance(Duration by) {
        now += by.toNanos();
    }

    @Override
    public long nanoTime() {
        return now;
    }
}
