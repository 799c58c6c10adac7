package io.outagedrill.harness.run;

import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.manifest.InMemoryVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.fakes.topology.Topology;
import java.time.Clock;
import okhttp3.OkHttpClient;

/** Fetches and verifies a topology's manifest the way the reference client does (plain-HTTP worlds). */
final class TopologyClientsForTest {
    private TopologyClientsForTest() {
    }

    static VerifiedManifest fetch(Topology world, String file, Clock clock) {
        OkHttpClient http = new OkHttpClient.Builder().dns(world.dns()::lookup).build();
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(world.trustStore()),
                new InMemoryVersionStore(), clock, ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP);
        return new ManifestFetcher(http, verifier, DownloadListener.none(), clock).fetch(world.manifestUrls(file));
    }
}
