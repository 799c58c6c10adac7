/**
 * Network (TCP) faults on the links between clients and providers, behind one port: {@link
 * io.outagedrill.fakes.network.NetworkFaults}. A provider's link is a Toxiproxy proxy named after the provider;
 * a fault is a toxic on it ({@link io.outagedrill.fakes.network.ToxicSpec}: Toxiproxy's {type, attributes},
 * passed through for the proxy to validate) or the link taken down (Toxiproxy's {@code enabled: false}).
 *
 * <p>Two adapters: {@link io.outagedrill.fakes.network.InProcessNetworkFaults} calls the embedded proxy's
 * registry in this JVM, and {@link io.outagedrill.fakes.network.ToxiproxyApiNetworkFaults} speaks Toxiproxy's
 * HTTP API to any server that has it (the embedded one, or a real Toxiproxy).
 */
package io.outagedrill.fakes.network;
