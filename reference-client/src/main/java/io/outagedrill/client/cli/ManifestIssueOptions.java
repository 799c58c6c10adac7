package io.outagedrill.client.cli;

import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.publish.ManifestDraft;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of the commands that issue a manifest to clients ({@code manifest create}, {@code manifest renew}):
 * how long clients accept it and whether its mirrors may be plain http, read the same way by both.
 */
final class ManifestIssueOptions {

    @Option(names = "--expires-in", paramLabel = "DURATION", converter = Lifetime.class, defaultValue = "7d",
            description = "How long from now clients accept the manifest (default ${DEFAULT-VALUE}, at most "
                    + MAX_LIFETIME_DAYS + "d); `manifest renew` signs it again with a later expiry.")
    Duration expiresIn;

    @Option(names = "--allow-http", description = "Allow plain-http mirror URLs (loopback test manifests only).")
    boolean allowHttp;

    /** The longest lifetime a manifest is issued with: {@link ManifestDraft#MAX_LIFETIME}'s, for the same reason. */
    static final long MAX_LIFETIME_DAYS = ManifestDraft.MAX_LIFETIME_DAYS;
    static final Duration MAX_LIFETIME = ManifestDraft.MAX_LIFETIME;

    /**
     * A manifest's lifetime: more than nothing, since one that expires as it is signed is refused by every client,
     * and at most {@link #MAX_LIFETIME}: without that bound 99999999999d would sign an expiry in the year 273792727,
     * and a larger value fail past the last instant Java keeps with a stack trace instead of a usage error.
     */
    static final class Lifetime implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration lifetime = new DurationConverter().convert(value);
            if (!lifetime.isPositive()) {
                throw new CommandLine.TypeConversionException(("expected a time from now such as 7d or 12h, saw '%s': "
                        + "a manifest that has expired when it is signed is refused by every client").formatted(value));
            }
            if (lifetime.compareTo(MAX_LIFETIME) > 0) {
                throw new CommandLine.TypeConversionException(("expected at most %dd, saw '%s': until it expires, a "
                        + "frozen or replayed copy of a manifest is accepted by clients; renew it (manifest renew) "
                        + "to keep it longer").formatted(MAX_LIFETIME_DAYS, value));
            }
            return lifetime;
        }
    }

    ManifestJson.Options json() {
        return new ManifestJson.Options(allowHttp);
    }

    /** The expiry for a manifest issued at {@code now}, in whole seconds. */
    Instant expiresFrom(Instant now) {
        return now.plus(expiresIn).truncatedTo(ChronoUnit.SECONDS);
    }
}
