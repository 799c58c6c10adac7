package io.outagedrill.client.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Valid manifests to start from; each test breaks exactly one thing. */
final class ManifestFixtures {

    static final String HASH_A = "a".repeat(64);
    static final String HASH_B = "b".repeat(64);
    static final String HASH_C = "c".repeat(64);
    static final Instant EXPIRES = Instant.parse("2026-12-01T00:00:00Z");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestFixtures() {
    }

    static Manifest manifest(String file, long version) {
        Target main = new Target(file, 10, HASH_A, "video/mp4", 4, List.of(HASH_A, HASH_B, HASH_C), List.of(
                new Mirror("cloudflare", URI.create("https://cloudflare.test/v/" + file), 1, "eu-west", null),
                new Mirror("fastly", URI.create("https://fastly.test/v/" + file), 2, "", "fastly-group")));
        Target small = new Target("small-" + file, 3, HASH_B, "video/mp4", 4, List.of(HASH_C),
                List.of(new Mirror("bunny", URI.create("https://bunny.test/" + file), 1, "", null)));
        return new Manifest(main, EXPIRES, version, List.of(new Alternate("720p", "smaller", small)));
    }

    static Manifest manifest() {
        return manifest("video.mp4", 3);
    }

    /** The JSON of {@link #manifest()} as a tree, edited by {@code edit}, as bytes. */
    static byte[] json(Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(ManifestJson.write(manifest()));
            edit.accept(root);
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
