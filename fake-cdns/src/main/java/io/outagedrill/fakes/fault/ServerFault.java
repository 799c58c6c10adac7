package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.http.Scope;

/**
 * A fault the target's fake file server acts out on the requests its {@link Scope} picks: an HTTP rule, or another
 * file served instead. One type for both, so that what asks of a fault's scope (a byte range no file reaches, a
 * count kept per client) asks once.
 */
public sealed interface ServerFault extends Fault permits HttpFault, SwapContentFault {
    /** Where and how often: never null ({@link Scope#all()} for every request). */
    Scope scope();
}
