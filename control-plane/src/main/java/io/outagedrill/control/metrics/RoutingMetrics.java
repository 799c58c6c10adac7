package io.outagedrill.control.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.control.ProbeResult;
import io.outagedrill.control.RoutingEvent;
import io.outagedrill.control.RoutingTable;
import io.outagedrill.control.StatusReader;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The routing controller's probes and decisions in a Micrometer {@link MeterRegistry}, from its events: give it to
 * the {@code Router} as (or beside) its event consumer, one per routed file. Thread-safe. Every meter is tagged
 * {@code file}; the {@code mirror} tag is the controller's name for a mirror ("provider at host:port"), as in its
 * events. Prometheus names in brackets:
 * <ul>
 *   <li>{@code outagedrill.routing.probes} [_total], tag {@code outcome} (healthy, slow, failed, wrong-bytes;
 *       slow: verified, but a first byte over the policy's limit, which counts as failed)</li>
 *   <li>{@code outagedrill.routing.probe.first.byte} [_seconds]: time to first byte of probes that verified (healthy
 *       and slow), a timer</li>
 *   <li>{@code outagedrill.routing.probe.speed} [_bytes_per_second]: the last healthy probe's throughput</li>
 *   <li>{@code outagedrill.routing.demotions} [_total] and {@code outagedrill.routing.restorations} [_total]</li>
 *   <li>{@code outagedrill.routing.mirror.demoted}: 1 while the mirror is demoted, else 0</li>
 *   <li>{@code outagedrill.routing.status}, tag {@code indicator} (none, minor, major, critical, unknown): 1 for
 *       what the provider's status page said when last read (a page that cannot be read leaves it, as it leaves the
 *       routing's reading), 0 for the others</li>
 *   <li>{@code outagedrill.routing.publications} [_total], tag {@code outcome} (published, failed, withheld)</li>
 *   <li>{@code outagedrill.routing.manifest.version}: the version last published (the starting one before)</li>
 * </ul>
 */
public final class RoutingMetrics implements Consumer<RoutingEvent> {

    /** Prefix of every meter name. */
    public static final String PREFIX = "outagedrill.routing.";

    /** The status page's indicators, then "unknown" for a page not (yet) read. */
    private static final List<String> INDICATORS = Stream.concat(Arrays.stream(StatusReader.Indicator.values())
            .map(i -> i.name().toLowerCase(Locale.ROOT)), Stream.of("unknown")).toList();

    private static final List<String> PROBE_OUTCOMES = List.of("healthy", "slow", "failed", "wrong-bytes");
    private static final List<String> PUBLICATION_OUTCOMES = List.of("published", "failed", "withheld");

    private final MeterRegistry registry;
    private final Tags file;
    private final AtomicLong version;
    private final Map<String, AtomicLong> speedByMirror = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> demotedByMirror = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> statusByMirror = new ConcurrentHashMap<>();

    /**
     * For the routing of the manifest the controller starts from. Every meter that can be named before the first
     * event is there from the start at 0 (each mirror's probe outcomes, demotions, restorations and demoted gauge;
     * each publication outcome; the status page's reading, "unknown", for a mirror whose provider has one): a series
     * that appears only with its first increment is absent to an alert on
     * {@code mirror_demoted == 1} until then, and {@code increase()} over it misses that first increment.
     */
    public RoutingMetrics(MeterRegistry registry, Manifest routed) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.file = Tags.of("file", routed.file());
        this.version = new AtomicLong(routed.version());
        Gauge.builder(PREFIX + "manifest.version", version, AtomicLong::get).tags(this.file)
                .description("the manifest version last published").register(registry);
        for (Mirror m : routed.target().mirrors()) {
            String mirror = RoutingTable.name(m);
            PROBE_OUTCOMES.forEach(outcome -> probes(mirror, outcome));
            demotions(mirror);
            restorations(mirror);
            demoted(mirror);
            if (m.statusDocument().isPresent()) {
                status(mirror); // "unknown" until the page is first read
            }
        }
        PUBLICATION_OUTCOMES.forEach(this::publications);
    }

    @Override
    public void accept(RoutingEvent event) {
        switch (event) {
            case RoutingEvent.Probed p -> probed(p.result());
            case RoutingEvent.StatusRead s -> status(s.mirror()).set(indicator(s.indicator()));
            case RoutingEvent.Demoted d -> {
                demotions(d.mirror()).increment();
                demoted(d.mirror()).set(1);
            }
            case RoutingEvent.Restored r -> {
                restorations(r.mirror()).increment();
                demoted(r.mirror()).set(0);
            }
            case RoutingEvent.Published p -> {
                publication("published");
                version.set(p.version());
            }
            case RoutingEvent.PublishFailed f -> publication("failed");
            case RoutingEvent.Withheld w -> publication("withheld");
        }
    }

    private void probed(ProbeResult result) {
        String mirror = RoutingTable.name(result.mirror());
        String outcome = switch (result) {
            case ProbeResult.Healthy h -> {
                firstByte(mirror).record(h.timeToFirstByte());
                speed(mirror).set(Math.round(h.bytesPerSecond()));
                yield "healthy";
            }
            case ProbeResult.Slow slow -> {
                // Its first byte is what made it count as failed: the timer shows it.
                firstByte(mirror).record(slow.timeToFirstByte());
                yield "slow";
            }
            case ProbeResult.Failed f -> "failed";
            case ProbeResult.WrongBytes w -> "wrong-bytes";
        };
        probes(mirror, outcome).increment();
    }

    private Timer firstByte(String mirror) {
        return Timer.builder(PREFIX + "probe.first.byte").description("time to first byte of probes that verified")
                .tags(file).tags("mirror", mirror).register(registry);
    }

    private void publication(String outcome) {
        publications(outcome).increment();
    }

    private Counter probes(String mirror, String outcome) {
        return counter("probes", "synthetic chunk downloads, by outcome", "mirror", mirror, "outcome", outcome);
    }

    private Counter demotions(String mirror) {
        return counter("demotions", "mirrors moved behind the healthy ones", "mirror", mirror);
    }

    private Counter restorations(String mirror) {
        return counter("restorations", "demoted mirrors brought back", "mirror", mirror);
    }

    private Counter publications(String outcome) {
        return counter("publications", "re-signed manifests, by outcome", "outcome", outcome);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(PREFIX + name).description(description).tags(file).tags(tags).register(registry);
    }

    private AtomicLong speed(String mirror) {
        return speedByMirror.computeIfAbsent(mirror, m -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(PREFIX + "probe.speed", value, AtomicLong::get).baseUnit("bytes.per.second")
                    .description("the last healthy probe's throughput").tags(file).tags("mirror", m).register(registry);
            return value;
        });
    }

    private AtomicInteger demoted(String mirror) {
        return demotedByMirror.computeIfAbsent(mirror, m -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(PREFIX + "mirror.demoted", value, AtomicInteger::get)
                    .description("1 while the mirror is demoted").tags(file).tags("mirror", m).register(registry);
            return value;
        });
    }

    /** One gauge per indicator and mirror, reading the page's current indicator: Prometheus' state-set idiom. */
    private AtomicInteger status(String mirror) {
        return statusByMirror.computeIfAbsent(mirror, m -> {
            AtomicInteger current = new AtomicInteger(INDICATORS.indexOf("unknown"));
            for (int i = 0; i < INDICATORS.size(); i++) {
                int value = i;
                Gauge.builder(PREFIX + "status", current, c -> c.get() == value ? 1 : 0)
                        .tags(file.and("mirror", m, "indicator", INDICATORS.get(i)))
                        .description("1 for what the provider's status page says now, 0 for the others")
                        .register(registry);
            }
            return current;
        });
    }

    private static int indicator(String said) {
        int known = INDICATORS.indexOf(said == null ? "" : said.toLowerCase(Locale.ROOT));
        return known >= 0 ? known : INDICATORS.indexOf("unknown");
    }
}
