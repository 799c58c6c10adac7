package io.outagedrill.client.manifest;

import java.util.Objects;

/**
 * A degraded variant of the manifest's file ("720p", "audio") with its own size, hashes and mirrors: what the
 * client can offer, or fall back to with {@code --alternate auto}, when every mirror of the main file fails or the
 * disk cannot hold it.
 *
 * @param name        the short name users pick it by
 * @param description words for the user ("720p H.264, 40% of the size"), may be empty
 * @param target      the variant's file, size, hashes and mirrors
 */
public record Alternate(String name, String description, Target target) {
    public Alternate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        description = description == null ? "" : description;
    }
}
