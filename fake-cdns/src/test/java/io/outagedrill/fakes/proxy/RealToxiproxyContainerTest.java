package io.outagedrill.fakes.proxy;

import static org.awaitility.Awaitility.await;

import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.fakes.containers.RequiresImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.Isolated;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers mode: the same conformance suites that check the embedded proxy run against the real Toxiproxy
 * image, so "speaks Toxiproxy's API" is measured against Toxiproxy itself wherever its image can be had: present in
 * the engine, or pulled where a registry is reachable ({@code -Doutagedrill.containers.pull=true}, as on GitHub's
 * runners). Skipped, with one line saying why, otherwise.
 *
 * <p>The suites create proxies that listen on {@code 127.0.0.1:0}, dial upstreams on the host's loopback and
 * connect to whatever {@code listen} the server reports, so the server must share the host's loopback: the
 * container runs with host networking (Linux Docker engines; Docker Desktop's host networking does not share the
 * host's loopback, hence Linux only), its API on a free port of 127.0.0.1. That is also why this is a plain
 * {@link GenericContainer}: Testcontainers' {@code ToxiproxyContainer} reaches the API and the proxies through
 * Docker-mapped ports (8474, 8666-8697), which host networking does not have.
 */
@RequiresImages(RealToxiproxyContainerTest.IMAGE_NAME)
@Testcontainers
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
// Alone: it points the conformance suite's JVM-wide target property at a container.
@Isolated
class RealToxiproxyContainerTest {
    static final String IMAGE_NAME = "ghcr.io/shopify/toxiproxy:2.12.0";
    static final DockerImageName IMAGE = DockerImageName.parse(IMAGE_NAME);
    private static final int CONTROL_PORT = freePort();

    @Container
    @SuppressWarnings("resource") // the Testcontainers extension stops it after the class
    static final GenericContainer<?> TOXIPROXY = ContainerJanitor.adopt(
            new GenericContainer<>(IMAGE).withNetworkMode("host")
                    // The image's entrypoint is the server; these replace its default "-host=0.0.0.0".
                    .withCommand("-host=127.0.0.1", "-port=" + CONTROL_PORT), "toxiproxy");

    private static String previousUrl;

    /** Points {@link ToxiproxyTarget} (which every suite asks for its server) at the container. */
    @BeforeAll
    static void pointTheSuitesAtTheContainer() {
        URI url = URI.create("http://127.0.0.1:" + CONTROL_PORT);
        // Host networking has no mapped port for Testcontainers to wait on: wait until the API answers.
        await("Toxiproxy's API at " + url).atMost(Duration.ofSeconds(30))
                .ignoreExceptions().until(() -> new ProbeTarget(url).answersVersion());
        previousUrl = System.getProperty(ToxiproxyTarget.URL_PROPERTY);
        System.setProperty(ToxiproxyTarget.URL_PROPERTY, url.toString());
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

    @Nested
    class ToxicEffects extends ToxicEffectsTest {
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for the Toxiproxy API", e);
        }
    }

    /** One GET of {@code /version}. */
    private record ProbeTarget(URI control) {
        boolean answersVersion() throws IOException, InterruptedException {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(control.resolve("/version")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        }
    }
}
