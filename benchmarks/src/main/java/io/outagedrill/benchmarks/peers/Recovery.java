package io.outagedrill.benchmarks.peers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How one blackholed run of the reference client came through the fault, from its {@code --json} events and the
 * instant the mirror was frozen.
 *
 * <ul>
 *   <li><b>Time to detect</b>: the fault until the first event that moves work off the frozen mirror
 *       ({@link ClientEvents.MovedOff} naming it: on a blackhole that is the relative-stall {@code mirror-failed}
 *       of an attempt on it, or a {@code hedge-started} away from it). Empty when the client never moved off it:
 *       it had nothing there and asked it for nothing more ({@link Outcome#UNTOUCHED}), or what it had there
 *       ended by itself.</li>
 *   <li><b>Time to recover</b>: the fault until bytes flow again at the healthy rate. The healthy rate is the
 *       run's own before the fault: bytes received at the fault (interpolated between progress ticks) over the
 *       time since the first response byte. The rate after the fault is read per progress interval (the
 *       client's tick, 250 ms by default: bytes received between two ticks over the time between them), from the
 *       first interval that starts at or after the fault. The first interval under {@link #HEALTHY_FRACTION} of
 *       the healthy rate is the dip; recovery is the <i>end</i> of the first interval after it back at or above
 *       (so it errs late by up to one interval, never early). No dip: recovery is 0. No recovery before the
 *       end: recovery is the rest of the run, {@link Outcome#NOT_RECOVERED}. A dip counts only while the fault
 *       can explain it: once the client has moved off the frozen mirror and an interval ending after that is back
 *       at the healthy rate, the bytes are flowing again, and a slow interval later is not the fault's (seen:
 *       one of 20 runs at 8% host steal dipped to 88% for one interval 1.5 s after the switch, the rate
 *       healthy the whole time between). Without a detection, every interval counts, unless the frozen mirror
 *       held no request at the fault and got none after ({@link Outcome#UNTOUCHED}): seen in one of 20 runs on
 *       2026-12-05, whose rate stayed at 440-550 MB/s for 1.6 s after the fault and then fell to 295 MB/s in the
 *       last interval before the tail, as healthy runs' rate often falls there too.</li>
 * </ul>
 *
 * Only intervals that end before the download's tail count: once fewer bytes are left than the client's
 * connections can have in flight at once (connections x chunk), connections fall idle one by one and the rate
 * drops in every run, faulted or not.
 */
record Recovery(Optional<Duration> toDetect, Duration toRecover, Outcome outcome, double preFaultBytesPerSecond,
                double lowestBytesPerSecond) {
    /** The share of the pre-fault rate that counts as flowing at the healthy rate. */
    static final double HEALTHY_FRACTION = 0.9;

    enum Outcome {
        /** The rate never fell under the healthy fraction: recovery 0. */
        NEVER_DIPPED,
        /** It fell and came back. */
        RECOVERED,
        /** It fell and was still under when the tail began: recovery is the rest of the run. */
        NOT_RECOVERED,
        /**
         * The frozen mirror held no request of this download at the fault and was given none after it (nothing
         * moved off it, since nothing was on it): nothing the download did waited on the fault, so no slow interval
         * is the fault's, and recovery is 0.
         */
        UNTOUCHED
    }

    /** What the events allow: the figures, or why this run cannot be judged. */
    sealed interface Measured {
        record Judged(Recovery recovery) implements Measured {
        }

        record Unjudged(String why) implements Measured {
        }
    }

    /**
     * @param events        the run's events (any order)
     * @param fault         when the mirror was frozen
     * @param frozenMirror  how the client names it (the URL's host)
     * @param tailBytes     received bytes after which the download's tail begins (size - connections x chunk)
     */
    static Measured measure(List<ClientEvents> events, Instant fault, String frozenMirror, long tailBytes) {
        List<ClientEvents> sorted = events.stream().sorted(Comparator.comparing(ClientEvents::at)).toList();
        Optional<Instant> firstByte = sorted.stream().filter(e -> e instanceof ClientEvents.FirstByte)
                .map(ClientEvents::at).findFirst();
        if (firstByte.isEmpty() || !firstByte.get().isBefore(fault)) {
            return new Measured.Unjudged("no response byte before the fault at " + fault);
        }
        List<ClientEvents.Progress> ticks = new ArrayList<>();
        ticks.add(new ClientEvents.Progress(firstByte.get(), 0));
        sorted.stream().filter(e -> e instanceof ClientEvents.Progress p && p.at().isAfter(firstByte.get()))
                .map(ClientEvents.Progress.class::cast).forEach(ticks::add);
        if (!ticks.getLast().at().isAfter(fault)) {
            return new Measured.Unjudged("no progress event after the fault at " + fault);
        }
        double pre = bytesAt(ticks, fault) / seconds(firstByte.get(), fault);
        if (!(pre > 0)) {
            return new Measured.Unjudged("no bytes received before the fault at " + fault);
        }
        List<Interval> after = new ArrayList<>();
        for (int i = 1; i < ticks.size(); i++) {
            ClientEvents.Progress a = ticks.get(i - 1);
            ClientEvents.Progress b = ticks.get(i);
            if (!a.at().isBefore(fault) && b.bytesReceived() <= tailBytes && b.at().isAfter(a.at())) {
                after.add(new Interval(a.at(), b.at(),
                        (b.bytesReceived() - a.bytesReceived()) / seconds(a.at(), b.at())));
            }
        }
        if (after.isEmpty()) {
            return new Measured.Unjudged("no whole progress interval between the fault and the download's tail "
                    + "(its last %d bytes); use a larger --size".formatted(tailBytes));
        }
        Optional<Duration> detect = sorted.stream()
                .filter(e -> e instanceof ClientEvents.MovedOff m && m.mirror().equals(frozenMirror)
                        && !m.at().isBefore(fault))
                .findFirst().map(e -> Duration.between(fault, e.at()));
        double threshold = HEALTHY_FRACTION * pre;
        double lowest = after.stream().mapToDouble(Interval::bytesPerSecond).min().orElseThrow();
        // Nothing moved off the frozen mirror because nothing was on it, before or after the fault: no interval
        // of this download waited on it.
        if (detect.isEmpty() && !heldWork(sorted, fault, frozenMirror)) {
            return judged(detect, Duration.ZERO, Outcome.UNTOUCHED, pre, lowest);
        }
        // A dip is the fault's only while the fault can explain it: up to the first interval wholly after the
        // client moved off the frozen mirror that is back at the healthy rate (one that began before the move
        // would hide a dip of the move itself, new connections elsewhere). Later, with the work elsewhere and the
        // rate healthy again, a slow interval is the machine's (a GC, another process, the host taking the CPU),
        // not a recovery still under way. Without a detection the frozen mirror may still hold work: every interval.
        int settled = detect.map(d -> fault.plus(d))
                .map(movedOff -> indexFrom(after, 0, i -> !i.start().isBefore(movedOff)
                        && i.bytesPerSecond() >= threshold))
                .orElse(-1);
        int dip = indexFrom(after, 0, i -> i.bytesPerSecond() < threshold);
        if (dip < 0 || (settled >= 0 && dip > settled)) {
            return judged(detect, Duration.ZERO, Outcome.NEVER_DIPPED, pre, lowest);
        }
        int back = indexFrom(after, dip + 1, i -> i.bytesPerSecond() >= threshold);
        if (back < 0) {
            Instant end = sorted.stream().filter(e -> e instanceof ClientEvents.Completed).map(ClientEvents::at)
                    .findFirst().orElse(sorted.getLast().at());
            return judged(detect, Duration.between(fault, end), Outcome.NOT_RECOVERED, pre, lowest);
        }
        return judged(detect, Duration.between(fault, after.get(back).end()), Outcome.RECOVERED, pre, lowest);
    }

    /**
     * Whether the frozen mirror held a request of this download at the fault (a chunk was asked of it before the
     * fault and not verified, from any mirror, by then) or was asked for one at or after it. By chunk, not by count:
     * after a redirect a chunk is verified in another mirror's name, and a mirror sending its whole file verifies
     * chunks no attempt asked for. A chunk whose attempt on it failed before the fault, and that was not verified
     * elsewhere by then, counts as held, which errs towards judging the run's dips as the fault's.
     */
    private static boolean heldWork(List<ClientEvents> sorted, Instant fault, String frozenMirror) {
        Set<Integer> open = new HashSet<>();
        for (ClientEvents e : sorted) {
            if (e instanceof ClientEvents.AttemptStarted a && a.mirror().equals(frozenMirror)) {
                if (!a.at().isBefore(fault)) {
                    return true;
                }
                open.add(a.chunk());
            } else if (e instanceof ClientEvents.ChunkVerified v && v.at().isBefore(fault)) {
                open.remove(v.chunk());
            }
        }
        return !open.isEmpty();
    }

    /** One progress interval: when it began and ended, and the rate over it. */
    private record Interval(Instant start, Instant end, double bytesPerSecond) {
    }

    private static Measured judged(Optional<Duration> detect, Duration recover, Outcome outcome, double pre,
                                   double lowest) {
        return new Measured.Judged(new Recovery(detect, recover, outcome, pre, lowest));
    }

    private static int indexFrom(List<Interval> intervals, int from, java.util.function.Predicate<Interval> test) {
        for (int i = from; i < intervals.size(); i++) {
            if (test.test(intervals.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes received at {@code t}, linear between the ticks around it (ticks sorted, t within them). */
    private static double bytesAt(List<ClientEvents.Progress> ticks, Instant t) {
        for (int i = 1; i < ticks.size(); i++) {
            ClientEvents.Progress a = ticks.get(i - 1);
            ClientEvents.Progress b = ticks.get(i);
            if (!t.isAfter(b.at())) {
                double span = seconds(a.at(), b.at());
                double share = span <= 0 ? 1 : seconds(a.at(), t) / span;
                return a.bytesReceived() + share * (b.bytesReceived() - a.bytesReceived());
            }
        }
        return ticks.getLast().bytesReceived();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
