package io.outagedrill.maven;

import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.util.function.Consumer;

/** A user's adapter whose constructor fails (a missing setting, a service it cannot reach). */
public final class ThrowingAdapter implements SystemUnderTest {
    public ThrowingAdapter() {
        throw new IllegalStateException("no downloader configured");
    }

    @Override
    public String name() {
        return "throwing-adapter";
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
        throw new UnsupportedOperationException("never made");
    }
}
