package io.outagedrill.fakes.fault;

/** A TCP-level fault, acted out by the provider's fault proxy (see {@link ToxicHandler}). */
public sealed interface NetworkFault extends Fault permits ToxicFault, ProxyDownFault {
}
