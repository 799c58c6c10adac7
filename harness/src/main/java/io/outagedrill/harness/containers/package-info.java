/**
 * Containers mode on the harness side (docs/containers.md): what a scenario needs that real servers in containers
 * cannot give, said before anything starts.
 */
package io.outagedrill.harness.containers;
