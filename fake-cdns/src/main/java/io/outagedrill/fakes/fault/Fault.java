package io.outagedrill.fakes.fault;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Something that breaks a running topology, named by {@code id} so it can be cleared (and, in a scenario, referred
 * to by an SLO). The one fault vocabulary: scenario files are read into these records, the admin API takes them as
 * JSON (with a {@code family} name), and {@link FaultHandlers} acts them out.
 *
 * <p>One record per family; the behaviour inside a family is the fakes' own data where they have it
 * ({@code FaultRule} and {@code Scope} for HTTP, the resolver's {@code DnsFault}, the manifest service's
 * {@code ReplicaFault}, the proxy's Toxiproxy toxic). {@link #kind()} is the {@code LAYER.NAME} scenario files
 * write after {@code fault:}, so the layer is always visible.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "family")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ToxicFault.class, name = "toxic"),
        @JsonSubTypes.Type(value = ProxyDownFault.class, name = "proxy-down"),
        @JsonSubTypes.Type(value = HttpFault.class, name = "http"),
        @JsonSubTypes.Type(value = SwapContentFault.class, name = "swap-content"),
        @JsonSubTypes.Type(value = ResolverFault.class, name = "dns"),
        @JsonSubTypes.Type(value = TlsFault.class, name = "tls"),
        @JsonSubTypes.Type(value = StatusPageFault.class, name = "status-page"),
        @JsonSubTypes.Type(value = CacheFlushFault.class, name = "cache-flush"),
        @JsonSubTypes.Type(value = ManifestFault.class, name = "manifest"),
        @JsonSubTypes.Type(value = WrongFileMirrorFault.class, name = "wrong-file-mirror"),
})
public sealed interface Fault permits NetworkFault, ServerFault, ResolverFault, TlsFault,
        StatusPageFault, CacheFlushFault, ManifestFault, WrongFileMirrorFault {

    String id();

    /** A provider name or failure group; {@code manifest} for manifest faults. */
    String target();

    /** The kind as scenario files write it, e.g. {@code http.status}. */
    @JsonIgnore
    String kind();
}
