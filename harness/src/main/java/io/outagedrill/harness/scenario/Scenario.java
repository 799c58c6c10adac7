package io.outagedrill.harness.scenario;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * One outage scenario as loaded from {@code scenarios/NAME.yaml} (format: docs/scenario-format.md).
 *
 * @param source   the post-mortem's URL; required when {@code tags} contain {@code real-incident}
 * @param seed     every random choice of the run (fault draws, file bytes, jitter) derives from it
 * @param compress how much faster than real time the timeline plays: at {@code compress: 600} one
 *                 scenario-minute passes in 100 ms of wall time. Only the timeline's schedule is compressed
 *                 ({@code at}, {@code repeat.every}, client {@code stagger}); fault attributes, TTLs, manifest
 *                 expiry and SLO limits are wall-clock, because servers and clients run at real speed.
 * @param clock    the incident's wall-clock time at scenario time 0 (UTC), so steps can say
 *                 {@code at: "11:28"} as the post-mortem does; null when unused
 * @param routing  a routing controller that re-signs the manifest while the scenario plays; null for none
 */
public record Scenario(String name, String description, String source, List<String> tags, long seed,
                       double compress, LocalTime clock, Topology topology, List<ClientGroup> clients,
                       List<Step> timeline, List<Slo> slos, Routing routing) {
    public static final String REAL_INCIDENT = "real-incident";

    /** A scenario without a routing controller. */
    public Scenario(String name, String description, String source, List<String> tags, long seed, double compress,
                    LocalTime clock, Topology topology, List<ClientGroup> clients, List<Step> timeline,
                    List<Slo> slos) {
        this(name, description, source, tags, seed, compress, clock, topology, clients, timeline, slos, null);
    }

    public Scenario {
        tags = List.copyOf(tags);
        clients = List.copyOf(clients);
        timeline = List.copyOf(timeline);
        slos = List.copyOf(slos);
    }

    /** How long a span of scenario time takes on the wall clock. */
    public Duration wallTime(Duration scenarioTime) {
        return Duration.ofNanos(Math.round(scenarioTime.toNanos() / compress));
    }
}
