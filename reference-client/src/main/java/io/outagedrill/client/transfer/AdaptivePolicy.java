package io.outagedrill.client.transfer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Throughput-weighted: each request goes to a mirror drawn at random with weight proportional to its measured
 * speed per open connection, among mirrors within half the best speed. Untested mirrors are tried with the best
 * known speed (optimism, so a recovered or new mirror gets a chance). Hedges slow tail chunks. The draw is among
 * the mirrors of the best {@code priority} still usable: the publisher's tiers (a routing controller lists a
 * failing CDN in a later tier) are kept, and a later tier is used once the earlier ones are gone.
 *
 * <p>Within that tier, only the mirrors with the fewest failures in a row are drawn: those without failures
 * while any of them can take the request, else the ones that failed least. A failure leaves a mirror's measured
 * speed as it was (a blackholed mirror sends no bytes to measure, and one never measured keeps the optimistic
 * best), so without this rule a broken mirror's old speed set the bar, the honest mirror measured below half of
 * it was left out of the draw altogether, and the one connection went from broken mirror to broken mirror, each
 * ending only by its first-byte timeout, until the deadline (fault storm seed -387743164118339383). Fewest
 * failures first also means that among mirrors that all failed, each is probed again before any is probed a
 * further time, so a mirror that turned honest is reached within one round.
 *
 * <p>A mirror measured on one chunk only, and left out for it, is measured once more after
 * {@link #SECOND_LOOK_NANOS} (when it is idle and has never failed): its one chunk carried its connection's
 * handshake, and in a fresh process the cold start's slow code, while the mirrors measured later were timed warm.
 * Seen in a 1 GiB download from three loopback mirrors: the one whose first chunk came first measured under half
 * the others and got no further chunk until the tail. The second look is one chunk (runs go only to a mirror
 * measured on two, ChunkAssigner), once per mirror per download, however it ends; after a slow second chunk it
 * gets no further look, and is drawn again only if its measured speed comes within half the best.
 *
 * <p>A mirror that would be drawn but has been idle for {@link #IDLE_PROBE_NANOS} while its peers served answers a
 * 1-byte request first ({@link MirrorHealth#requireByteProbe}): a mirror can die while no request is on it, and a
 * chunk sent to it then waits for the relative stall limit on one of the download's connections. Seen in the
 * recovery bench: a mirror frozen while left out came back within half of the best when the others' measured speed
 * fell, 1.6 s after the fault, and held its chunk until its stall was noticed.
 *
 * <p>Unlike aria2's adaptive selector this never lowers the minimum-speed limit, and a connection that breaks
 * a limit is replaced, not dropped.
 */
public final class AdaptivePolicy implements FailoverPolicy {
    public static final String NAME = "adaptive";
    private static final double WITHIN_BEST = 0.5;
    /** How long a mirror left out after one chunk waits for its second look. */
    static final long SECOND_LOOK_NANOS = 1_000_000_000L;
    /**
     * Idle this long while its peers served, a mirror answers a 1-byte request before it is drawn again. As long as
     * the relative stall limit's default: a mirror silent that long counts as stalled when it has work. Under
     * {@link #SECOND_LOOK_NANOS}, so that a second look (after a second left out, so idle about as long) is always
     * probed first; at a second as well, a second look 0.7 s after a fault went unprobed in the recovery bench.
     */
    static final long IDLE_PROBE_NANOS = 500_000_000L;

    private final RandomGenerator random;
    /** Since when each mirror measured on one chunk has been left out of the draw (this download's policy only). */
    private final Map<MirrorHealth, Long> leftOutSince = new IdentityHashMap<>();
    /** The mirrors given their second look, whatever became of it: a cancelled or refused one is not repeated. */
    private final Set<MirrorHealth> looked = Collections.newSetFromMap(new IdentityHashMap<>());

    public AdaptivePolicy(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int connections(TransferConfig config) {
        return config.connections();
    }

    @Override
    public boolean hedges(TransferConfig config) {
        return config.hedging();
    }

    // Synchronized for the second looks' bookkeeping; the engine calls it under its schedule's lock anyway.
    @Override
    public synchronized Optional<MirrorHealth> choose(List<MirrorHealth> usable, long nowNanos) {
        List<MirrorHealth> pool = usable.stream().filter(m -> !m.demoted(nowNanos)).toList();
        if (pool.isEmpty()) {
            pool = usable;
        }
        int tier = pool.stream().mapToInt(m -> m.mirror().priority()).min().orElse(0);
        pool = pool.stream().filter(m -> m.mirror().priority() == tier).toList();
        // After the tier, so a failing mirror of the best tier is still probed before a later tier is used.
        pool = fewestFailures(pool);
        double best = pool.stream().mapToDouble(MirrorHealth::throughput).filter(t -> !Double.isNaN(t))
                .max().orElse(1);
        List<MirrorHealth> candidates = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<MirrorHealth> secondLooks = new ArrayList<>();
        long newestStart = pool.stream().mapToLong(MirrorHealth::lastStartNanos).max().orElse(Long.MIN_VALUE);
        double total = 0;
        for (MirrorHealth m : pool) {
            double speed = Double.isNaN(m.throughput()) ? best : m.throughput();
            boolean secondLook = false;
            if (speed < best * WITHIN_BEST) {
                if (!dueForSecondLook(m, nowNanos)) {
                    continue;
                }
                speed = best; // as if untested: it gets the next chunk, most likely, and is measured again
                secondLook = true;
            }
            if (m.requireByteProbeIfIdle(newestStart, IDLE_PROBE_NANOS)) {
                // A mirror that froze while idle would hold the chunk until its stall is noticed; a 1-byte request
                // (ByteProbes) costs no chunk. Answered, the mirror is drawn as before; a second look too.
                continue;
            }
            if (secondLook) {
                secondLooks.add(m);
            }
            double weight = Math.max(speed, 1) / (m.active() + 1);
            candidates.add(m);
            weights.add(weight);
            total += weight;
        }
        if (candidates.isEmpty()) {
            // Not one that now awaits its 1-byte request: one of them always can take it (the latest to start).
            return Optional.of(pool.stream().filter(m -> !m.awaitingByteProbe()).findFirst().orElse(pool.getFirst()));
        }
        double pick = random.nextDouble(total);
        MirrorHealth chosen = candidates.getLast();
        for (int i = 0; i < candidates.size(); i++) {
            pick -= weights.get(i);
            if (pick < 0) {
                chosen = candidates.get(i);
                break;
            }
        }
        if (secondLooks.contains(chosen)) {
            // Counted as given once drawn: the engine draws from usable mirrors under its lock, and an idle mirror
            // that never failed has a closed circuit and a free connection, so it is admitted.
            looked.add(chosen);
        }
        return Optional.of(chosen);
    }

    /**
     * Whether {@code m}, below the bar, is to be measured again: measured on one chunk only, never failed, idle, not
     * looked at again yet, and left out for {@link #SECOND_LOOK_NANOS} already. The clock starts the first time it
     * is seen left out.
     */
    private boolean dueForSecondLook(MirrorHealth m, long nowNanos) {
        if (m.successes() != 1 || m.totalFailures() != 0 || looked.contains(m)) {
            return false;
        }
        long since = leftOutSince.computeIfAbsent(m, k -> nowNanos);
        return nowNanos - since >= SECOND_LOOK_NANOS && m.active() == 0;
    }

    /**
     * The mirrors of {@code pool} with the fewest failures in a row; never empty for a pool that is not. Each
     * mirror's count is read once: a request finishing meanwhile may change it.
     */
    private static List<MirrorHealth> fewestFailures(List<MirrorHealth> pool) {
        List<MirrorHealth> fewest = new ArrayList<>();
        int least = Integer.MAX_VALUE;
        for (MirrorHealth m : pool) {
            int failures = m.consecutiveFailures();
            if (failures < least) {
                least = failures;
                fewest.clear();
            }
            if (failures == least) {
                fewest.add(m);
            }
        }
        return fewest;
    }
}
