package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.testing.Bytes;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import io.outagedrill.fakes.topology.ProviderBackend;
import io.outagedrill.fakes.topology.ProviderKind;
import io.outagedrill.fakes.topology.ServerOrder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A world's edge as {@link ContainerServers} starts it: Varnish serving HTTPS with a certificate of the world's CA
 * (the image's nginx front), filling over HTTPS from an nginx origin whose certificate it checks against that CA,
 * and the world's handles on it: {@code cache.flush} (BAN), the fault switch (status answers and delays that
 * Varnish itself makes, taken back in any order) and the counters. A JDK client checks the edge's certificate for
 * its address as the reference client does. About 13 s here (the fault switch is a {@code docker exec} each time),
 * so it runs with {@code -Doutagedrill.containers.full=true}; the default build's edge test is the harness's
 * {@code ContainersWorldContainerTest}, a scenario on the same servers.
 */
@RequiresImages({"outage-drill/nginx:current", "outage-drill/varnish:current"})
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "about 13 s on containers: runs with -Doutagedrill.containers.full=true")
@Timeout(120)
class VarnishEdgeContainerTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 2L << 20, 11);
    static final String PATH = "/" + FILE.name();

    static ContainerServers servers;
    static HttpClient client;
    static URI url;

    @BeforeAll
    static void startOriginAndEdge() {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        servers = ContainerServers.create();
        InetAddress originAddress = LoopbackAddresses.next();
        InetSocketAddress origin = servers.startServer(new ServerOrder("origin", "origin.test", ProviderKind.ORIGIN,
                ProviderBackend.IN_PROCESS, originAddress, Map.of(PATH, FILE),
                Optional.of(ca.issue("origin.test", originAddress.getHostAddress())), Optional.empty()));
        InetAddress edgeAddress = LoopbackAddresses.next();
        InetSocketAddress edge = servers.startServer(new ServerOrder("fastly", "fastly.test", ProviderKind.CDN,
                ProviderBackend.IN_PROCESS, edgeAddress, Map.of(PATH, FILE),
                Optional.of(ca.issue("fastly.test", edgeAddress.getHostAddress())),
                Optional.of(new ServerOrder.Origin("origin", "origin.test", origin))));
        client = HttpClient.newBuilder().sslContext(ca.clientSslContext()).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
        url = URI.create("https://" + LoopbackContainers.hostPort(edge) + PATH);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void theEdgeServesTheOriginsBytesOverHttpsAndTakesItsFlushAndFaultSwitch() throws Exception {
        HttpResponse<byte[]> first = get("bytes=1000-1999");
        assertThat(first.statusCode()).as("first range from the edge").isEqualTo(206);
        assertThat(first.body()).as("the origin's bytes 1000-1999").isEqualTo(Bytes.of(FILE, 1000, 1000));
        assertThat(get("bytes=0-99").headers().firstValue("X-Cache")).as("a second request").hasValue("HIT");

        Runnable unavailable = servers.addHttpFault("fastly", FaultRule.Status.of(503), Scope.all());
        Runnable slow = servers.addHttpFault("fastly", new FaultRule.SlowFirstByte(600), Scope.all());
        assertThat(get("bytes=0-99").statusCode()).as("with a 503 rule in force").isEqualTo(503);
        unavailable.run();
        long started = System.nanoTime();
        HttpResponse<byte[]> delayed = get("bytes=0-99");
        assertThat(delayed.statusCode()).as("with only the delay left").isEqualTo(206);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the delayed answer's time")
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
        slow.run();

        servers.flushCache("fastly");
        HttpResponse<byte[]> afterFlush = get("bytes=0-99");
        assertThat(afterFlush.headers().firstValue("X-Cache")).as("the first request after a flush").hasValue("MISS");
        assertThat(afterFlush.body()).as("the origin's first 100 bytes").isEqualTo(Bytes.of(FILE, 0, 100));
        EdgeCounters counters = servers.edgeCounters("fastly");
        assertThat(counters.misses()).as("misses (%s)", counters.describe()).isEqualTo(2);
        assertThat(counters.hits()).as("hits (%s)", counters.describe()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anHttpFaultVarnishCannotMakeAndAServerThatIsNoEdgeAreRefusedSayingWhy() {
        assertThatThrownBy(() -> servers.addHttpFault("fastly", new FaultRule.CutShort(10), Scope.all()))
                .isInstanceOf(FaultNotApplicableException.class).hasMessageContaining("fake file server");
        assertThatThrownBy(() -> servers.flushCache("origin")).isInstanceOf(FaultNotApplicableException.class)
                .hasMessageContaining("not a Varnish edge");
        // Bad bytes are a copy's: an edge's copies are its cache, and this origin shares the one staged copy.
        assertThatThrownBy(() -> servers.addHttpFault("fastly", FaultRule.CorruptBytes.at(1), Scope.all()))
                .isInstanceOf(FaultNotApplicableException.class).hasMessageContaining("fake file server");
        assertThatThrownBy(() -> servers.addHttpFault("origin", FaultRule.CorruptBytes.at(1), Scope.all()))
                .isInstanceOf(FaultNotApplicableException.class)
                .hasMessageContaining("provider origin has no copy of the files of its own to corrupt");
    }

    private static HttpResponse<byte[]> get(String range) throws Exception {
        return client.send(HttpRequest.newBuilder(url).header("Range", range).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
