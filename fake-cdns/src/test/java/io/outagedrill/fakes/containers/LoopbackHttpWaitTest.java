package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

/**
 * A container that is gone (removed when Ctrl-C stops a starting world) ends the wait at once instead of after the
 * 60 s startup timeout, which held `drill run`'s exit for a minute.
 */
@Timeout(20)
class LoopbackHttpWaitTest {

    /** A container as the wait sees it: its id, and whether it still runs. */
    private static WaitStrategyTarget container(boolean running) {
        return new WaitStrategyTarget() {
            @Override
            public List<Integer> getExposedPorts() {
                return List.of();
            }

            @Override
            public InspectContainerResponse getContainerInfo() {
                throw new UnsupportedOperationException("not asked by the wait");
            }

            @Override
            public String getContainerId() {
                return "c0ffee";
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    private static URI nothingListening() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
    }

    @Test
    void aContainerThatIsGoneEndsTheWaitAtOnce() throws Exception {
        LoopbackHttpWait wait = new LoopbackHttpWait(nothingListening(), 200);

        assertThatThrownBy(() -> wait.waitUntilReady(container(false))).isInstanceOf(ContainerLaunchException.class)
                .hasMessageContaining("the container is not running (docker logs c0ffee)");
    }

    @Test
    void anInterruptEndsTheWaitEvenWhenTheContainerStillRuns() throws Exception {
        LoopbackHttpWait wait = new LoopbackHttpWait(nothingListening(), 200);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> wait.waitUntilReady(container(true)))
                    .isInstanceOf(ContainerLaunchException.class).hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted();
        }
    }
}
