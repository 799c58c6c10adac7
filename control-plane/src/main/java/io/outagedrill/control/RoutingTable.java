package io.outagedrill.control;

import io.outagedrill.client.manifest.Mirror;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Turns probe results into an order of mirrors. Healthy mirrors keep the publisher's order and priorities;
 * demoted ones follow; mirrors caught serving wrong bytes go last. No mirror is ever removed, so the last one
 * standing is always listed.
 */
public final class RoutingTable {
    private final List<Mirror> preferred;
    private final RoutingPolicy policy;
    private final Map<String, MirrorStanding> standings = new LinkedHashMap<>();

    /** @param preferred the mirrors in the publisher's order, as the original manifest lists them */
    public RoutingTable(List<Mirror> preferred, RoutingPolicy policy) {
        this.preferred = List.copyOf(preferred);
        this.policy = Objects.requireNonNull(policy, "policy");
        for (Mirror mirror : preferred) {
            standings.put(key(mirror), new MirrorStanding());
        }
    }

    /**
     * Takes over the demotions that {@code routed}, a manifest this controller published, shows: a mirror listed
     * with a priority below every one the publisher gave (as {@link #order()} lists a demoted mirror) starts
     * demoted, two steps below as serving wrong bytes. A controller restarted on its own output then brings such a
     * mirror back only after {@link RoutingPolicy#recoverAfter()} healthy probes, as it would have run on, instead
     * of listing it first again at its first round, whatever that round's probe of it says. Each such mirror is
     * told to {@code events} as demoted.
     */
    public synchronized void resumeFrom(List<Mirror> routed, long version, Instant at, Consumer<RoutingEvent> events) {
        int worst = preferred.stream().mapToInt(Mirror::priority).max().orElse(1);
        for (Mirror mirror : routed) {
            MirrorStanding standing = standings.get(key(mirror));
            if (standing != null && mirror.priority() > worst) {
                standing.demoted = true;
                standing.wrongBytes = mirror.priority() - worst >= 2;
                standing.reason = "%s in version %d, published before this start".formatted(
                        standing.wrongBytes ? "listed last" : "demoted", version);
                events.accept(new RoutingEvent.Demoted(at, name(mirror), standing.reason));
            }
        }
    }

    /**
     * Records what the provider's status page says about {@code mirror}: a page that admits a major outage makes
     * one failed probe enough to demote the mirror. It never demotes a mirror whose probes pass, and a page that
     * says all is well never keeps a failing mirror in front: the probes are the truth, the page a hint.
     */
    public synchronized void status(Mirror mirror, StatusReader.Indicator indicator) {
        MirrorStanding standing = standings.get(key(mirror));
        if (standing != null) {
            standing.statusAdmitsOutage = indicator.admitsOutage();
        }
    }

    /** Records one probe; demotions and restorations go to {@code events}. */
    public synchronized void observe(ProbeResult result, Consumer<RoutingEvent> events) {
        MirrorStanding standing = standings.get(key(result.mirror()));
        if (standing == null) {
            throw new IllegalArgumentException("not a mirror of this table: " + result.mirror().url());
        }
        Instant at = result.at();
        String label = name(result.mirror());
        switch (policy.judge(result)) {
            case ProbeResult.Slow slow -> failure(standing, label, at, "first byte after %d ms, over the %d ms limit"
                    .formatted(slow.timeToFirstByte().toMillis(), slow.limit().toMillis()), events);
            case ProbeResult.Healthy other when standing.wrongChunk >= 0 && other.chunk() != standing.wrongChunk -> {
                // Says nothing of the chunk it lied about: counted, a mirror whose copy stays corrupt would come back
                // in front after a few probes of other chunks, be caught again, and flap for as long as it lies.
            }
            case ProbeResult.Healthy healthy -> {
                standing.wrongChunk = -1;
                standing.successes++;
                standing.failures = 0;
                if (standing.demoted && standing.successes >= policy.recoverAfter()) {
                    standing.demoted = false;
                    standing.wrongBytes = false;
                    events.accept(new RoutingEvent.Restored(at, label, "%d healthy probes in a row (after: %s)"
                            .formatted(standing.successes, standing.reason)));
                    standing.reason = "";
                }
            }
            case ProbeResult.Failed failed -> failure(standing, label, at, failed.reason(), events);
            case ProbeResult.WrongBytes wrong -> {
                standing.successes = 0;
                standing.failures++;
                boolean was = standing.wrongBytes;
                standing.wrongBytes = true;
                standing.demoted = true;
                standing.wrongChunk = wrong.chunk();
                standing.reason = "served wrong bytes for chunk %d: %s".formatted(wrong.chunk(), wrong.reason());
                if (!was) {
                    events.accept(new RoutingEvent.Demoted(at, label, standing.reason + " (at once: wrong bytes are "
                            + "never a fluke)"));
                }
            }
        }
    }

    /**
     * The chunk to ask {@code mirror} for instead of the round's own: the one it was caught serving wrong bytes for,
     * until it serves it right. Only then do its healthy probes count toward bringing it back.
     */
    public synchronized OptionalInt recheck(Mirror mirror) {
        MirrorStanding standing = standings.get(key(mirror));
        return standing == null || standing.wrongChunk < 0 ? OptionalInt.empty() : OptionalInt.of(standing.wrongChunk);
    }

    private void failure(MirrorStanding standing, String label, Instant at, String reason,
                         Consumer<RoutingEvent> events) {
        standing.successes = 0;
        standing.failures++;
        int needed = standing.statusAdmitsOutage ? 1 : policy.failAfter();
        if (!standing.demoted && standing.failures >= needed) {
            standing.demoted = true;
            standing.reason = "%d failed probe%s in a row%s, the last: %s".formatted(standing.failures,
                    standing.failures == 1 ? "" : "s",
                    standing.statusAdmitsOutage ? " and its status page admits a major outage" : "", reason);
            events.accept(new RoutingEvent.Demoted(at, label, standing.reason));
        }
    }

    /**
     * The mirrors in the order clients should try them, with priorities that say the same: healthy mirrors keep
     * theirs, demoted ones come after every healthy one, wrong-bytes ones after those.
     */
    public synchronized List<Mirror> order() {
        int worst = preferred.stream().mapToInt(Mirror::priority).max().orElse(1);
        List<Mirror> ordered = new ArrayList<>(preferred);
        // A stable sort: within a rank the publisher's order stays.
        ordered.sort(Comparator.comparingInt(m -> standings.get(key(m)).rank()));
        // Ranks count from the best one present: when every mirror is demoted alike, nothing is gained by
        // publishing a manifest that says so, and clients keep the publisher's order.
        int best = standings.values().stream().mapToInt(MirrorStanding::rank).min().orElse(0);
        List<Mirror> result = new ArrayList<>(ordered.size());
        for (Mirror mirror : ordered) {
            int rank = standings.get(key(mirror)).rank() - best;
            int priority = rank == 0 ? mirror.priority() : worst + rank;
            result.add(new Mirror(mirror.provider(), mirror.url(), priority, mirror.region(), mirror.group(),
                    mirror.status()));
        }
        return result;
    }

    /** True when every mirror was caught serving wrong bytes: no order is safe to sign. */
    public synchronized boolean everyMirrorServesWrongBytes() {
        return standings.values().stream().allMatch(s -> s.wrongBytes);
    }

    /** Why each mirror that is not healthy stands where it does, for a publication's reasons. */
    public synchronized List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        for (Mirror mirror : preferred) {
            MirrorStanding standing = standings.get(key(mirror));
            if (standing.rank() > 0) {
                reasons.add("%s %s: %s".formatted(name(mirror), standing.wrongBytes ? "last" : "demoted",
                        standing.reason));
            }
        }
        return reasons.isEmpty() ? List.of("every mirror healthy: the publisher's order") : reasons;
    }

    /**
     * How the controller names a mirror to people: the provider and where it is, since two mirrors may share a
     * host (one server, two ports) or a provider (two regions).
     */
    public static String name(Mirror mirror) {
        return mirror.provider() + " at " + mirror.url().getAuthority();
    }

    private static String key(Mirror mirror) {
        return mirror.url().toString();
    }
}
