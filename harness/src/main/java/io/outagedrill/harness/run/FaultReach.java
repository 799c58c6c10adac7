package io.outagedrill.harness.run;

import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.fault.ResolverFault;
import io.outagedrill.fakes.fault.ServerFault;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.harness.scenario.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The timeline's faults that some clients under test cannot meet, as run notes. A run would otherwise judge such a
 * client as if the fault had happened to it, and a reader would trust a run that did not test what the file says.
 * <ul>
 *   <li>{@code dns.*} faults act in the world's resolver, which only a client that looks names up through it asks:
 *       the in-process reference client, and in processes of their own {@code drill get} (the world's name server,
 *       {@code --dns-server}), curl (the same over HTTPS, {@code --doh-url}) and a {@code cmd:} template that passes
 *       {@code {dns_server}} or {@code {doh_url}}, and aria2c (the same on port 53, as its
 *       {@code --async-dns-server} takes no port) where this process may bind port 53 and the host has an IPv4
 *       address besides 127.0.0.1 (with loopback alone aria2c's resolver asks for no address), unless the group's
 *       own aria2c flags turn async DNS off or name a DNS server of their own. Any other process
 *       (aria2c elsewhere, a template without them) does not ask it: it is given every host's address up front
 *       ({@code {resolve}}, {@code {literal_urls}}) or looks names up elsewhere.</li>
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
        List<Fault> faults = Step.applied(timeline).filter(ResolverFault.class::isInstance).toList();
        if (faults.isEmpty() || unreached.isEmpty()) {
            return List.of();
        }
        // What they do instead differs (addresses up front, the system's resolver, an adapter's own): what they do
        // not do is the same.
        return List.of(note(faults, unreached, (unreached.size() == 1 ? "it does" : "they do") + " not ask the "
                + "world's name server; DNS faults reach clients that do (reference, reference-cli, curl, aria2c where "
                + "this process may bind port 53, the host has an IPv4 address besides 127.0.0.1 and its flags neither "
                + "turn async DNS off nor name a DNS server of their own, and a cmd: "
                + "template that passes {dns_server} or {doh_url})", outage(faults, unreached)));
    }

    /**
     * The note for a run with faults scoped per client whose {@code unreached} clients (names) connect from the
     * address the system picks: their requests count together, as if they were one client; or none.
     */
    static List<String> perClient(List<Step> timeline, List<String> unreached) {
        List<Fault> faults = Step.applied(timeline).filter(FaultReach::countsPerClient).toList();
        if (faults.isEmpty() || unreached.isEmpty()) {
            return List.of();
        }
        return List.of("%s count%s requests per client, but %s connect%s from the address the system picks, so "
                .formatted(faults.stream().map(Fault::id).collect(Collectors.joining(", ")),
                        faults.size() == 1 ? "s" : "", String.join(", ", unreached), unreached.size() == 1 ? "s" : "")
                + "their requests count together, as one client's (per-client counts reach reference, reference-cli, "
                + "curl, aria2c and a cmd: template that passes {source_address})");
    }

    /** Whether {@code fault} counts its {@code afterRequests} and {@code times} per client. */
    static boolean countsPerClient(Fault fault) {
        return fault instanceof ServerFault served && served.scope().perClient();
    }

    /**
     * The notes for a run whose {@code unreached} clients (names) never fetch the signed manifest; or none. A replica
     * that is down or unavailable is an outage they never saw (as with DNS faults); a replica serving a forged,
     * expired, rolled-back, wrong-file or otherwise wrong manifest is an attack they can neither fall for nor refuse.
     */
    static List<String> manifest(List<Step> timeline, List<String> unreached) {
        if (unreached.isEmpty()) {
            return List.of();
        }
        List<Fault> faults = Step.applied(timeline).filter(f -> f.target().equals("manifest")).toList();
        List<Fault> outages = faults.stream().filter(FaultReach::isOutage).toList();
        List<Fault> served = faults.stream().filter(f -> !isOutage(f)).toList();
        String why = (unreached.size() == 1 ? "it is handed" : "they are handed")
                + " the mirrors' URLs and the signed SHA-256, never the manifest";
        List<String> notes = new ArrayList<>();
        if (!outages.isEmpty()) {
            notes.add(note(outages, unreached, why, outage(outages, unreached)));
        }
        if (!served.isEmpty()) {
            String clients = String.join(", ", unreached);
            notes.add(note(served, unreached, why + ", so what the replicas serve is neither seen nor refused",
                    "an SLO expecting a refusal fails for %s because %s not read manifests at all".formatted(clients,
                            unreached.size() == 1 ? "it does" : "they do")));
        }
        return notes;
    }

    /** {@code FAULTS did not reach CLIENTS: WHY; CONSEQUENCE}. */
    private static String note(List<Fault> faults, List<String> unreached, String why, String consequence) {
        return "%s did not reach %s: %s; %s".formatted(String.join(", ", names(faults)), String.join(", ", unreached),
                why, consequence);
    }

    /** Each fault as {@code kind (id)}, once (a repeat applies the same fault again). */
    private static List<String> names(List<Fault> faults) {
        return faults.stream().map(f -> f.kind() + " (" + f.id() + ")").distinct().toList();
    }

    private static String outage(List<Fault> faults, List<String> unreached) {
        return "this run's SLOs about %s judged %s as if nothing had happened".formatted(
                names(faults).size() == 1 ? "it" : "them", String.join(", ", unreached));
    }

    private static boolean isOutage(Fault fault) {
        return fault instanceof ManifestFault manifest && (manifest.serve() instanceof ReplicaFault.Refused
                || manifest.serve() instanceof ReplicaFault.Unavailable);
    }
}
