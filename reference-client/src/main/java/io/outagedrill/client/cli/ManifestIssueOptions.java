package io.outagedrill.client.cli;

import io.outagedrill.client.manifest.ManifestJson;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Option;

/**
 * The options of the commands that issue a manifest to clients ({@code manifest create}, {@code manifest renew}):
 * how long clients accept it and whether its mirrors may be plain http, read the same way by both.
 */
final class ManifestIssueOptions {

    @Option(names = "--expires-in", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "7d",
            description = "How long from now clients accept the manifest (default ${DEFAULT-VALUE}); `manifest "
                    + "renew` signs it again with a later expiry.")
    Duration expiresIn;

    @Option(names = "--allow-http", description = "Allow plain-http mirror URLs (loopback test manifests only).")
    boolean allowHttp;

    ManifestJson.Options json() {
        return new ManifestJson.Options(allowHttp);
    }

    /** The expiry for a manifest issued at {@code now}, in whole seconds. */
    Instant expiresFrom(Instant now) {
        return now.plus(expiresIn).truncatedTo(ChronoUnit.SECONDS);
    }
}
