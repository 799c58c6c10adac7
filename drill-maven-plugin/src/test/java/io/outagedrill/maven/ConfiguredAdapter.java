package io.outagedrill.maven;

import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.util.function.Consumer;

/** A user's adapter made only with its settings: no constructor without arguments for the goal to call. */
public final class ConfiguredAdapter implements SystemUnderTest {
    private final String program;

    public ConfiguredAdapter(String program) {
        this.program = program;
    }

    @Override
    public String name() {
        return "configured-" + program;
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
        throw new UnsupportedOperationException("never made");
    }
}
