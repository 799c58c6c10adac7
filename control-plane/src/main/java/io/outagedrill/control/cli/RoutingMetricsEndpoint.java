package io.outagedrill.control.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.metrics.MetricsEndpoint;
import io.outagedrill.control.RoutingEvent;
import io.outagedrill.control.metrics.RoutingMetrics;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * {@code drill route --metrics-port}: the controller's {@link RoutingMetrics} in a Prometheus registry, served on
 * loopback while the controller runs. Its own class so that the command loads Micrometer only when asked.
 */
final class RoutingMetricsEndpoint implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final RoutingMetrics metrics;
    private final MetricsEndpoint endpoint;

    private RoutingMetricsEndpoint(PrometheusMeterRegistry registry, RoutingMetrics metrics, MetricsEndpoint endpoint) {
        this.registry = registry;
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    static RoutingMetricsEndpoint serve(int port, Manifest routed) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RoutingMetrics metrics = new RoutingMetrics(registry, routed);
        try {
            return new RoutingMetricsEndpoint(registry, metrics, MetricsEndpoint.serve(port, registry::scrape));
        } catch (IOException e) {
            registry.close();
            throw new IOException("cannot serve metrics on 127.0.0.1:%d: %s".formatted(port, e.getMessage()), e);
        }
    }

    Consumer<RoutingEvent> events() {
        return metrics;
    }

    String url() {
        return endpoint.url();
    }

    @Override
    public void close() {
        endpoint.close();
        registry.close();
    }
}
