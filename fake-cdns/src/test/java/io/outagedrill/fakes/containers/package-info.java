/**
 * Test support for containers mode: the images {@code containers/prepare.sh} builds, started with Testcontainers on
 * host networking (each server on its own loopback address, as in the embedded world), waited for on loopback, and
 * removed by label even when a test fails or the JVM is stopped, since Ryuk (Testcontainers' reaper, an image that
 * cannot be pulled here) is disabled. Tests that need an engine or an image say so with {@link RequiresImages} and
 * are skipped, with one line saying how to get what is missing, where there is none.
 *
 * <p>It lives in fake-cdns' tests because the suites it serves (the fault proxy's conformance suites) are here and
 * package-private; it depends on nothing of the harness.
 */
package io.outagedrill.fakes.containers;
