package io.outagedrill.fakes.topology;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one provider of a {@link Topology} should look, set in {@code provider("cloudflare", p -> p.region("eu-west"))}.
 * Everything has a default, so {@code provider("fastly")} alone is a CDN named {@code fastly.test} in its own
 * failure group.
 */
public final class ProviderSpec {
    /** A DNS label: provider names become host names ({@code NAME.test}) and Toxiproxy proxy names. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final String name;
    private String hostname;
    private ProviderKind kind = ProviderKind.CDN;
    private String region = "";
    private String group;
    private int priority = 1;
    private String edgeOf;
    private ProviderBackend backend = ProviderBackend.IN_PROCESS;
    /** Null until set: the provider then takes the topology's scheme ({@link Topology.Builder#https}). */
    private Boolean https;

    ProviderSpec(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a provider name is one lowercase DNS label (letters, digits, '-'), "
                    + "was '" + name + "'");
        }
        this.name = name;
        this.hostname = name + ".test";
    }

    /** The host name clients use (default {@code NAME.test}; {@code .test} is reserved and never resolves for real). */
    public ProviderSpec hostname(String value) {
        this.hostname = Objects.requireNonNull(value, "hostname").toLowerCase(Locale.ROOT);
        return this;
    }

    public ProviderSpec kind(ProviderKind value) {
        this.kind = Objects.requireNonNull(value, "kind");
        return this;
    }

    /** Free text for the manifest's mirror entry, e.g. {@code eu-west}. */
    public ProviderSpec region(String value) {
        this.region = Objects.requireNonNull(value, "region");
        return this;
    }

    /** The failure domain in the manifest (default: the provider name). Mirrors sharing a group fail together. */
    public ProviderSpec group(String value) {
        this.group = Objects.requireNonNull(value, "group");
        return this;
    }

    /** The manifest's priority for this mirror: lower is tried first (default 1). */
    public ProviderSpec priority(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("priority: expected 0 or more, was " + value);
        }
        this.priority = value;
        return this;
    }

    /**
     * Makes this provider an edge cache in front of provider {@code origin} (declared in the same topology, not
     * itself an edge, not an object store): it holds no files of its own, fetches each on its first request
     * through the origin's proxy, and keeps it until {@link Topology#edge(String)}{@code .flush()}.
     */
    public ProviderSpec edgeOf(String origin) {
        this.edgeOf = Objects.requireNonNull(origin, "origin");
        return this;
    }

    /**
     * What serves the provider behind its proxy (default {@link ProviderBackend#IN_PROCESS}). {@link
     * ProviderBackend#S3PROXY} needs {@code kind(ProviderKind.OBJECT_STORE)}, a second or more to start, and takes
     * no HTTP faults or certificate switches (see {@link ProviderBackend}).
     */
    public ProviderSpec backend(ProviderBackend value) {
        this.backend = Objects.requireNonNull(value, "backend");
        return this;
    }

    /**
     * HTTPS with a certificate from the topology's test CA, or plain HTTP, for this provider whatever the rest of the
     * topology serves (default: the topology's {@link Topology.Builder#https}). A plain-HTTP object store beside
     * HTTPS CDNs is a world real publishers run; its mirror URL is {@code http://}, and it takes no {@link
     * Topology#tls} switches.
     */
    public ProviderSpec https(boolean value) {
        this.https = value;
        return this;
    }

    /**
     * What was declared, with the defaults applied (the group defaults to the provider's name, the scheme to the
     * topology's {@code https}).
     */
    ProviderSettings settings(boolean topologyHttps) {
        return new ProviderSettings(name, hostname, kind, region, group == null ? name : group, priority, edgeOf,
                backend, https == null ? topologyHttps : https);
    }
}
