/**
 * An embedded fault proxy that speaks Toxiproxy 2.x's HTTP control API.
 *
 * <p>No JVM implementation of the Toxiproxy server exists and no Toxiproxy binary can be installed where
 * Outage Drill runs, so this package is a hand-written re-implementation of the server side, checked
 * against the behaviour of Shopify/toxiproxy 2.12 (api.go, link.go, toxics/*.go). The official Java client
 * {@code eu.rekawek.toxiproxy:toxiproxy-java} drives it unchanged: {@code new ToxiproxyClient("127.0.0.1",
 * server.controlPort())}. The conformance tests run against a real Toxiproxy too when the system property
 * {@code toxiproxy.url} names one.
 *
 * <p>Pieces: {@link io.outagedrill.fakes.proxy.ToxiproxyServer} (control API on Jetty, owns everything),
 * {@link io.outagedrill.fakes.proxy.ProxyRegistry} (the proxies, also the Java API),
 * {@code TcpProxy} (one listener), {@code ProxyConnection} (one accepted connection) and {@code Link}
 * (one direction of it, with a chain of {@code Toxic}s, like Toxiproxy's
 * ToxicStub chain).
 *
 * <p>Extension: the {@code corrupt} toxic ({@code CorruptToxic}) flips bits.
 * Toxiproxy has no such toxic; a real server answers {@code 400 invalid toxic type}, and the Java client's
 * {@code ToxicList.getAll()} throws when the server lists one. Use {@link io.outagedrill.fakes.proxy.CorruptToxics}
 * to create and read it.
 *
 * <p>Deliberate differences, all on points the real server leaves to the operating system: listeners bind
 * loopback only (a wildcard listen address binds 127.0.0.1), and toxicity draws come from a seeded random
 * source so that a run can be reproduced.
 */
package io.outagedrill.fakes.proxy;
