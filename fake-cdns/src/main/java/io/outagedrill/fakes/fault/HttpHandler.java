package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.topology.InstalledRule;

import java.io.IOException;

/**
 * HTTP fault rules, added to each target provider's server (the fake's fault chain, or a real server that acts them
 * out itself) and cleared by their handles.
 */
final class HttpHandler implements FaultHandler<HttpFault> {
    @Override
    public Undo apply(HttpFault fault, FaultContext context) throws IOException, InterruptedException {
        return add(fault.id(), fault.target(), fault.scope(), fault.rule(), context);
    }

    static Undo add(String id, String target, Scope scope, FaultRule rule, FaultContext context)
            throws IOException, InterruptedException {
        Scope seeded = scope.probability() == null ? scope
                : scope.probability(scope.probability(), context.seedFor(id));
        return Undo.each(context.providers(target), provider -> {
            InstalledRule installed = context.world().addHttpFault(provider.name(), rule, seeded);
            return Undo.counted(installed::clear, installed::acted);
        });
    }
}
