package io.outagedrill.harness.junit;

import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.ReferenceClientInProcess;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A user's adapter (the in-process reference client) that counts how often the extension makes one, which is
 * once per scenario run, and how often one is closed.
 */
public final class CountingAdapter implements SystemUnderTest, AutoCloseable {
    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final AtomicInteger CLOSED = new AtomicInteger();

    public CountingAdapter() {
        CREATED.incrementAndGet();
    }

    static void reset() {
        CREATED.set(0);
        CLOSED.set(0);
    }

    static int created() {
        return CREATED.get();
    }

    static int closed() {
        return CLOSED.get();
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        return new ReferenceClientInProcess().start(job, observer);
    }

    /** It is the in-process reference client underneath. */
    @Override
    public boolean looksUpNamesThroughTheWorld() {
        return true;
    }

    @Override
    public void close() {
        CLOSED.incrementAndGet();
    }
}
