package io.outagedrill.fakes.containers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Ready when an HTTP GET of a loopback URL answers the expected status. Testcontainers' own HTTP wait goes through
 * Docker-mapped ports, which a container on host networking does not have; its servers listen on the host's
 * loopback addresses directly.
 */
public final class LoopbackHttpWait extends AbstractWaitStrategy {
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final URI url;
    private final int status;

    public LoopbackHttpWait(URI url, int status) {
        this.url = url;
        this.status = status;
        withStartupTimeout(Duration.ofSeconds(60));
    }

    @Override
    protected void waitUntilReady() {
        try {
            await(url + " answering " + status).atMost(startupTimeout).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(this::answers);
        } catch (ConditionTimeoutException e) {
            throw new ContainerLaunchException("expected " + url + " to answer " + status + " within "
                    + startupTimeout.toSeconds() + " s; it did not (container log: docker logs "
                    + waitStrategyTarget.getContainerId() + ")", e);
        }
    }

    private boolean answers() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status;
    }
}
