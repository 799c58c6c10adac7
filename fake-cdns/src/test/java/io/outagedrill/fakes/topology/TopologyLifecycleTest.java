package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.manifest.ManifestReplica;
import io.outagedrill.fakes.network.LinkState;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What a topology starts, what it tells clients, and that closing it gives every port and thread back. */
@Timeout(60)
// Alone: one test looks for leftover threads by name, which a topology starting beside it would also have.
@Isolated
class TopologyLifecycleTest {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyLifecycleTest.class);

    @Test
    void startTimesAreLogged() {
        // Logged, not asserted: benchmarks judge speed (TopologyStartBenchmark in reports). TopologyStarter's log
        // line times every start; the first in a JVM pays for class loading (Jetty, Jackson, Nimbus, the JDK's
        // TLS and EC code) and is several times slower.
        for (String start : List.of("first", "second")) {
            long began = System.nanoTime();
            try (Topology topology = Topology.builder().providers(3).file("video.mp4", "8MiB").start()) {
                LOG.info("{} start of 3 providers: {} ms", start, (System.nanoTime() - began) / 1_000_000);
                assertThat(topology.providers()).extracting(Provider::name)
                        .containsExactly("cloudflare", "fastly", "bunny");
            }
        }
    }

    @Test
    void eachProviderHasItsOwnAddressNameAndProxy() {
        try (Topology topology = Topology.builder().providers(6).manifestReplicas(3).start()) {
            List<Provider> providers = topology.providers();
            assertThat(providers).extracting(p -> p.address().getAddress()).doesNotHaveDuplicates()
                    .allMatch(a -> a.isLoopbackAddress());
            assertThat(providers).allSatisfy(p -> {
                assertThat(topology.resolve().get(p.hostname())).isEqualTo(p.address().getAddress());
                assertThat(topology.server(p.name()).address().getAddress()).isEqualTo(p.address().getAddress());
            });
            assertThat(providers.get(5)).extracting(Provider::kind, Provider::group, Provider::priority)
                    .containsExactly(ProviderKind.OBJECT_STORE, "backblaze", 2);
            assertThat(topology.network().links()).extracting(LinkState::provider)
                    .containsExactlyInAnyOrder("cloudflare", "fastly", "bunny", "akamai", "cloudfront", "b2");
            LinkState cloudflare = topology.network().link("cloudflare");
            assertThat(cloudflare.listen()).isEqualTo(providers.getFirst().address().getAddress().getHostAddress()
                    + ":" + providers.getFirst().address().getPort());
            assertThat(cloudflare.upstream()).endsWith(":" + topology.server("cloudflare").port());
            assertThat(topology.manifestUrls("video.mp4")).hasSize(3);
            assertThat(topology.curlResolveArgs()).containsSequence("--resolve", providers.getFirst().curlResolve());
            assertThat(topology.curlResolveArgs()).hasSize(2 * (6 + 3 + 6));
            assertThat(topology.file("video.mp4").size()).isEqualTo(8L << 20);
            assertThatThrownBy(() -> topology.network().link("nope")).hasMessageContaining("no provider nope")
                    .hasMessageContaining("cloudflare");
            assertThatThrownBy(() -> topology.provider("nope")).hasMessageContaining("no provider nope")
                    .hasMessageContaining("cloudflare");
        }
    }

    @Test
    void statusPagesAreServedOverHttpUnderEachProvidersName() throws IOException {
        try (Topology topology = Topology.builder().providers(2).start()) {
            OkHttpClient http = new OkHttpClient.Builder().dns(topology.dns()::lookup).build();
            topology.status("fastly").majorOutage("Elevated errors in Europe");

            URI fastly = topology.statusUrl("fastly");
            assertThat(fastly.getHost()).isEqualTo("status.fastly.test");
            assertThat(get(http, fastly)).contains("\"indicator\":\"major\"").contains("\"name\":\"Fastly\"");
            assertThat(get(http, topology.statusUrl("cloudflare"))).contains("\"indicator\":\"none\"");

            topology.status("fastly").resolve();
            assertThat(get(http, fastly)).contains("\"indicator\":\"none\"");
        }
    }

    @Test
    void signedManifestsNameEachProvidersStatusPageOverHttps() throws IOException {
        try (Topology topology = Topology.builder().providers(2).file("f.bin", 4096, 1024).start()) {
            OkHttpClient http = new OkHttpClient.Builder().dns(topology.dns()::lookup)
                    .sslSocketFactory(topology.certificateAuthority().socketFactory(),
                            topology.certificateAuthority().trustManager()).build();
            String jws = get(http, URI.create(topology.manifestUrls("f.bin").getFirst()));
            var verifier = new io.outagedrill.client.manifest.ManifestVerifier(
                    io.outagedrill.client.manifest.TrustStore.load(topology.trustStore()),
                    new io.outagedrill.client.manifest.InMemoryVersionStore(), java.time.Clock.systemUTC(),
                    Duration.ofSeconds(60), io.outagedrill.client.manifest.ManifestJson.Options.STRICT);
            var mirrors = verifier.verify(jws.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test")
                    .manifest().target().mirrors();

            assertThat(mirrors).allSatisfy(m -> assertThat(m.statusPage()).contains(topology.statusBase(m.provider())));
            URI fastly = mirrors.get(1).statusDocument().orElseThrow();
            assertThat(fastly.getScheme()).isEqualTo("https");
            topology.status("fastly").majorOutage("Elevated errors");
            assertThat(get(http, fastly)).contains("\"indicator\":\"major\"");
        }
    }

    private static String get(OkHttpClient http, URI url) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(url.toString()).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().string();
        }
    }

    @Test
    void closeReleasesEveryPortThreadAndFile() throws IOException {
        Topology topology = Topology.builder().provider("close-a").provider("close-b").file("f.bin", 4096, 1024)
                .start();
        List<InetSocketAddress> bound = new ArrayList<>();
        topology.providers().forEach(p -> {
            bound.add(p.address());
            bound.add(topology.server(p.name()).address());
        });
        topology.manifestReplicas().stream().map(ManifestReplica::cdn).forEach(cdn -> bound.add(cdn.address()));
        URI status = topology.statusUrl("close-a");
        bound.add(new InetSocketAddress(topology.resolve().get(status.getHost()), status.getPort()));
        URI control = topology.toxiproxyUri();
        bound.add(new InetSocketAddress(control.getHost(), control.getPort()));
        Path trust = topology.trustStore();
        Path ca = topology.caCertificate();
        assertThat(trust).exists();
        assertThat(ca).exists();

        topology.close();
        topology.close(); // idempotent

        for (InetSocketAddress address : bound) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(address);
                assertThat(socket.getLocalPort()).isEqualTo(address.getPort());
            }
        }
        assertThat(trust).doesNotExist();
        assertThat(ca).doesNotExist();
        assertThat(trust.getParent()).doesNotExist();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(threadsNamed("close-a.test", "close-b.test")).isEmpty());
    }

    /**
     * Each name server of the world answers a provider's name with its address (UDP on a free port, the same on
     * port 53 of an address of its own where this process may bind it, and DNS over HTTPS), and closing the world
     * frees their ports: a second world, or the next run, can take port 53 of that address again.
     */
    @Test
    void theWorldsNameServersAnswerItsNamesAndCloseWithIt() throws Exception {
        Topology topology = Topology.builder().provider("dns-a").file("f.bin", 4096, 1024).start();
        java.net.InetAddress expected = topology.resolve().get("dns-a.test");
        java.net.InetSocketAddress udp = topology.nameServer();
        URI doh = topology.dohUrl();
        java.net.InetAddress port53;
        try {
            port53 = topology.nameServerOnPort53();
        } catch (java.io.UncheckedIOException unprivileged) {
            assertThat(unprivileged).hasMessageContaining("it needs root, CAP_NET_BIND_SERVICE");
            port53 = null;
        }
        try {
            assertThat(ask(udp, "dns-a.test")).as("UDP on %s", udp).isEqualTo(expected);
            if (port53 != null) {
                assertThat(ask(new InetSocketAddress(port53, 53), "dns-a.test")).as("port 53 of %s", port53)
                        .isEqualTo(expected);
                assertThat(port53).as("an address of its own").isNotEqualTo(udp.getAddress());
                assertThat(port53.getHostAddress()).as("away from 127.0.0.x, where local resolvers own port 53 "
                        + "(127.0.0.11:53 is Docker's DNS, behind a NAT rule a bind cannot see)")
                        .startsWith("127.53.0.");
            }
            assertThat(doh.getScheme()).isEqualTo("https");
            assertThat(doh.getPath()).isEqualTo("/dns-query");
        } finally {
            topology.close();
        }
        try (java.net.DatagramSocket again = new java.net.DatagramSocket(udp)) {
            assertThat(again.getLocalPort()).isEqualTo(udp.getPort());
        }
        if (port53 != null) {
            try (java.net.DatagramSocket again = new java.net.DatagramSocket(new InetSocketAddress(port53, 53))) {
                assertThat(again.getLocalPort()).as("port 53 given back").isEqualTo(53);
            }
        }
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(doh.getHost(), doh.getPort()));
            assertThat(again.getLocalPort()).as("the DoH port given back").isEqualTo(doh.getPort());
        }
    }

    private static java.net.InetAddress ask(InetSocketAddress server, String host) throws Exception {
        org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver(server);
        resolver.setTimeout(Duration.ofSeconds(5));
        org.xbill.DNS.Message answer = resolver.send(org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString(host + "."), org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN)));
        return ((org.xbill.DNS.ARecord) answer.getSection(org.xbill.DNS.Section.ANSWER).getFirst()).getAddress();
    }

    @Test
    void aPartThatFailsToStartClosesThePartsStartedBesideIt() throws IOException {
        // The Toxiproxy port is taken, while the CA, the servers, the status pages and the replicas start on
        // other threads: every one of them must be closed again, whichever finished first.
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Topology.builder().provider("fail-a").provider("fail-b")
                    .toxiproxyPort(taken.getLocalPort()).start())
                    .hasMessageContaining("Toxiproxy control API");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                threadsNamed("fail-a.test", "fail-b.test", "status-pages", "topology-start")).isEmpty());
    }

    @Test
    void aStartStepThatFailsWithAnErrorStillClosesThePartsStartedBesideIt() {
        // An Error (a class that fails to load or initialise, say) in one start step, while the servers, the
        // status pages and the Toxiproxy server start on other threads: they must be closed all the same.
        Clock failsInTheCa = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                boolean makingTheCa = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                        f -> f.getClassName().equals(TestCertificateAuthority.class.getName())));
                if (makingTheCa) {
                    throw new NoClassDefFoundError("simulated: a class the CA needs cannot be loaded");
                }
                return Instant.now();
            }
        };
        assertThatThrownBy(() -> Topology.builder().provider("error-a").provider("error-b").clock(failsInTheCa)
                .toxiproxyPort(0).start())
                .isInstanceOf(NoClassDefFoundError.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                threadsNamed("error-a.test", "error-b.test", "status-pages", "topology-start")).isEmpty());
    }

    private static Set<String> threadsNamed(String... parts) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> List.of(parts).stream().anyMatch(name::contains)).collect(Collectors.toSet());
    }

    @Test
    void theBuilderSaysWhatIsWrong() {
        assertThatThrownBy(() -> Topology.builder().start()).hasMessageContaining("at least one provider");
        assertThatThrownBy(() -> Topology.builder().provider("Cloud Flare")).hasMessageContaining("DNS label");
        assertThatThrownBy(() -> Topology.builder().provider("x").provider("x")).hasMessageContaining("twice");
        assertThatThrownBy(() -> Topology.builder().file("../etc", 1)).hasMessageContaining("plain path component");
        assertThatThrownBy(() -> Topology.builder().file("v", "12 parsecs")).hasMessageContaining("expected a size");
        assertThatThrownBy(() -> Topology.builder().providers(99)).hasMessageContaining("expected 1 to");
        assertThatThrownBy(() -> Topology.builder().provider("a").provider("b", p -> p.hostname("a.test")).start())
                .hasMessageContaining("a.test").hasMessageContaining("both");
        assertThatThrownBy(() -> Topology.builder().provider("b", p -> p.hostname("manifests-a.test")).start())
                .hasMessageContaining("manifests-a.test");
    }
}
