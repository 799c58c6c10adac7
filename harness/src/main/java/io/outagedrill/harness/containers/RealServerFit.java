package io.outagedrill.harness.containers;

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
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.scenario.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which steps of a scenario a world of real servers in containers cannot act out, and why: the list a containers
 * run prints before anything starts. In that world the providers are nginx servers (S3Proxy where a scenario asks
 * for it), each behind a link of the containerised fault proxy; the manifest service, the status pages and the resolver stay in-process and name the
 * real servers. So network faults act out as they do in-process, and faults of the in-process parts too; faults
 * that only the fake file server makes (its HTTP fault chain, its files) cannot.
 *
 * <p>The switch is exhaustive over the sealed fault model, so a new family does not compile until someone decides
 * here whether real servers can act it out.
 */
public final class RealServerFit {
    private RealServerFit() {
    }

    /**
     * The parts of the scenario's topology the containers world cannot start at all, in words; a scenario with any
     * is refused before anything starts (it runs embedded).
     */
    public static List<String> blockers(Scenario scenario) {
        List<String> blockers = new ArrayList<>();
        for (Topology.Provider provider : scenario.topology().providers()) {
            if (provider.edgeOf() != null) {
                blockers.add("provider %s is an edge cache of %s; the containers world has no edge caches yet"
                        .formatted(provider.name(), provider.edgeOf()));
            }
        }
        return List.copyOf(blockers);
    }

    /** Every step the containers world cannot act out, in timeline order (repeats' steps included once). */
    public static List<RealServerLimit> limits(Scenario scenario) {
        List<RealServerLimit> limits = new ArrayList<>();
        collect(scenario.timeline(), limits);
        return List.copyOf(limits);
    }

    private static void collect(List<Step> steps, List<RealServerLimit> into) {
        for (Step step : steps) {
            switch (step.action()) {
                case Step.Action.Apply apply -> limit(apply.fault())
                        .ifPresent(reason -> into.add(new RealServerLimit(apply.fault().id(), apply.fault().kind(),
                                reason)));
                case Step.Action.Repeat repeat -> collect(repeat.steps(), into);
                case Step.Action.Clear clear -> {
                    // Clearing acts on what was applied: nothing of its own to check.
                }
                case Step.Action.ClearAll all -> {
                }
            }
        }
    }

    /** Why real servers cannot act this fault out; empty when they can. */
    static Optional<String> limit(Fault fault) {
        return switch (fault) {
            case NetworkFault network -> Optional.empty(); // the fault proxy's toxics, as in-process
            case ResolverFault dns -> Optional.empty(); // the resolver stays in-process
            case StatusPageFault status -> Optional.empty(); // status pages stay in-process
            case ManifestFault manifest -> Optional.empty(); // the manifest service stays in-process
            case HttpFault http -> Optional.of("an HTTP fault is made by the fake file server's fault chain; nginx "
                    + "answers as nginx does (a network fault through the fault proxy can stand in for some)");
            case SwapContentFault swap -> Optional.of("replacing a file is done inside the fake file server; the "
                    + "containers world does not yet change files on a real server");
            case WrongFileMirrorFault wrong -> Optional.of("a provider's URL for another file needs that file on "
                    + "the provider's server; the containers world publishes only the scenario's files");
            case TlsFault tls -> Optional.of("certificate switches are the fake servers' TLS; the containers "
                    + "world serves plain HTTP");
            case CacheFlushFault flush -> Optional.of("a cache flush needs an edge cache; the containers world's "
                    + "providers are nginx origins (Varnish edges are not yet a provider kind)");
        };
    }
}
