package io.outagedrill.maven;

import io.outagedrill.harness.sut.Capability;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.SystemUnderTest;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A user's adapter that holds something to release (here, a count of closes): the reference client inside. */
public final class ClosingAdapter implements SystemUnderTest, AutoCloseable {
    static final AtomicInteger CLOSED = new AtomicInteger();

    private final SystemUnderTest inner = SystemsUnderTest.named("reference", Clock.systemUTC());

    @Override
    public String name() {
        return "closing-adapter";
    }

    @Override
    public Set<Capability> reports() {
        return inner.reports();
    }

    @Override
    public boolean looksUpNamesThroughTheWorld() {
        return inner.looksUpNamesThroughTheWorld();
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        return inner.start(job, observer);
    }

    @Override
    public void close() {
        CLOSED.incrementAndGet();
    }
}
