package io.outagedrill.client.manifest;

import java.util.Objects;

/**
 * A manifest that passed every check, with what resume needs to tell two manifests apart.
 *
 * @param manifest the parsed content
 * @param digest   lowercase hex SHA-256 of the exact bytes received (the compact JWS, or the .meta4 file);
 *                 the journal records it so a resume never mixes chunks of two manifests
 * @param keyId    the {@code kid} of the trusted key that signed it; empty when unsigned
 * @param signed   false only for inputs that carry no signature (Metalink), which the CLI says loudly
 * @param source   where it came from (a URL or a path), for messages
 */
public record VerifiedManifest(Manifest manifest, String digest, String keyId, boolean signed, String source) {
    public VerifiedManifest {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(digest, "digest");
        keyId = keyId == null ? "" : keyId;
        Objects.requireNonNull(source, "source");
    }
}
