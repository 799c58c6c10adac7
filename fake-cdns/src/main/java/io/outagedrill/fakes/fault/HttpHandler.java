package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.http.ActiveFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;

import java.io.IOException;

/** HTTP fault rules, added to each target provider's fake server and cleared by their handles. */
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
            ActiveFault added = context.world().http(provider.name()).add(rule, seeded);
            return added::clear;
        });
    }
}
