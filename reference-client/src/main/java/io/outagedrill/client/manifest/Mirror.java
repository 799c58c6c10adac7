package io.outagedrill.client.manifest;

import java.net.URI;
import java.util.Objects;

/**
 * One place a file can be fetched from.
 *
 * @param provider a short name for the operator ("cloudflare", "fastly", "b2"); used in messages and events
 * @param url      the file's URL on that mirror; must be HTTPS unless plain HTTP was allowed for loopback tests
 * @param priority lower is tried first (like Metalink's {@code priority}); ties keep manifest order
 * @param region   where the mirror serves from (free text such as "eu-west"), may be empty
 * @param group    the failure domain: mirrors in one group share a dependency (one cloud, one DNS provider),
 *                 so a failure that points at the domain lowers all of them; defaults to the provider
 */
public record Mirror(String provider, URI url, int priority, String region, String group) {
    public Mirror {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(url, "url");
        region = region == null ? "" : region;
        group = group == null || group.isBlank() ? provider : group;
    }

    /** The host name of the URL, which is how mirrors are named to users ("fastly.test"). */
    public String host() {
        return url.getHost();
    }

    /** A label for messages: the host, which users recognise, or the provider when the URL has no host. */
    public String label() {
        String host = url.getHost();
        return host == null || host.isEmpty() ? provider : host;
    }
}
