package io.outagedrill.fakes.fault;

import java.io.IOException;

/** A bad certificate on each target provider's server, until the valid one is restored. */
final class TlsHandler implements FaultHandler<TlsFault> {
    private final Slots slots;

    TlsHandler(Slots slots) {
        this.slots = slots;
    }

    @Override
    public Undo apply(TlsFault fault, FaultContext context) throws IOException, InterruptedException {
        return Undo.each(context.providers(fault.target()), provider -> slots.take("tls:" + provider.name(),
                () -> context.world().tls(provider.name()).present(fault.certificate()),
                () -> context.world().tls(provider.name()).restore()));
    }
}
