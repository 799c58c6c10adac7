package io.outagedrill.fakes.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.fault.AppliedFaults;
import io.outagedrill.fakes.fault.CacheFlushFault;
import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link ExternalServers} seam as the fault vocabulary reaches it: with real servers in place of the fakes,
 * {@code cache.flush} and HTTP faults go to the servers' own {@code flushCache} and {@code addHttpFault} (what
 * containers mode makes Varnish do), and a real server that has neither refuses them with {@link
 * FaultNotApplicableException}. Here the "real" servers are fake servers this test starts itself, in-process, so
 * the seam is checked without an engine; {@code ContainerServers} is the seam's containers side.
 */
@Timeout(60)
class TopologyExternalServersTest {

    @Test
    void aFlushAndAnHttpFaultGoToTheRealServersThatActThemOutAndClearingTakesTheFaultBack() throws Exception {
        Recording servers = new Recording(true);
        try (Topology world = world(servers)) {
            AppliedFaults faults = new AppliedFaults(world);

            faults.apply(new HttpFault("unavailable", "edge", Scope.all().probability(0.5, 1), FaultRule.Status.of(503)));
            faults.apply(new CacheFlushFault("cold", "edge"));
            faults.clear("unavailable");

            assertThat(servers.calls).containsExactly("http edge " + FaultRule.Status.of(503) + " p=0.5",
                    "flush edge", "clear edge " + FaultRule.Status.of(503));
            assertThat(servers.orders.get("edge").origin()).as("the edge's order names its origin's link")
                    .hasValueSatisfying(origin -> {
                        assertThat(origin.provider()).isEqualTo("origin");
                        assertThat(origin.hostname()).isEqualTo("origin.test");
                        assertThat(origin.link()).isEqualTo(world.provider("origin").address());
                    });
        }
    }

    @Test
    void realServersWithoutAFlushOrAnHttpFaultRefuseThemSayingWhy() {
        Recording servers = new Recording(false);
        try (Topology world = world(servers)) {
            AppliedFaults faults = new AppliedFaults(world);

            assertThatThrownBy(() -> faults.apply(new CacheFlushFault("cold", "edge")))
                    .isInstanceOf(FaultNotApplicableException.class)
                    .hasMessageContaining("provider edge is served by recording servers, which has no cache to flush");
            assertThatThrownBy(() -> faults.apply(new HttpFault("unavailable", "origin", null,
                    FaultRule.Status.of(503))))
                    .isInstanceOf(FaultNotApplicableException.class)
                    .hasMessageContaining("provider origin is served by recording servers, which cannot be told");
            assertThat(faults.activeIds()).as("faults in force after two refusals").isEmpty();
        }
    }

    /** The per-provider route is the fake file server's rule list; on a real server it says which route works. */
    @Test
    void theProviderRouteOnARealServerPointsToTheFaultsRouteWhichActsItOut() throws Exception {
        Recording servers = new Recording(true);
        try (Topology world = world(servers); java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> refused = http.send(java.net.http.HttpRequest.newBuilder(
                    world.adminUri().resolve("/providers/edge/faults")).POST(java.net.http.HttpRequest.BodyPublishers
                    .ofString("{\"rule\":{\"type\":\"status\",\"code\":503}}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(refused.body()).contains("a Varnish edge's status and slow-first-byte faults go through the "
                    + "fault vocabulary (AppliedFaults; the admin API's POST /faults").contains("\\\"target\\\": \\\"edge\\\"");

            java.net.http.HttpResponse<String> applied = http.send(java.net.http.HttpRequest.newBuilder(
                    world.adminUri().resolve("/faults")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"family\": \"http\", \"id\": \"ID\", \"target\": \"edge\", \"rule\": {\"type\": "
                            + "\"status\", \"code\": 503}}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(applied.statusCode()).as("the route the message names; %s", applied.body()).isEqualTo(201);
            assertThat(servers.calls).singleElement().asString().startsWith("http edge ");
        }
    }

    /**
     * Real servers serve one scheme for every provider (a Varnish edge fills over its own), so a world mixing them is
     * refused before any server starts, naming the plain ones, and the servers are closed.
     */
    @Test
    void realServersRefuseAWorldMixingSchemesBeforeStartingAnything() {
        Recording servers = new Recording(true);
        Topology.Builder mixed = Topology.builder().externalServers(servers)
                .provider("origin", p -> p.kind(ProviderKind.ORIGIN).https(false))
                .provider("edge", p -> p.edgeOf("origin"))
                .file("video.mp4", "64KiB");

        assertThatThrownBy(mixed::start).isInstanceOf(InvalidTopologyException.class)
                .hasMessage("providers [origin] serve plain HTTP and the others HTTPS, but the real servers "
                        + "(recording servers) serve one scheme for every provider; give every provider the same https");
        assertThat(servers.orders).as("servers started for a world that was refused").isEmpty();
        assertThat(servers.closed).as("the refused world's servers closed").isTrue();
    }

    private static Topology world(Recording servers) {
        return Topology.builder().https(false).externalServers(servers)
                .provider("origin", p -> p.kind(ProviderKind.ORIGIN))
                .provider("edge", p -> p.edgeOf("origin"))
                .file("video.mp4", "64KiB").start();
    }

    /**
     * Real servers for a plain-HTTP world: an embedded fault proxy and a fake server per provider, recording what
     * the world asks of them beyond starting; with {@code actsOut} false, the seam's refusing defaults.
     */
    private static final class Recording implements ExternalServers {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, ServerOrder> orders = new ConcurrentHashMap<>();
        private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();
        private final boolean actsOut;
        volatile boolean closed;

        Recording(boolean actsOut) {
            this.actsOut = actsOut;
        }

        @Override
        public URI startFaultProxy(long seed) {
            ToxiproxyServer proxy = ToxiproxyServer.start(new InetSocketAddress("127.0.0.1", 0), seed);
            started.add(proxy);
            return proxy.controlUri();
        }

        @Override
        public InetSocketAddress startServer(ServerOrder order) {
            orders.put(order.provider(), order);
            FakeCdn.Builder server = FakeCdn.builder(order.hostname()).address(order.address());
            order.files().forEach(server::host);
            FakeCdn cdn = server.start();
            started.add(cdn);
            return cdn.address();
        }

        @Override
        public void flushCache(String provider) {
            if (!actsOut) {
                ExternalServers.super.flushCache(provider);
            }
            calls.add("flush " + provider);
        }

        @Override
        public Runnable addHttpFault(String provider, FaultRule rule, Scope scope) {
            if (!actsOut) {
                return ExternalServers.super.addHttpFault(provider, rule, scope);
            }
            calls.add("http " + provider + " " + rule + " p=" + scope.probability());
            return () -> calls.add("clear " + provider + " " + rule);
        }

        @Override
        public String describe() {
            return "recording servers";
        }

        @Override
        public void close() {
            closed = true;
            for (AutoCloseable closeable : started) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close " + closeable, e);
                }
            }
        }
    }
}
