package io.outagedrill.harness.referenceclient;

import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.manifest.InMemoryVersionStore;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.manifest.VersionStore;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * A small world for the reference client's end-to-end tests: fake CDNs on their own loopback addresses over
 * HTTPS from a test CA, one generated file on all of them, and a manifest signed for it. (The harness's
 * Topology builder will grow out of this; these tests pin the client's behaviour against real servers.)
 */
final class LoopbackWorld implements AutoCloseable {
    static final String PATH = "/media/clip.mp4";

    final LoopbackDns dns = new LoopbackDns();
    final TestCertificateAuthority ca = TestCertificateAuthority.create();
    final GeneratedFile file;
    final long chunkSize;
    final List<FakeCdn> cdns = new ArrayList<>();
    final JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "world-key");
    final Path dir;

    LoopbackWorld(Path dir, long size, long chunkSize, boolean https, String... hosts) {
        this.dir = dir;
        this.file = GeneratedFile.of("clip.mp4", size, 1234);
        this.chunkSize = chunkSize;
        for (String host : hosts) {
            FakeCdn.Builder builder = FakeCdn.builder(host).dns(dns).host(PATH, file);
            cdns.add((https ? builder.https(ca) : builder).start());
        }
    }

    FakeCdn cdn(String host) {
        return cdns.stream().filter(c -> c.hostname().equals(host)).findFirst().orElseThrow();
    }

    Manifest manifest(long version, Instant expires) {
        List<Mirror> mirrors = cdns.stream()
                .map(c -> new Mirror(c.hostname(), c.url(PATH), 1, "", c.hostname())).toList();
        Target target = new Target(file.name(), file.size(), file.sha256(), "video/mp4", chunkSize,
                file.chunkHashes(chunkSize), mirrors);
        return new Manifest(target, expires, version, List.of());
    }

    String sign(Manifest manifest) {
        return new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(manifest);
    }

    VerifiedManifest verified(long version) {
        String jws = sign(manifest(version, Instant.parse("2099-01-01T00:00:00Z")));
        return verifier(new InMemoryVersionStore()).verify(jws.getBytes(StandardCharsets.US_ASCII), "test");
    }

    ManifestVerifier verifier(VersionStore versions) {
        return new ManifestVerifier(TrustStore.of(new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK())), versions,
                Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP);
    }

    Path trustFile() throws IOException {
        Path trust = dir.resolve("keys.jwks");
        if (!Files.exists(trust)) {
            ManifestKeys.addToPublicSet(key, trust);
        }
        return trust;
    }

    Path caFile() throws IOException {
        return ca.writePem(dir.resolve("ca.pem"));
    }

    /** A client that resolves the fake hosts and trusts the test CA only. */
    OkHttpClient http() throws IOException {
        return HttpClients.trustOnly(new OkHttpClient.Builder(), caFile()).dns(HttpClients.resolving(dns.asMap()))
                .build();
    }

    @Override
    public void close() {
        cdns.forEach(FakeCdn::close);
    }
}
