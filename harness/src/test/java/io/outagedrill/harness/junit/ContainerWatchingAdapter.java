package io.outagedrill.harness.junit;

import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.harness.sut.Capability;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.ReferenceClientInProcess;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The in-process reference client, which also notes the containers of this JVM that are running while it
 * downloads: the servers of a containers world are there then, so a test can tell the run was on them and check
 * afterwards that every one of them is gone.
 */
public final class ContainerWatchingAdapter implements SystemUnderTest {
    /** Container id to its role label ({@code nginx}, {@code fault-proxy}, ...), as seen during downloads. */
    private static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    private final ReferenceClientInProcess client = new ReferenceClientInProcess();

    static void reset() {
        SEEN.clear();
    }

    static Map<String, String> seen() {
        return Map.copyOf(SEEN);
    }

    @Override
    public String name() {
        return "container-watching";
    }

    @Override
    public Set<Capability> reports() {
        return client.reports();
    }

    @Override
    public boolean looksUpNamesThroughTheWorld() {
        return client.looksUpNamesThroughTheWorld();
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        // The running ones: the world's, up at this moment.
        ContainerJanitor.own().stream().filter(container -> "running".equals(container.getState()))
                .forEach(container -> SEEN.put(container.getId(),
                        container.getLabels().get(ContainerJanitor.ROLE_LABEL)));
        return client.start(job, observer);
    }
}
