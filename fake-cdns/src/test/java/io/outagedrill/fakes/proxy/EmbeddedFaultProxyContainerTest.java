package io.outagedrill.fakes.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.containers.LocalImages;
import io.outagedrill.fakes.containers.LoopbackContainers;
import io.outagedrill.fakes.containers.RequiresImages;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.Isolated;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Containers mode: the embedded fault proxy as its image ({@code drill toxiproxy} in a Debian JRE, built by
 * {@code containers/prepare.sh}) passes the same conformance suites as in-process and as Shopify's Toxiproxy
 * ({@link RealToxiproxyContainerTest}): what a user gets who drops the image into a compose file in place of
 * Toxiproxy's. Skipped, with one line saying how to get an engine, where none is reachable.
 *
 * <p>Host networking, as every container here: the suites' proxies listen on {@code 127.0.0.1:0} and dial upstreams
 * on the host's loopback (Linux only; Docker Desktop's host network does not share the host's loopback).
 */
@RequiresImages("outage-drill/fault-proxy:current")
@Testcontainers
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
// Alone: it points the conformance suite's JVM-wide target property at a container.
@Isolated
class EmbeddedFaultProxyContainerTest {
    private static final InetSocketAddress CONTROL = LoopbackContainers.freeAddress(InetAddress.getLoopbackAddress());

    @Container
    static final GenericContainer<?> FAULT_PROXY = LoopbackContainers.faultProxy(CONTROL);

    private static String previousUrl;

    /** Points {@link ToxiproxyTarget} (which every suite asks for its server) at the container. */
    @BeforeAll
    static void pointTheSuitesAtTheContainer() {
        previousUrl = System.getProperty(ToxiproxyTarget.URL_PROPERTY);
        System.setProperty(ToxiproxyTarget.URL_PROPERTY,
                URI.create("http://127.0.0.1:" + CONTROL.getPort()).toString());
    }

    @AfterAll
    static void restoreTheProperty() {
        if (previousUrl == null) {
            System.clearProperty(ToxiproxyTarget.URL_PROPERTY);
        } else {
            System.setProperty(ToxiproxyTarget.URL_PROPERTY, previousUrl);
        }
    }

    @Nested
    class ControlApi extends ControlApiConformanceTest {
    }

    /**
     * The toxics' effects take wall-clock time (latency, bandwidth, timeouts; about ten seconds in all), which the
     * default build does not spend twice: they run in-process there, and here with
     * {@code -Doutagedrill.containers.full=true} (docs/containers.md).
     */
    @Nested
    @EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
            disabledReason = "the toxics' effects in the container run with -Doutagedrill.containers.full=true")
    class ToxicEffects extends ToxicEffectsTest {
    }

    /** The image is the one the test asked for: the version says it is the embedded server, not Toxiproxy. */
    @Test
    void theContainerRunsTheEmbeddedServer() throws Exception {
        try (ToxiproxyTarget target = ToxiproxyTarget.start()) {
            var version = target.send("GET", "/version", null);
            assertThat(version.body())
                    .as("GET /version of %s (image %s)", target.controlUri(), LocalImages.FAULT_PROXY)
                    .contains(ToxiproxyServer.VERSION);
        }
    }
}
