package io.outagedrill.control;

import io.outagedrill.client.manifest.Manifest;

import java.io.IOException;

/**
 * Where the routing controller sends a manifest it re-signed: a file that a web server serves, an object store,
 * a manifest service. Implementations sign (they hold, or reach, the key) and must write whole or not at all.
 */
@FunctionalInterface
public interface ManifestPublisher {
    void publish(Manifest manifest) throws IOException;

    /**
     * The version to publish after {@code current}: one more, and above any version this publisher knows was
     * published already (a record beside the key), so a router started from an older copy never repeats one.
     */
    default long nextVersion(Manifest current) {
        return Math.addExact(current.version(), 1);
    }
}
