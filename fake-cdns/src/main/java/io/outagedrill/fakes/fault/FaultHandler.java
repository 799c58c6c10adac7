package io.outagedrill.fakes.fault;

import java.io.IOException;

/**
 * Acts out one family of {@link Fault} on a running world. Throws
 * {@link io.outagedrill.fakes.topology.FaultNotApplicableException} for a fault this world cannot act out, rather
 * than doing nothing: a fault that silently does nothing makes a drill pass for the wrong reason.
 */
@FunctionalInterface
public interface FaultHandler<F extends Fault> {
    Undo apply(F fault, FaultContext context) throws IOException, InterruptedException;
}
