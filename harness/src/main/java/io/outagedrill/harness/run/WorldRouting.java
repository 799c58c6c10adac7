package io.outagedrill.harness.run;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.control.MirrorProber;
import io.outagedrill.control.Router;
import io.outagedrill.control.RoutingEvent;
import io.outagedrill.control.RoutingPolicy;
import io.outagedrill.control.StatusReader;
import io.outagedrill.control.metrics.RoutingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.Routing;
import io.outagedrill.harness.scenario.Scenario;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/**
 * A scenario's {@code routing:} block acted out: one {@link Router} per file, probing the world's mirrors through
 * its resolver and test CA (so the world's faults reach the probes as they reach clients) and publishing
 * re-signed manifests on the world's manifest service, which clients that start afterwards fetch.
 */
final class WorldRouting implements AutoCloseable {
    /** Rounds stop by themselves after this long even if the run forgets to stop them. */
    private static final Duration MAX_RUN = Duration.ofMinutes(15);

    /** By file name. */
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private OkHttpClient http;
    private boolean closed;
    private final List<Instant> published = new CopyOnWriteArrayList<>();
    private final List<String> decisions = new CopyOnWriteArrayList<>();
    private final Map<String, String> hostnames = new LinkedHashMap<>();
    private final Instant timeZero;

    private WorldRouting(Instant timeZero) {
        this.timeZero = timeZero;
    }

    /** Starts routing when the scenario asks for it; otherwise returns a routing that does nothing. */
    static WorldRouting start(Scenario scenario, Topology world, Clock clock, Optional<MeterRegistry> metrics)
            throws IOException {
        WorldRouting routing = new WorldRouting(clock.instant());
        scenario.topology().providers().forEach(p -> routing.hostnames.put(p.name(), p.hostname()));
        Routing spec = scenario.routing();
        if (spec == null) {
            return routing;
        }
        OkHttpClient http = HttpClients.builder(world.caCertificate(), world.dns()::lookup).build();
        routing.http = http;
        try {
            startRouters(routing, http, scenario, world, clock, metrics);
        } catch (IOException | RuntimeException | Error e) {
            // Routers already started for earlier files would probe on for MAX_RUN with nobody to stop them.
            routing.close();
            throw e;
        }
        return routing;
    }

    private static void startRouters(WorldRouting routing, OkHttpClient http, Scenario scenario, Topology world,
                                     Clock clock, Optional<MeterRegistry> metrics) throws IOException {
        Routing spec = scenario.routing();
        RoutingPolicy policy = new RoutingPolicy(spec.failAfter(), spec.recoverAfter(), spec.slowFirstByte());
        for (var file : scenario.topology().files()) {
            String path = URI.create(world.manifestUrls(file.name()).getFirst()).getPath();
            Manifest current = world.manifests().latest(path).orElseThrow();
            MirrorProber prober = new MirrorProber(http, spec.probeTimeout(), clock);
            Consumer<RoutingEvent> events = metrics
                    .map(registry -> routing.recorder().andThen(new RoutingMetrics(registry, current)))
                    .orElse(routing.recorder());
            Router router = new Router(current, manifest -> world.manifests().publish(path, manifest), prober,
                    new StatusReader(http, spec.probeTimeout()), policy, clock, events);
            routing.routers.put(file.name(), router);
            router.start(spec.interval(), Long.MAX_VALUE, MAX_RUN);
        }
    }

    private Consumer<RoutingEvent> recorder() {
        return this::record;
    }

    private void record(RoutingEvent event) {
        switch (event) {
            case RoutingEvent.Probed ignored -> {
                // Probes are many; the decisions they lead to are what the record keeps.
            }
            case RoutingEvent.Published p -> {
                published.add(p.at());
                decisions.add(words(p));
            }
            default -> decisions.add(words(event));
        }
    }

    private String words(RoutingEvent event) {
        return "routing at +%s: %s".formatted(SloEvaluator.secs(Duration.between(timeZero, event.at())),
                event.describe());
    }

    /** What the SLOs judge. */
    RoutingLog log() {
        return new RoutingLog(published, hostnames);
    }

    /** The controller's decisions in words, for the run's notes. */
    List<String> notes() {
        return List.copyOf(decisions);
    }

    /**
     * Stops the routers, and notes any whose rounds had stopped on a failure: without it the routing would just
     * have ended, and {@code resignedWithin} would fail on "published 0 manifest(s)" with no why. Once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        routers.forEach((file, router) -> {
            router.close();
            try {
                router.awaitEnd(); // at once: close() has ended its rounds
            } catch (ExecutionException e) {
                decisions.add("routing of %s stopped early: %s".formatted(file, e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
