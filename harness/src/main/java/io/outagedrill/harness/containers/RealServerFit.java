package io.outagedrill.harness.containers;

import io.outagedrill.fakes.containers.CorruptibleCopies;
import io.outagedrill.fakes.containers.VarnishFaultRule;
import io.outagedrill.fakes.fault.CacheFlushFault;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.fault.NetworkFault;
import io.outagedrill.fakes.fault.ResolverFault;
import io.outagedrill.fakes.fault.StatusPageFault;
import io.outagedrill.fakes.fault.SwapContentFault;
import io.outagedrill.fakes.fault.TlsFault;
import io.outagedrill.fakes.fault.WrongFileMirrorFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.scenario.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which steps of a scenario a world of real servers in containers cannot act out, and why: the list a containers
 * run prints before anything starts. In that world the providers are nginx servers (S3Proxy where a scenario asks
 * for it), each behind a link of the containerised fault proxy; an edge cache of an origin ({@code edgeOf}) is a
 * Varnish edge filling through the origin's link, and a provider the timeline gives HTTP faults Varnish can make
 * is a Varnish edge in front of a private nginx origin ({@link #varnishFronted}); the manifest service, the status
 * pages and the resolver stay in-process and name the real servers. So network faults act out as they do
 * in-process, and faults of the in-process parts too; a cache flush is Varnish's BAN, a status answer or a slow
 * first byte its fault switch; corrupt bytes are bad bytes in a plain nginx provider's own copy of the files
 * ({@link #ownCopies}); what only the fake file server makes (the rest of its HTTP fault chain, its files, its
 * certificate switch) cannot.
 *
 * <p>The switch is exhaustive over the sealed fault model, so a new family does not compile until someone decides
 * here whether real servers can act it out.
 */
public final class RealServerFit {
    private RealServerFit() {
    }

    /**
     * Why the containers world cannot run the scenario, in words: a part of its topology it cannot start at all, or
     * faults none of which real servers can act out (a run would play no fault and pass, testing nothing). A
     * scenario with any is refused before anything starts (it runs embedded).
     */
    public static List<String> blockers(Scenario scenario) {
        List<String> blockers = new ArrayList<>();
        for (Topology.Provider provider : scenario.topology().providers()) {
            if (provider.edgeOf() != null && provider.backend() == Topology.Backend.S3PROXY) {
                blockers.add(("provider %s is an edge cache of %s and an S3Proxy store at once; an edge is a "
                        + "Varnish container").formatted(provider.name(), provider.edgeOf()));
            }
        }
        Set<String> faults = new LinkedHashSet<>(Step.applied(scenario.timeline()).map(Fault::id).toList());
        List<RealServerLimit> limits = limits(scenario);
        if (!faults.isEmpty() && limits.stream().map(RealServerLimit::faultId).toList().containsAll(faults)) {
            blockers.add(String.format(Locale.ROOT, "none of its %d fault step(s) can be acted out on real servers, "
                    + "so a run would test nothing ", faults.size()) + "(" + String.join("; ", limits.stream()
                    .map(RealServerLimit::describe).toList()) + ")");
        }
        return List.copyOf(blockers);
    }

    /**
     * The providers without an origin that the containers world plays with a Varnish edge in front of a private
     * nginx origin, because the timeline gives them HTTP faults Varnish's fault switch acts out (status answers,
     * slow first bytes); the others stay plain nginx, the cheaper server.
     */
    public static Set<String> varnishFronted(Scenario scenario) {
        Set<String> fronted = new LinkedHashSet<>();
        for (Fault fault : Step.applied(scenario.timeline()).toList()) {
            if (fault instanceof HttpFault http
                    && VarnishFaultRule.unsupported(http.rule(), http.scope()).isEmpty()) {
                for (Topology.Provider provider : scenario.topology().resolve(http.target())) {
                    if (provider.edgeOf() == null && provider.backend() != Topology.Backend.S3PROXY) {
                        fronted.add(provider.name());
                    }
                }
            }
        }
        return Set.copyOf(fronted);
    }

    /**
     * The providers of the {@code http.corrupt-bytes} steps real servers can act out ({@link #limit}: each a plain
     * nginx provider): each serves a copy of the files of its own, in which the fault inverts bytes on disk; the
     * others share one copy. A step that cannot be acted out on one of its providers gives none of them a copy.
     */
    public static Set<String> ownCopies(Scenario scenario) {
        Set<String> fronted = varnishFronted(scenario);
        Set<String> own = new LinkedHashSet<>();
        for (Fault fault : Step.applied(scenario.timeline()).toList()) {
            if (fault instanceof HttpFault http && http.rule() instanceof FaultRule.CorruptBytes
                    && limit(fault, scenario.topology(), fronted).isEmpty()) {
                scenario.topology().resolve(http.target()).forEach(provider -> own.add(provider.name()));
            }
        }
        return Set.copyOf(own);
    }

    /** Every step the containers world cannot act out, in timeline order (repeats' steps included once). */
    public static List<RealServerLimit> limits(Scenario scenario) {
        List<RealServerLimit> limits = new ArrayList<>();
        Set<String> fronted = varnishFronted(scenario);
        for (Fault fault : Step.applied(scenario.timeline()).toList()) {
            limit(fault, scenario.topology(), fronted)
                    .ifPresent(reason -> limits.add(new RealServerLimit(fault.id(), fault.kind(), reason)));
        }
        return List.copyOf(limits);
    }

    /**
     * Why real servers cannot act this fault out in {@code topology}, where the providers in {@code varnishFronted}
     * are Varnish edges in front of a private origin; empty when they can.
     */
    static Optional<String> limit(Fault fault, Topology topology, Set<String> varnishFronted) {
        return switch (fault) {
            case NetworkFault network -> Optional.empty(); // the fault proxy's toxics, as in-process
            case ResolverFault dns -> Optional.empty(); // the resolver stays in-process
            case StatusPageFault status -> Optional.empty(); // status pages stay in-process
            case ManifestFault manifest -> Optional.empty(); // the manifest service stays in-process
            case HttpFault http when http.rule() instanceof FaultRule.CorruptBytes ->
                    CorruptibleCopies.unsupported(http.scope()).or(() -> filesOnDisk(topology))
                            .or(() -> topology.resolve(http.target()).stream()
                                    .map(provider -> corruptLimit(provider, varnishFronted)).flatMap(Optional::stream)
                                    .findFirst());
            case HttpFault http -> httpLimit(http, topology);
            case SwapContentFault swap -> Optional.of("replacing a file is done inside the fake file server; the "
                    + "containers world does not yet change files on a real server");
            case WrongFileMirrorFault wrong -> Optional.of("a provider's URL for another file needs that file on "
                    + "the provider's server; the containers world publishes only the scenario's files");
            case TlsFault tls -> Optional.of("certificate switches are the fake servers' TLS; a real server "
                    + "presents the certificate it started with");
            case CacheFlushFault flush -> topology.resolve(flush.target()).stream()
                    .filter(provider -> provider.edgeOf() == null).findFirst()
                    .map(provider -> "provider " + provider.name() + " caches nothing (no edgeOf); only an edge "
                            + "cache of an origin is a Varnish edge to flush");
        };
    }

    /**
     * Corrupt bytes need the provider's own copy of every file it serves, and the containers world copies generated
     * files only: a publisher's file on disk ({@code files[].path}) is served where it lies, read-only.
     */
    private static Optional<String> filesOnDisk(Topology topology) {
        List<String> onDisk = topology.files().stream().filter(f -> f.path().isPresent())
                .map(Topology.FileSpec::name).toList();
        return onDisk.isEmpty() ? Optional.empty() : Optional.of("the scenario serves a file from disk ("
                + String.join(", ", onDisk) + "), which the containers world never copies to corrupt; corrupt "
                + "bytes are acted out in copies of generated files only");
    }

    /** Why the provider cannot serve bad bytes from a copy of its own; empty when it can. */
    private static Optional<String> corruptLimit(Topology.Provider provider, Set<String> varnishFronted) {
        String how = "; corrupt bytes are acted out as bad bytes in a plain nginx provider's own copy of the files";
        if (provider.backend() == Topology.Backend.S3PROXY) {
            return Optional.of("provider " + provider.name() + " is S3Proxy, which keeps its objects in its own "
                    + "store" + how);
        }
        if (provider.edgeOf() != null) {
            return Optional.of("provider " + provider.name() + " is a Varnish edge of " + provider.edgeOf()
                    + ", serving its cached copies" + how);
        }
        if (varnishFronted.contains(provider.name())) {
            return Optional.of("provider " + provider.name() + " is a Varnish edge in front of a private origin "
                    + "(for its status or slow-first-byte faults), whose cache would go on serving good copies"
                    + how);
        }
        return Optional.empty();
    }

    private static Optional<String> httpLimit(HttpFault http, Topology topology) {
        Optional<String> unsupported = VarnishFaultRule.unsupported(http.rule(), http.scope());
        if (unsupported.isPresent()) {
            return unsupported;
        }
        return topology.resolve(http.target()).stream()
                .filter(provider -> provider.backend() == Topology.Backend.S3PROXY).findFirst()
                .map(provider -> "provider " + provider.name() + " is S3Proxy, which cannot be told to answer "
                        + "otherwise; HTTP faults are acted out by Varnish edges");
    }
}
