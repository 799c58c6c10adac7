package io.outagedrill.harness.run;

import io.outagedrill.harness.sut.SystemUnderTest;
import io.outagedrill.client.events.DownloadListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to run a scenario: which client and policy instead of the scenario's own, which seed, where results go.
 *
 * @param clientCount scale every client group to at most this many clients (quick runs); empty keeps the file's
 * @param adapter     a downloader given as an object (your own {@link SystemUnderTest}), used by every client
 *                    instead of the scenario's; it wins over {@code client}
 * @param limits      budgets the fleet is held to; a run that exceeds one stops its clients and fails
 * @param clientEvents also hears every event of every in-process reference client (the run's metrics)
 * @param routingMetrics where a scenario's routing controller counts its probes and decisions (the run's metrics
 *                       registry, {@code RoutingMetrics}' meters); empty keeps no routing metrics
 */
public record RunOptions(Optional<String> client, Optional<String> policy, OptionalLong seed, Path resultsDir,
                         RunListener listener, Optional<Integer> clientCount, Optional<SystemUnderTest> adapter,
                         FleetLimits limits, DownloadListener clientEvents, Optional<MeterRegistry> routingMetrics) {
    public RunOptions {
        routingMetrics = routingMetrics == null ? Optional.empty() : routingMetrics;
        clientEvents = clientEvents == null ? DownloadListener.none() : clientEvents;
        Objects.requireNonNull(resultsDir, "resultsDir");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(limits, "limits");
    }

    public RunOptions(Optional<String> client, Optional<String> policy, OptionalLong seed, Path resultsDir,
                      RunListener listener, Optional<Integer> clientCount, Optional<SystemUnderTest> adapter,
                      FleetLimits limits) {
        this(client, policy, seed, resultsDir, listener, clientCount, adapter, limits, DownloadListener.none(),
                Optional.empty());
    }

    public RunOptions(Optional<String> client, Optional<String> policy, OptionalLong seed, Path resultsDir,
                      RunListener listener, Optional<Integer> clientCount, Optional<SystemUnderTest> adapter) {
        this(client, policy, seed, resultsDir, listener, clientCount, adapter, FleetLimits.DEFAULT);
    }

    public RunOptions(Optional<String> client, Optional<String> policy, OptionalLong seed, Path resultsDir,
                      RunListener listener, Optional<Integer> clientCount) {
        this(client, policy, seed, resultsDir, listener, clientCount, Optional.empty());
    }

    /** Every client of the run uses this downloader (a user's own adapter). */
    public RunOptions withAdapter(SystemUnderTest value) {
        return new RunOptions(client, policy, seed, resultsDir, listener, clientCount, Optional.ofNullable(value), limits, clientEvents, routingMetrics);
    }

    public static RunOptions defaults(Path resultsDir) {
        return new RunOptions(Optional.empty(), Optional.empty(), OptionalLong.empty(), resultsDir, RunListener.NONE,
                Optional.empty());
    }

    public RunOptions withClient(String value) {
        return new RunOptions(Optional.ofNullable(value), policy, seed, resultsDir, listener, clientCount, adapter, limits, clientEvents, routingMetrics);
    }

    public RunOptions withPolicy(String value) {
        return new RunOptions(client, Optional.ofNullable(value), seed, resultsDir, listener, clientCount, adapter, limits, clientEvents, routingMetrics);
    }

    public RunOptions withSeed(long value) {
        return new RunOptions(client, policy, OptionalLong.of(value), resultsDir, listener, clientCount, adapter, limits, clientEvents, routingMetrics);
    }

    public RunOptions withListener(RunListener value) {
        return new RunOptions(client, policy, seed, resultsDir, value, clientCount, adapter, limits, clientEvents, routingMetrics);
    }

    /**
     * Why {@code value} cannot be a run's clients per group (below 1: no client would download and every SLO would
     * be "not judged"); empty when it can, null included (the scenario's own counts). The one rule every entry point
     * (the CLI, the Maven goal, {@code @OutageScenario}) checks before anything runs, each naming its own option.
     */
    public static Optional<String> clientCountProblem(Integer value) {
        return value != null && value < 1
                ? Optional.of("expected at least 1 client per group, was " + value) : Optional.empty();
    }

    /** At most {@code value} clients per group; refused as {@link #clientCountProblem} says. */
    public RunOptions withClientCount(Integer value) {
        clientCountProblem(value).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        return new RunOptions(client, policy, seed, resultsDir, listener, Optional.ofNullable(value), adapter, limits, clientEvents, routingMetrics);
    }

    /** In-process reference clients also send their events here (e.g. {@code RunMetrics.listener()}). */
    public RunOptions withClientEvents(DownloadListener value) {
        return new RunOptions(client, policy, seed, resultsDir, listener, clientCount, adapter, limits, value, routingMetrics);
    }

    /** A scenario's routing controller counts its probes and decisions here (e.g. {@code RunMetrics.registry()}). */
    public RunOptions withRoutingMetrics(MeterRegistry value) {
        return new RunOptions(client, policy, seed, resultsDir, listener, clientCount, adapter, limits, clientEvents,
                Optional.ofNullable(value));
    }

    public RunOptions withLimits(FleetLimits value) {
        return new RunOptions(client, policy, seed, resultsDir, listener, clientCount, adapter, value, clientEvents, routingMetrics);
    }
}
