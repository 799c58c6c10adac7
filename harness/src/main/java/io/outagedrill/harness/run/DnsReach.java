package io.outagedrill.harness.run;

import io.outagedrill.fakes.fault.ResolverFault;
import io.outagedrill.harness.scenario.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeline's DNS faults and the clients they cannot reach, as a run note. {@code dns.*} faults act in the
 * world's resolver, which only a client that looks names up through {@code DownloadJob.resolver()} asks (the
 * in-process reference client); a separate process (curl, aria2c, the reference CLI, a {@code cmd:} template) is
 * given every host's address up front and never looks a name up. Its run would pass a DNS outage it never saw, so
 * the result must say so, or a reader trusts a run that did not test what the file says.
 */
final class DnsReach {
    private DnsReach() {
    }

    /** The note for a run whose {@code unreached} clients (names) are not asked through the resolver; or none. */
    static List<String> notes(List<Step> timeline, List<String> unreached) {
        List<ResolverFault> faults = new ArrayList<>();
        collect(timeline, faults);
        if (faults.isEmpty() || unreached.isEmpty()) {
            return List.of();
        }
        List<String> named = faults.stream().map(f -> f.kind() + " (" + f.id() + ")").distinct().toList();
        String which = String.join(", ", named);
        String clients = String.join(", ", unreached);
        return List.of(("%s did not reach %s: a separate process is given each host's address up front and never "
                + "looks a name up, so DNS faults reach in-process clients only; this run's SLOs about %s judged %s as "
                + "if nothing had happened").formatted(which, clients, named.size() == 1 ? "it" : "them", clients));
    }

    private static void collect(List<Step> steps, List<ResolverFault> into) {
        for (Step step : steps) {
            switch (step.action()) {
                case Step.Action.Apply apply when apply.fault() instanceof ResolverFault dns -> into.add(dns);
                case Step.Action.Repeat repeat -> collect(repeat.steps(), into);
                default -> {
                }
            }
        }
    }
}
