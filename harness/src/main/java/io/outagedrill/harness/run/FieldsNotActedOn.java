package io.outagedrill.harness.run;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario fields the loader accepts but the embedded topology cannot act out yet, as run notes: a field that
 * changes nothing must say so in the result, or a reader trusts a run that did not test what the file says.
 */
final class FieldsNotActedOn {
    private FieldsNotActedOn() {
    }

    static List<String> in(Scenario scenario) {
        List<String> notes = new ArrayList<>();
        Topology topology = scenario.topology();
        List<String> plain = topology.providers().stream().filter(p -> !p.https()).map(Topology.Provider::name)
                .toList();
        if (!plain.isEmpty() && plain.size() < topology.providers().size()) {
            notes.add(("https: false on %s not acted on per provider: the topology has one scheme, so every "
                    + "provider serves plain HTTP and tls.* faults cannot apply").formatted(String.join(", ", plain)));
        }
        return notes;
    }
}
