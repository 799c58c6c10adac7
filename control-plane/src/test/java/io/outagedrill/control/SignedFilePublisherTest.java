package io.outagedrill.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.publish.PublishedVersions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the router publishes is recorded beside its key, so `manifest create --version auto` continues after it. */
class SignedFilePublisherTest {
    @TempDir
    Path dir;

    private static Manifest version(long version) {
        Target target = new Target("movie.mp4", 4, "a".repeat(64), "", 4, List.of("a".repeat(64)),
                List.of(new Mirror("cdn", URI.create("https://cdn.test/movie.mp4"), 1, "", "")));
        return new Manifest(target, Instant.parse("2099-01-01T00:00:00Z"), version, List.of());
    }

    @Test
    void eachPublishedVersionIsRecordedAndOneBelowTheRecordIsRefused() throws Exception {
        PublishedVersions ledger = PublishedVersions.besideKey(dir.resolve("release.jwk"));
        Path file = dir.resolve("movie.jws");
        SignedFilePublisher publisher = new SignedFilePublisher(new ManifestSigner(ManifestKeys.generate(
                ManifestAlgorithm.ES256, "release"), ManifestJson.Options.STRICT), file, Optional.of(ledger),
                Clock.systemUTC());

        publisher.publish(version(8));

        assertThat(ledger.next("movie.mp4")).as("the next automatic version after the router's 8").isEqualTo(9);
        byte[] published = Files.readAllBytes(file);
        assertThatThrownBy(() -> publisher.publish(version(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 5 for movie.mp4 is below version 8");
        assertThat(Files.readAllBytes(file)).as("the published manifest, untouched").isEqualTo(published);
    }

    @Test
    void theVersionIsRecordedBeforeTheFileSoAFailedWriteNeverLetsAutoRepeatIt() throws Exception {
        PublishedVersions ledger = PublishedVersions.besideKey(dir.resolve("release.jwk"));
        Path folderInTheWay = Files.createDirectories(dir.resolve("movie.jws"));
        Files.writeString(folderInTheWay.resolve("keep.txt"), "not a manifest");
        SignedFilePublisher publisher = new SignedFilePublisher(new ManifestSigner(ManifestKeys.generate(
                ManifestAlgorithm.ES256, "release"), ManifestJson.Options.STRICT), folderInTheWay,
                Optional.of(ledger), Clock.systemUTC());

        assertThatThrownBy(() -> publisher.publish(version(3))).as("a folder where the manifest goes")
                .isInstanceOf(java.io.IOException.class);

        assertThat(ledger.next("movie.mp4"))
                .as("version 3 is spent although its write failed, so the next automatic version is 4, not 3 again")
                .isEqualTo(4);
        assertThat(folderInTheWay.resolve("keep.txt")).as("what was in the way, untouched").hasContent(
                "not a manifest");
    }
}
