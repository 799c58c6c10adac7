package io.outagedrill.client.manifest;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One place a file can be fetched from.
 *
 * @param provider a short name for the operator ("cloudflare", "fastly", "b2"); used in messages and events
 * @param url      the file's URL on that mirror; must be HTTPS unless plain HTTP was allowed for loopback tests
 * @param priority lower is tried first (like Metalink's {@code priority}); ties keep manifest order
 * @param region   where the mirror serves from (free text such as "eu-west"), may be empty
 * @param group    the failure domain: mirrors in one group share a dependency (one cloud, one DNS provider),
 *                 so a failure that points at the domain lowers all of them; defaults to the provider
 * @param status   the base URL of the provider's Statuspage API ({@code https://www.cloudflarestatus.com}); the
 *                 client reads {@code <status>/api/v2/status.json} before a download and tries a provider that
 *                 admits a major outage last. Null when the manifest names none (most mirrors); a plain nullable
 *                 URI rather than an Optional so that any JSON mapper can carry a Mirror ({@link #statusPage()})
 */
public record Mirror(String provider, URI url, int priority, String region, String group, URI status) {
    public Mirror {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(url, "url");
        region = region == null ? "" : region;
        group = group == null || group.isBlank() ? provider : group;
    }

    /** A mirror without a status page (manifests before the field existed, Metalink). */
    public Mirror(String provider, URI url, int priority, String region, String group) {
        this(provider, url, priority, region, group, null);
    }

    /** The same mirror with {@code statusBase} as its provider's Statuspage API base URL. */
    public Mirror withStatus(URI statusBase) {
        return new Mirror(provider, url, priority, region, group, Objects.requireNonNull(statusBase, "statusBase"));
    }

    /** The provider's Statuspage API base URL, if the manifest names one. */
    public Optional<URI> statusPage() {
        return Optional.ofNullable(status);
    }

    /** {@code <status>/api/v2/status.json}, the Statuspage document the client reads, if the mirror has a status. */
    public Optional<URI> statusDocument() {
        return statusPage().map(base -> {
            String text = base.toString();
            return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text)
                    + "/api/v2/status.json");
        });
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

    /**
     * The manifest's rules for this mirror's URLs (https with a host, plain http only when allowed; its status page
     * the same), as a manifest holding it would be checked: for a publisher to refuse it before signing.
     *
     * @throws ManifestRejectedException naming the URL and what is wrong with it
     */
    public void checkUrls(boolean allowPlainHttp) {
        ManifestRules.mirrorUrl(url.toString(), "url", allowPlainHttp);
        if (status != null) {
            ManifestRules.statusUrl(status.toString(), "status", allowPlainHttp);
        }
    }
}
