package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.dns.FaultyResolver;

import java.io.IOException;

/**
 * DNS faults on each target provider's hostname. The TTL stays as the fault set it after the clear: answers cached
 * while the fault was on (a stale address, an empty answer) keep biting until it passes, as they would for real.
 */
final class ResolverHandler implements FaultHandler<ResolverFault> {
    private final Slots slots;

    ResolverHandler(Slots slots) {
        this.slots = slots;
    }

    @Override
    public Undo apply(ResolverFault fault, FaultContext context) throws IOException, InterruptedException {
        FaultyResolver dns = context.world().dns();
        return Undo.each(context.providers(fault.target()), provider -> {
            String host = provider.hostname();
            return slots.take("dns:" + host, () -> {
                dns.ttl(host, fault.ttl());
                dns.fault(host, fault.answer());
            }, () -> dns.clearFault(host));
        });
    }
}
