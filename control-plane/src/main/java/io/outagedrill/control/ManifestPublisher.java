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
}
