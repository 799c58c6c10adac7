package io.outagedrill.harness.storm;

import io.outagedrill.client.manifest.InMemoryVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.dns.FaultyResolver;
import io.outagedrill.fakes.fault.AppliedFaults;
import io.outagedrill.fakes.fault.FaultContext;
import io.outagedrill.fakes.manifest.Manifests;
import io.outagedrill.fakes.topology.Provider;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.referenceclient.TopologyClients;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * One fake world shared by every try of one storm lane (starting a world costs far more than a try): its
 * providers, one signed manifest per mirror count (listing the first 1..n providers), one HTTP client, and the
 * faults. Each lane has its own world, so a fault of one try never reaches a try on another lane. The HTTP client
 * resolves names through the world's faulty resolver, as the scenario runner wires the in-process reference
 * client, so DNS faults reach it. {@link #calm()} takes every fault back between tries.
 */
final class StormWorld implements AutoCloseable {
    static final String FILE = "storm.bin";
    static final long SIZE = 256 * 1024;
    static final long CHUNK = 32 * 1024;
    private static final Instant LATER = Instant.parse("2099-01-01T00:00:00Z");

    private final Topology topology;
    private final List<String> providers;
    private final List<VerifiedManifest> manifests = new ArrayList<>();
    private final OkHttpClient http;
    private final AppliedFaults faults;

    StormWorld(int providerCount, long seed) throws IOException {
        topology = Topology.builder().seed(seed).https(false).providers(providerCount).file(FILE, SIZE, CHUNK)
                .manifestReplicas(1).start();
        try {
            providers = topology.providers().stream().map(Provider::name).toList();
            http = new OkHttpClient.Builder().dns(topology.dns()::lookup).build();
            faults = new AppliedFaults(new FaultContext(topology, seed));
            List<Mirror> all = TopologyClients.verified(topology, FILE).manifest().target().mirrors();
            ManifestFetcher fetcher = new ManifestFetcher(http,
                    TopologyClients.verifier(topology, new InMemoryVersionStore()), DownloadListener.none(),
                    Clock.systemUTC());
            for (int n = 1; n <= providerCount; n++) {
                List<Mirror> first = providers.subList(0, n).stream().map(name -> mirrorOf(all, name)).toList();
                String path = "/storm-" + n + ".jws";
                topology.manifests().publish(path, Manifests.forContent(file(), CHUNK, first, LATER, 1));
                manifests.add(fetcher.fetch(topology.manifests().urls(path)));
            }
        } catch (IOException | RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    private static Mirror mirrorOf(List<Mirror> mirrors, String provider) {
        return mirrors.stream().filter(m -> m.provider().equals(provider)).findFirst().orElseThrow(
                () -> new IllegalStateException("no mirror of provider " + provider + " in " + mirrors));
    }

    List<String> providers() {
        return providers;
    }

    ServedFile file() {
        return topology.file(FILE);
    }

    /** The signed manifest listing the first {@code mirrors} providers. */
    VerifiedManifest manifest(int mirrors) {
        return manifests.get(mirrors - 1);
    }

    OkHttpClient http() {
        return http;
    }

    AppliedFaults faults() {
        return faults;
    }

    /**
     * No fault left anywhere, no connection kept from the last try, no DNS answer remembered: a DNS fault leaves
     * its TTL on the name after it is cleared (answers cached meanwhile keep biting, as for real), so the TTLs go
     * back to zero and the cache is flushed.
     */
    void calm() throws IOException, InterruptedException {
        faults.clearAll();
        topology.network().reset();
        FaultyResolver dns = topology.dns();
        topology.providers().forEach(p -> dns.ttl(p.hostname(), Duration.ZERO));
        dns.clearFaults().flush();
        http.connectionPool().evictAll();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        topology.close();
    }
}
