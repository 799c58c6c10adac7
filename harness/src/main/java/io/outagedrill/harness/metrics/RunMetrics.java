package io.outagedrill.harness.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.metrics.DownloadMetrics;
import io.outagedrill.client.metrics.MetricsEndpoint;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A run's metrics: every in-process client's {@link DownloadMetrics} in one Prometheus registry, served in
 * Prometheus' text format at {@code http://127.0.0.1:PORT/metrics} while the run lasts (when asked), and
 * snapshotted into the run record at its end.
 */
public final class RunMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DownloadMetrics downloads = new DownloadMetrics(registry);
    private MetricsEndpoint endpoint;

    /** The listener to give every client of the run; shared, thread-safe. */
    public DownloadListener listener() {
        return downloads;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Serves {@code /metrics} on loopback; port 0 picks a free one.
     *
     * @return the port it listens on
     */
    public synchronized int serve(int port) throws IOException {
        if (endpoint == null) {
            endpoint = MetricsEndpoint.serve(port, registry::scrape);
        }
        return endpoint.port();
    }

    /**
     * Every meter's values, keyed {@code name{tag=value,...}#statistic} in a stable order, for the run record:
     * counters by their count, timers by count, total time and max (in seconds), gauges by value.
     */
    public Map<String, Double> snapshot() {
        Map<String, Double> values = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String tags = meter.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
                    .collect(Collectors.joining(","));
            String key = meter.getId().getName() + (tags.isEmpty() ? "" : "{" + tags + "}");
            meter.measure().forEach(m -> {
                double value = m.getValue();
                if (!Double.isNaN(value)) {
                    values.put(key + "#" + m.getStatistic().getTagValueRepresentation(), value);
                }
            });
        }
        return values;
    }

    /** Starts the counters again from zero: one scenario's figures, not the sum of every run so far. */
    public void reset() {
        registry.clear();
        downloads.registryCleared();
    }

    @Override
    public synchronized void close() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
        registry.close();
    }
}
