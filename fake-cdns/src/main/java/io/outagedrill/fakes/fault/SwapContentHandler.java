package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.http.FaultRule;

import java.io.IOException;

/** {@link SwapContentFault}: the named file of the world, served through an HTTP swap-content rule. */
final class SwapContentHandler implements FaultHandler<SwapContentFault> {
    @Override
    public Undo apply(SwapContentFault fault, FaultContext context) throws IOException, InterruptedException {
        FaultRule rule = new FaultRule.SwapContent(context.world().file(fault.file()));
        return HttpHandler.add(fault.id(), fault.target(), fault.scope(), rule, context);
    }
}
