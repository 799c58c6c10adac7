/**
 * Containers mode (docs/containers.md): the images {@code containers/prepare.sh} builds (nginx, Varnish, S3Proxy,
 * the project's own fault proxy), started with Testcontainers on host networking (each server on its own loopback
 * address, as in the embedded world), waited for on loopback, and removed by label even when a run fails or the JVM
 * is stopped, since Ryuk (Testcontainers' reaper, an image that cannot be pulled here) is disabled. {@link
 * io.outagedrill.fakes.containers.ContainerServers} is a world's providers as such containers, plugged into {@link
 * io.outagedrill.fakes.topology.Topology.Builder#externalServers}.
 *
 * <p>Why here, in fake-cdns' main code: what it starts stands in for the fake servers of {@code
 * io.outagedrill.fakes.topology}, through that package's {@code ExternalServers} seam, and {@code drill run --world
 * containers} must reach it from the harness; a module of its own would only hold these few classes and a
 * dependency edge. Testcontainers becomes a dependency of fake-cdns (and so of the harness and the CLI), never of
 * reference-client, which depends on no module of this project. The test-only parts (the JUnit condition that skips
 * a test without an engine or an image) stay in fake-cdns' tests.
 */
package io.outagedrill.fakes.containers;
