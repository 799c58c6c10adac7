package io.outagedrill.fakes.fault;

import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import io.outagedrill.fakes.topology.Provider;
import io.outagedrill.fakes.topology.Topology;

import java.io.IOException;
import java.net.URI;

/**
 * {@link WrongFileMirrorFault}: the named provider's URL for another file of the world (the first file is the one
 * the manifest describes), signed into the manifest as its only mirror.
 */
final class WrongFileMirrorHandler implements FaultHandler<WrongFileMirrorFault> {
    private final Slots slots;

    WrongFileMirrorHandler(Slots slots) {
        this.slots = slots;
    }

    @Override
    public Undo apply(WrongFileMirrorFault fault, FaultContext context) throws IOException, InterruptedException {
        Topology world = context.world();
        String signed = world.files().getFirst().name();
        String other = world.files().stream().map(ServedFile::name).filter(n -> !n.equals(signed))
                .findFirst().orElseThrow(() -> new FaultNotApplicableException("manifest.wrong-file-mirror needs a "
                        + "second file in the topology: the mirror it names must serve a file other than " + signed));
        Provider provider = world.provider(fault.mirror());
        URI url = world.mirrorUrls(other).stream().filter(u -> u.getHost().equals(provider.hostname())).findFirst()
                .orElseThrow();
        Mirror mirror = new Mirror(provider.name(), url, provider.priority(), provider.region(), provider.group());
        return ManifestHandler.serve(fault.replica(), new ReplicaFault.WrongFileMirror(mirror), world, slots);
    }
}
