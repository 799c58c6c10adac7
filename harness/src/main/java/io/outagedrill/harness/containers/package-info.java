/**
 * Containers mode on the harness side (docs/containers.md): a scenario's world on real servers in containers
 * ({@link io.outagedrill.harness.containers.ContainersWorld}, what {@code drill run --world containers} plays on),
 * and what a scenario needs that such servers cannot give, said before anything starts ({@link
 * io.outagedrill.harness.containers.RealServerFit}).
 */
package io.outagedrill.harness.containers;
