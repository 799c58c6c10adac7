package io.outagedrill.harness.referenceclient;

import io.outagedrill.client.manifest.InMemoryVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.manifest.VersionStore;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.fakes.topology.Topology;
import java.io.IOException;
import java.time.Clock;
import okhttp3.OkHttpClient;

/** The reference client wired to a {@link Topology} the way an app would be: its names, its CA, its key. */
public final class TopologyClients {
    private TopologyClients() {
    }

    /** Resolves the topology's names and, where any part serves HTTPS, trusts its CA and nothing else. */
    public static OkHttpClient http(Topology topology) throws IOException {
        OkHttpClient.Builder builder = new OkHttpClient.Builder().dns(HttpClients.resolving(topology.resolve()));
        return (topology.anyHttps() ? HttpClients.trustOnly(builder, topology.caCertificate()) : builder).build();
    }

    public static ManifestVerifier verifier(Topology topology, VersionStore versions) {
        return new ManifestVerifier(TrustStore.load(topology.trustStore()), versions, Clock.systemUTC(),
                ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP);
    }

    /** The file's signed manifest, fetched from the replicas and verified, remembering versions in memory. */
    public static VerifiedManifest verified(Topology topology, String file) throws IOException {
        return new ManifestFetcher(http(topology), verifier(topology, new InMemoryVersionStore()), DownloadListener.none(),
                Clock.systemUTC()).fetch(topology.manifestUrls(file));
    }
}
