package io.outagedrill.fakes.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Ready when an HTTP GET of a loopback URL answers the expected status. Testcontainers' own HTTP wait goes through
 * Docker-mapped ports, which a container on host networking does not have; its servers listen on the host's
 * loopback addresses directly. A plain bounded poll (every 200 ms up to the startup timeout): Awaitility is a test
 * library, and this runs in {@code drill run}.
 */
public final class LoopbackHttpWait extends AbstractWaitStrategy {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final URI url;
    private final int status;
    private final HttpClient client;

    public LoopbackHttpWait(URI url, int status) {
        this(url, status, HTTP);
    }

    /** With {@code client} for the checks: an {@code https} URL needs one that trusts the server's CA. */
    public LoopbackHttpWait(URI url, int status, HttpClient client) {
        this.url = url;
        this.status = status;
        this.client = client;
        withStartupTimeout(Duration.ofSeconds(60));
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (!answers()) {
            // Gone (removed by the janitor when Ctrl-C stops a starting world, or exited): nothing will answer, and
            // the interrupt may have been swallowed on the way here, so waiting out the timeout would hold the exit.
            if (Thread.currentThread().isInterrupted() || !waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("stopped waiting for " + url + ": the container "
                        + (Thread.currentThread().isInterrupted() ? "start was interrupted" : "is not running")
                        + " (docker logs " + waitStrategyTarget.getContainerId() + ")");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ContainerLaunchException("expected " + url + " to answer " + status + " within "
                        + startupTimeout.toSeconds() + " s; it did not (container log: docker logs "
                        + waitStrategyTarget.getContainerId() + ")");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for " + url, e);
            }
        }
    }

    private boolean answers() {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
