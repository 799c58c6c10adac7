package io.outagedrill.client.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FailureKind;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The client's counters and timings in a Micrometer {@link MeterRegistry}, from its events: pass it as (or
 * {@linkplain DownloadListener#and add it to}) a download's listener, with whatever registry the application
 * already exports (Prometheus, OTLP, JMX...). Many downloads may share one instance; it is thread-safe, and
 * each event costs a map lookup and an atomic add.
 *
 * <p>Meters, all tagged with {@code mirror} where one is involved (the mirror's host, as events name it; its
 * {@code provider} instead when two of the download's mirrors share a host); Prometheus names in brackets:
 * <ul>
 *   <li>{@code outagedrill.client.requests} [_total]: ranged requests sent to each mirror (one may ask for several
 *       chunks in a row)</li>
 *   <li>{@code outagedrill.client.failures} [_total], tag {@code reason}: failed requests, by {@code FailureKind}</li>
 *   <li>{@code outagedrill.client.verified} [_bytes_total]: bytes that passed their chunk's SHA-256</li>
 *   <li>{@code outagedrill.client.chunks.rejected} [_total], tag {@code reason}: chunks refused by hash or
 *       protocol checks</li>
 *   <li>{@code outagedrill.client.wasted} [_bytes_total]: bytes received and thrown away</li>
 *   <li>{@code outagedrill.client.failovers} [_total], tags {@code from}, {@code to}: chunks moved to another
 *       mirror</li>
 *   <li>{@code outagedrill.client.time.to.first.byte} [_seconds]: per request, a timer with histogram buckets
 *       (50 ms to 30 s)</li>
 *   <li>{@code outagedrill.client.backoff} [_seconds]: each wait before a mirror is tried again</li>
 *   <li>{@code outagedrill.client.circuit.state}, tag {@code state} (closed, open, half-open): 1 for the
 *       mirror's current state, 0 for the others</li>
 *   <li>{@code outagedrill.client.downloads} [_total], tag {@code outcome} (completed, failed) and
 *       {@code outagedrill.client.download.duration} [_seconds] of completed downloads, with histogram buckets (1 s
 *       to 1 h) for an SLO on the share completed within a time</li>
 * </ul>
 *
 * <p>Every series that can be named before its first increment is there at 0 first, since a series that appears
 * with its first increment is absent to an alert until then and {@code increase()} over it misses that increment:
 * both download outcomes and the duration from the start; each mirror's requests, failures by every reason, chunks
 * rejected by every reason a chunk is refused for, verified and wasted bytes, circuit state (closed), and failovers
 * to and from every mirror seen before it, from the first event that names that mirror (its first request).
 */
public final class DownloadMetrics implements DownloadListener {

    /** Prefix of every meter name. */
    public static final String PREFIX = "outagedrill.client.";

    private static final String DOWNLOADS = "downloads ended, by outcome";

    private static final List<String> CIRCUIT_STATES = List.of("closed", "open", "half-open");

    /** Every reason a request can fail for. */
    private static final List<String> FAILURE_REASONS = Arrays.stream(FailureKind.values())
            .map(DownloadMetrics::reason).toList();

    /** The reasons a chunk can be refused for: the mirror sent what it must not (a chunk is not rejected for a timeout). */
    private static final List<String> REJECTION_REASONS = Arrays.stream(FailureKind.values())
            .filter(FailureKind::untrustworthy).map(DownloadMetrics::reason).toList();

    private static final Duration[] DURATION_BUCKETS = Stream.of(1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)
            .map(Duration::ofSeconds).toArray(Duration[]::new);

    private static final Duration[] FIRST_BYTE_BUCKETS = Stream.of(50, 100, 250, 500, 1000, 2000, 5000, 10_000, 30_000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> circuitByMirror = new ConcurrentHashMap<>();
    private final Set<String> mirrors = ConcurrentHashMap.newKeySet();

    public DownloadMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        registerOutcomes();
    }

    @Override
    public void on(DownloadEvent event) {
        switch (event) {
            case DownloadEvent.MirrorSwitched e -> {
                seen(e.from());
                seen(e.to());
            }
            case DownloadEvent.AttemptStarted e -> seen(e.mirror());
            case DownloadEvent.FirstByte e -> seen(e.mirror());
            case DownloadEvent.ChunkVerified e -> seen(e.mirror());
            case DownloadEvent.ChunkRejected e -> seen(e.mirror());
            case DownloadEvent.MirrorFailed e -> seen(e.mirror());
            case DownloadEvent.BackoffStarted e -> seen(e.mirror());
            case DownloadEvent.CircuitChanged e -> seen(e.mirror());
            default -> {
                // names no mirror
            }
        }
        count(event);
    }

    private void count(DownloadEvent event) {
        switch (event) {
            case DownloadEvent.AttemptStarted e -> {
                if (!e.sharedResponse()) {
                    counter("requests", "ranged requests sent to the mirror (one may ask for several chunks)",
                            "mirror", e.mirror()).increment();
                }
            }
            case DownloadEvent.FirstByte e -> firstByte(e.mirror()).record(e.timeToFirstByte());
            case DownloadEvent.ChunkVerified e -> Counter.builder(PREFIX + "verified").baseUnit("bytes")
                    .description("bytes that passed their chunk's SHA-256").tags("mirror", e.mirror())
                    .register(registry).increment(e.bytes());
            case DownloadEvent.ChunkRejected e -> {
                counter("chunks.rejected", "chunks refused by hash or protocol checks", "mirror", e.mirror(),
                        "reason", reason(e.kind())).increment();
                wasted(e.mirror(), e.bytesWasted());
            }
            case DownloadEvent.MirrorFailed e -> counter("failures", "failed requests by reason", "mirror", e.mirror(),
                    "reason", reason(e.kind())).increment();
            case DownloadEvent.MirrorSwitched e -> counter("failovers", "chunks moved to another mirror", "from",
                    e.from(), "to", e.to()).increment();
            case DownloadEvent.BackoffStarted e -> timer("backoff", "waits before a mirror is tried again", "mirror",
                    e.mirror()).record(e.delay());
            case DownloadEvent.CircuitChanged e -> circuit(e.mirror()).set(CIRCUIT_STATES.indexOf(e.state()));
            case DownloadEvent.Completed e -> {
                counter("downloads", DOWNLOADS, "outcome", "completed").increment();
                duration().record(e.elapsed());
            }
            case DownloadEvent.Failed e -> counter("downloads", DOWNLOADS, "outcome", "failed").increment();
            default -> {
                // Other events (manifest, cache, progress) are not counted: the ones above answer what a
                // dashboard of a multi-CDN download asks.
            }
        }
    }

    private void wasted(String mirror, long bytes) {
        if (bytes > 0) {
            Counter.builder(PREFIX + "wasted").baseUnit("bytes").description("bytes received and thrown away")
                    .tags("mirror", mirror).register(registry).increment(bytes);
        }
    }

    /** Both outcomes, and the duration of completed downloads, at 0: the alert on failed downloads sees the first. */
    private void registerOutcomes() {
        counter("downloads", DOWNLOADS, "outcome", "completed");
        counter("downloads", DOWNLOADS, "outcome", "failed");
        duration();
    }

    /**
     * Buckets at the thresholds an SLO on completion time names (a scenario's {@code completeWithin}, 30 s in most):
     * a summary's count, sum and max give no share of downloads under a threshold, and a percentile histogram's 70-odd
     * buckets per series cost more than a fleet's dashboards need.
     */
    private Timer duration() {
        return Timer.builder(PREFIX + "download.duration").description("time from start to a verified file")
                .tags("outcome", "completed").serviceLevelObjectives(DURATION_BUCKETS).register(registry);
    }

    /** Buckets from 50 ms to 30 s, one of them at 2 s: what the routing controller counts as a slow first byte. */
    private Timer firstByte(String mirror) {
        return Timer.builder(PREFIX + "time.to.first.byte").description("from a request to its response headers")
                .tags("mirror", mirror).serviceLevelObjectives(FIRST_BYTE_BUCKETS).register(registry);
    }

    /**
     * The first event naming {@code mirror} registers its series at 0, before the failure or failover that would
     * otherwise make them appear already at 1. A lookup in a set on every later event.
     */
    private void seen(String mirror) {
        if (mirrors.contains(mirror) || !mirrors.add(mirror)) {
            return;
        }
        counter("requests", "ranged requests sent to the mirror (one may ask for several chunks)", "mirror", mirror);
        FAILURE_REASONS.forEach(r -> counter("failures", "failed requests by reason", "mirror", mirror, "reason", r));
        REJECTION_REASONS.forEach(r -> counter("chunks.rejected", "chunks refused by hash or protocol checks",
                "mirror", mirror, "reason", r));
        Counter.builder(PREFIX + "verified").baseUnit("bytes").description("bytes that passed their chunk's SHA-256")
                .tags("mirror", mirror).register(registry);
        Counter.builder(PREFIX + "wasted").baseUnit("bytes").description("bytes received and thrown away")
                .tags("mirror", mirror).register(registry);
        firstByte(mirror);
        circuit(mirror);
        // Both ways with every mirror seen before it; one seen at the same moment finds this one and does the same.
        for (String other : mirrors) {
            if (!other.equals(mirror)) {
                counter("failovers", "chunks moved to another mirror", "from", mirror, "to", other);
                counter("failovers", "chunks moved to another mirror", "from", other, "to", mirror);
            }
        }
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(PREFIX + name).description(description).tags(tags).register(registry);
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(PREFIX + name).description(description).tags(tags).register(registry);
    }

    /** One gauge per state and mirror, reading the mirror's current state: the state-set idiom of Prometheus. */
    private AtomicInteger circuit(String mirror) {
        return circuitByMirror.computeIfAbsent(mirror, m -> {
            AtomicInteger current = new AtomicInteger(0);
            for (int i = 0; i < CIRCUIT_STATES.size(); i++) {
                int state = i;
                Gauge.builder(PREFIX + "circuit.state", current, c -> c.get() == state ? 1 : 0)
                        .tags(Tags.of("mirror", m, "state", CIRCUIT_STATES.get(i)))
                        .description("1 for the mirror's current circuit state, 0 for the others")
                        .register(registry);
            }
            return current;
        });
    }

    private static String reason(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
