package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.manifest.ManifestReplica;
import io.outagedrill.fakes.manifest.ManifestService;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.topology.Topology;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

/** What manifest replicas serve, set per replica and cleared back to the latest signed manifests. */
final class ManifestHandler implements FaultHandler<ManifestFault> {
    private final Slots slots;

    ManifestHandler(Slots slots) {
        this.slots = slots;
    }

    @Override
    public Undo apply(ManifestFault fault, FaultContext context) throws IOException, InterruptedException {
        return serve(fault.replica(), fault.serve(), context.world(), slots);
    }

    static Undo serve(Integer oneBased, ReplicaFault serve, Topology world, Slots slots)
            throws IOException, InterruptedException {
        ManifestService service = world.manifests();
        return Undo.each(replicas(world, oneBased), replica -> slots.take("manifest:" + replica.hostname(),
                () -> service.fault(replica.hostname(), serve), () -> service.clearFault(replica.hostname())));
    }

    private static List<ManifestReplica> replicas(Topology world, Integer oneBased) {
        List<ManifestReplica> all = world.manifestReplicas();
        if (oneBased == null) {
            return all;
        }
        if (oneBased > all.size()) {
            throw new NoSuchElementException("no manifest replica " + oneBased + "; the world has " + all.size());
        }
        return List.of(all.get(oneBased - 1));
    }
}
