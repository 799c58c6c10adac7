package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.topology.FaultNotApplicableException;
import io.outagedrill.fakes.topology.Provider;

import java.util.List;

/** Empties each target edge's cache at once; nothing to undo, the cache refills from the origin as requests come. */
final class CacheFlushHandler implements FaultHandler<CacheFlushFault> {
    @Override
    public Undo apply(CacheFlushFault fault, FaultContext context) {
        List<Provider> providers = context.providers(fault.target());
        for (Provider provider : providers) {
            if (!provider.isEdge()) {
                throw new FaultNotApplicableException("cache.flush: " + provider.name() + " caches nothing; give "
                        + "it `edgeOf: ORIGIN` to put it in front of an origin");
            }
        }
        providers.forEach(provider -> context.world().flushEdge(provider.name()));
        return Undo.NOTHING;
    }
}
