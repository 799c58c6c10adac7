package io.outagedrill.harness.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.metrics.DownloadMetrics;
import io.outagedrill.client.metrics.MetricsEndpoint;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A run's metrics: every in-process client's {@link DownloadMetrics} in one Prometheus registry, served in
 * Prometheus' text format at {@code http://127.0.0.1:PORT/metrics} while the run lasts (when asked), and
 * snapshotted into the run record at its end.
 *
 * <p>Each scenario's meters carry its name as the label {@code scenario} and start from zero, and stay, at their
 * final values, for the rest of the run: a counter never goes down between two scrapes, and a scrape that comes
 * after the scenario ended (15 s later, Prometheus' usual interval) still reads its last failures. Its gauges
 * (circuit state, a routing controller's demoted mirrors) go when the next scenario begins: they say what is
 * the case now, and that scenario's world is gone.
 */
public final class RunMetrics implements AutoCloseable {
    /** The label that tells scenarios apart. */
    public static final String SCENARIO = "scenario";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Integer> played = new HashMap<>();
    private CompositeMeterRegistry scenario;
    private DownloadMetrics downloads;
    private MetricsEndpoint endpoint;

    /**
     * Starts counting for the scenario {@code name} (its label; {@code name#2} for its second run in this one), from
     * zero, and removes the gauges of the one before.
     */
    public synchronized void begin(String name) {
        if (scenario != null) {
            for (Meter meter : scenario.getMeters()) {
                if (meter instanceof Gauge) {
                    registry.remove(meter.getId());
                }
            }
        }
        int times = played.merge(name, 1, Integer::sum);
        scenario = new CompositeMeterRegistry();
        scenario.config().commonTags(SCENARIO, times == 1 ? name : name + "#" + times);
        scenario.add(registry);
        downloads = new DownloadMetrics(scenario);
    }

    /** The listener to give every client of the scenario begun last; shared, thread-safe. */
    public synchronized DownloadListener listener() {
        return current().downloads;
    }

    /** Where the scenario begun last counts (its routing controller's meters too): its meters carry its label. */
    public synchronized MeterRegistry registry() {
        return current().scenario;
    }

    private RunMetrics current() {
        if (scenario == null) {
            throw new IllegalStateException("no scenario begun: call begin(name) before counting");
        }
        return this;
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
     * How long to wait for one more scrape of the final figures before closing: see
     * {@link MetricsEndpoint#nextScrapeWithin}; empty when not served.
     */
    public synchronized Optional<Duration> lastScrapeWithin(Duration atMost) {
        return endpoint == null ? Optional.empty() : endpoint.nextScrapeWithin(atMost);
    }

    /** Waits at most {@code limit} for a scrape that reads the figures as they are now; whether one came. */
    public boolean awaitScrape(Duration limit) throws InterruptedException {
        MetricsEndpoint served;
        synchronized (this) {
            served = endpoint;
        }
        return served != null && served.awaitScrape(limit);
    }

    /**
     * The scenario begun last: every meter's values, keyed {@code name{tag=value,...}#statistic} in a stable order
     * (without the scenario's own label), for the run record: counters by their count, timers by count, total time
     * and max (in seconds), gauges by value.
     */
    public Map<String, Double> snapshot() {
        Map<String, Double> values = new TreeMap<>();
        for (Meter meter : registry().getMeters()) {
            String tags = meter.getId().getTags().stream().filter(t -> !t.getKey().equals(SCENARIO))
                    .map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(","));
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

    @Override
    public synchronized void close() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
        registry.close();
    }
}
