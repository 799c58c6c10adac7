package io.outagedrill.harness.run;

import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.fault.ResolverFault;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.harness.scenario.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeline's faults that some clients under test cannot meet, as run notes. A run would otherwise judge such a
 * client as if the fault had happened to it, and a reader would trust a run that did not test what the file says.
 * <ul>
 *   <li>{@code dns.*} faults act in the world's resolver, which only a client that looks names up through
 *       {@code DownloadJob.resolver()} asks (the in-process reference client); a separate process (curl, aria2c,
 *       the reference CLI, a {@code cmd:} template) is given every host's address up front.</li>
 *   <li>{@code manifest.*} faults change what the manifest replicas serve, which only a client that fetches the
 *       signed manifest meets; curl and aria2c are handed the mirrors' URLs and the signed SHA-256 instead, so a
 *       forged or rolled-back manifest cannot fool them, and a scenario that expects it refused fails for them.</li>
 * </ul>
 */
final class FaultReach {
    private FaultReach() {
    }

    /** The note for a run whose {@code unreached} clients (names) are not asked through the resolver; or none. */
    static List<String> dns(List<Step> timeline, List<String> unreached) {
        List<String> faults = named(timeline, ResolverFault.class);
        if (faults.isEmpty() || unreached.isEmpty()) {
            return List.of();
        }
        String clients = String.join(", ", unreached);
        return List.of(("%s did not reach %s: a separate process is given each host's address up front and never "
                + "looks a name up, so DNS faults reach in-process clients only; this run's SLOs about %s judged %s as "
                + "if nothing had happened").formatted(String.join(", ", faults), clients,
                faults.size() == 1 ? "it" : "them", clients));
    }

    /**
     * The notes for a run whose {@code unreached} clients (names) never fetch the signed manifest; or none. A replica
     * that is down or unavailable is an outage they never saw (as with DNS faults); a replica serving a forged,
     * expired, rolled-back or otherwise wrong manifest is an attack they can neither fall for nor refuse.
     */
    static List<String> manifest(List<Step> timeline, List<String> unreached) {
        if (unreached.isEmpty()) {
            return List.of();
        }
        List<ManifestFault> faults = new ArrayList<>();
        collect(timeline, ManifestFault.class, faults);
        List<String> outages = named(faults.stream().filter(FaultReach::isOutage).toList());
        List<String> served = named(faults.stream().filter(f -> !isOutage(f)).toList());
        String clients = String.join(", ", unreached);
        String handed = unreached.size() == 1 ? "it is handed" : "they are handed";
        List<String> notes = new ArrayList<>();
        if (!outages.isEmpty()) {
            notes.add(("%s did not reach %s: %s the mirrors' URLs and the signed SHA-256, never the manifest; this "
                    + "run's SLOs about %s judged %s as if nothing had happened").formatted(String.join(", ", outages),
                    clients, handed, outages.size() == 1 ? "it" : "them", clients));
        }
        if (!served.isEmpty()) {
            notes.add(("%s did not reach %s: %s the mirrors' URLs and the signed SHA-256, never the manifest, so "
                    + "what the replicas serve is neither seen nor refused; an SLO expecting a refusal fails for %s "
                    + "because %s not read manifests at all").formatted(String.join(", ", served), clients, handed,
                    clients, unreached.size() == 1 ? "it does" : "they do"));
        }
        return notes;
    }

    private static boolean isOutage(ManifestFault fault) {
        return fault.serve() instanceof ReplicaFault.Refused || fault.serve() instanceof ReplicaFault.Unavailable;
    }

    /** Each fault of {@code type} in the timeline (repeats included) as {@code kind (id)}, once each. */
    private static List<String> named(List<Step> timeline, Class<? extends Fault> type) {
        List<Fault> faults = new ArrayList<>();
        collect(timeline, type, faults);
        return named(faults);
    }

    private static List<String> named(List<? extends Fault> faults) {
        return faults.stream().map(f -> f.kind() + " (" + f.id() + ")").distinct().toList();
    }

    private static <F extends Fault> void collect(List<Step> steps, Class<F> type, List<? super F> into) {
        for (Step step : steps) {
            switch (step.action()) {
                case Step.Action.Apply apply when type.isInstance(apply.fault()) -> into.add(type.cast(apply.fault()));
                case Step.Action.Repeat repeat -> collect(repeat.steps(), type, into);
                default -> {
                }
            }
        }
    }
}
