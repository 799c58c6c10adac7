package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.network.AddedToxic;
import io.outagedrill.fakes.network.NetworkFaults;
import io.outagedrill.fakes.network.ToxicSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Network faults, through the world's one network port ({@link io.outagedrill.fakes.topology.Topology#network()}):
 * a toxic goes to each target's link as written, and the proxy behind the port validates it as Toxiproxy would.
 * Every toxic a fault adds is named {@code ID-PROVIDER}.
 */
final class ToxicHandler implements FaultHandler<NetworkFault> {
    private final Slots slots;

    ToxicHandler(Slots slots) {
        this.slots = slots;
    }

    @Override
    public Undo apply(NetworkFault fault, FaultContext context) throws IOException, InterruptedException {
        NetworkFaults network = context.world().network();
        return switch (fault) {
            case ProxyDownFault down -> Undo.each(context.providers(down.target()), provider -> slots.take(
                    "link:" + provider.name(), () -> network.down(provider.name()), () -> network.up(provider.name())));
            case ToxicFault toxic -> Undo.each(context.providers(toxic.target()),
                    provider -> addToxic(network, provider.name(), toxic, context));
        };
    }

    private static Undo addToxic(NetworkFaults network, String provider, ToxicFault toxic, FaultContext context) {
        Map<String, Number> attributes = new LinkedHashMap<>(toxic.attributes());
        if (toxic.type().equals(ToxicSpec.CORRUPT) && !attributes.containsKey("seed")) {
            attributes.put("seed", context.seedFor(toxic.id())); // else the proxy draws one, and runs differ
        }
        AddedToxic added = network.addToxic(provider, new ToxicSpec(toxic.id() + "-" + provider, toxic.type(),
                toxic.stream(), toxic.toxicity(), attributes));
        return added::remove;
    }
}
