package io.outagedrill.client.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.outagedrill.client.Sha256;
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
import io.outagedrill.client.store.ManifestCache;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest given as a file, with the manifest cache on (as {@code drill get} runs): the file's own content is
 * what is downloaded, never a copy kept from an earlier run of another file at that name.
 */
class ManifestFileLocationTest {
    @TempDir
    Path dir;

    private final JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "k1");

    @Test
    void aManifestFileRewrittenWithAnotherFileIsReadAgainNotTakenFromTheKeptCopy() throws Exception {
        Path into = Files.createDirectories(dir.resolve("out"));
        byte[] first = "the first file".getBytes(StandardCharsets.UTF_8);
        byte[] second = "the second file, published after".getBytes(StandardCharsets.UTF_8);
        // Both already in place, so the downloads ask no mirror: which one a run ends with says which manifest it used.
        Files.write(into.resolve("first.bin"), first);
        Files.write(into.resolve("second.bin"), second);
        Path manifest = dir.resolve("movie.jws");
        ManifestDownload job = job();

        Files.writeString(manifest, signed("first.bin", first, 1));
        JobOutcome before = job.run(ManifestSource.locations(List.of(manifest.toString())), DownloadRequest.into(into));
        Files.writeString(manifest, signed("second.bin", second, 2));
        JobOutcome after = job.run(ManifestSource.locations(List.of(manifest.toString())), DownloadRequest.into(into));

        assertThat(before.orThrow().path()).isEqualTo(into.resolve("first.bin"));
        assertThat(after.orThrow().path()).as("the manifest the file holds now").isEqualTo(into.resolve("second.bin"));
    }

    @Test
    void aKeptCopyIsKeyedByTheFilesAbsolutePathNotByTheNameAsTyped() {
        String url = "https://manifests.test/movie.jws";

        List<String> key = CachedManifests.key(List.of("movie.jws", url, "sub/../other.jws"));

        assertThat(key).containsExactly(Path.of("movie.jws").toAbsolutePath().toString(), url,
                Path.of("other.jws").toAbsolutePath().toString());
    }

    private ManifestDownload job() {
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(new JWKSet(key.toPublicJWK())),
                new InMemoryVersionStore(), Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW,
                ManifestJson.Options.STRICT);
        Downloader downloader = Downloader.builder().config(TransferConfig.builder().seed(1).build()).build();
        return ManifestDownload.builder().verifier(verifier).downloader(downloader).httpClient(new OkHttpClient())
                .manifestCache(new ManifestCache(dir.resolve("cache/manifests"))).build();
    }

    /** A signed manifest for {@code content} on a mirror nobody listens on: any request to it would fail. */
    private String signed(String name, byte[] content, long version) {
        Target target = new Target(name, content.length, Sha256.of(content), "", content.length,
                List.of(Sha256.of(content)), List.of(new Mirror("nobody", URI.create("https://nobody.test/" + name),
                1, "", "")));
        return new ManifestSigner(key, ManifestJson.Options.STRICT)
                .sign(new Manifest(target, Instant.parse("2099-01-01T00:00:00Z"), version, List.of()));
    }
}
