package io.outagedrill.harness.run;

import io.outagedrill.harness.scenario.Slo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one definition of time to recover, used by the {@code timeToRecover} SLO and by the report, so both judge
 * the same downloads the same way and a page can never show a recovery figure its verdict contradicts.
 *
 * <p>Which downloads: those in flight at the fault's edge; after a start, also those that began while the fault
 * was on (a client that starts into an outage must get going within the same time of its own start). How long:
 * until the next verified chunk, or the successful end for downloaders that report no chunks. A download that
 * made no verified progress again never recovered.
 *
 * <p>A download that reports its requests may have its start-up excused (fetching and verifying the manifest,
 * reading status pages, opening its files): on a loaded machine a few seconds of start-up were judged as a slow
 * recovery from an outage the download never met (one whose first request came after the clear, without a single
 * failover, was a run's "slowest recovery"). What is excused is measured, not assumed: at most the run's usual
 * start-up, the median from start to first request of the downloads whose start-up no window of this fault
 * touched. A start-up the fault made longer than that counts as recovery beyond it, and with no such download to
 * measure nothing is excused. A download whose excused start-up lasted past the clear is not judged. A start-up
 * that met the outage itself (any manifest copy rejected: refused, unreachable, or failing a check such as its
 * signature or expiry) is not excused at all: such a record keeps no first-request time ({@link Measurements}).
 * Downloaders that report no requests are timed from the edge or their start.
 */
public final class RecoveryRule {
    /** What the verdict measured and the report shows when any judged download never progressed again. */
    public static final String SOME_NEVER = "some never recovered";

    private RecoveryRule() {
    }

    /**
     * One download judged at one fault edge.
     *
     * @param from when its wait began: the edge, or its own start when it began during the fault, or the end of
     *             its excused start-up when that came later
     * @param took empty when it never progressed again
     */
    public record Wait(DownloadRecord download, Instant from, Optional<Duration> took) {
        public boolean recovered() {
            return took.isPresent();
        }
    }

    /**
     * Every download's wait after the given edge of each window of one fault (a flapping fault has several);
     * windows that never cleared have no clear edge.
     */
    public static List<Wait> waits(List<FaultWindow> windows, Slo.Edge edge, List<DownloadRecord> downloads) {
        List<Wait> waits = new ArrayList<>();
        Optional<Duration> usualStartUp = usualStartUp(windows, downloads);
        for (FaultWindow w : windows) {
            Instant moment = edge == Slo.Edge.START ? w.start() : w.end();
            if (moment == null) {
                continue;
            }
            for (DownloadRecord d : downloads) {
                Instant from = moment;
                if (!d.inFlightAt(moment)) {
                    boolean startedDuring = edge == Slo.Edge.START && d.started().isAfter(w.start())
                            && (w.end() == null || d.started().isBefore(w.end()));
                    if (!startedDuring) {
                        continue;
                    }
                    from = d.started();
                }
                Instant asked = d.startedUpAt();
                if (asked != null) {
                    Duration startUp = Duration.between(d.started(), asked);
                    Instant startedUp = d.started().plus(usualStartUp
                            .map(usual -> usual.compareTo(startUp) < 0 ? usual : startUp).orElse(Duration.ZERO));
                    if (w.end() != null && !startedUp.isBefore(w.end())) {
                        continue; // a usual start-up still running when the fault cleared: it never met the fault
                    }
                    from = startedUp.isAfter(from) ? startedUp : from;
                }
                waits.add(new Wait(d, from, Optional.ofNullable(after(d, from))));
            }
        }
        return waits;
    }

    /**
     * The median time from start to first request of the downloads whose start-up overlaps none of {@code windows}:
     * how long starting up takes in this run without this fault. Empty when no such download reports its requests.
     */
    static Optional<Duration> usualStartUp(List<FaultWindow> windows, List<DownloadRecord> downloads) {
        List<Duration> startUps = new ArrayList<>();
        for (DownloadRecord d : downloads) {
            Instant asked = d.startedUpAt();
            if (asked != null && windows.stream().noneMatch(w -> w.overlaps(d.started(), asked))) {
                startUps.add(Duration.between(d.started(), asked));
            }
        }
        startUps.sort(null);
        return startUps.isEmpty() ? Optional.empty() : Optional.of(startUps.get(startUps.size() / 2));
    }

    /**
     * How long after {@code moment} the download made verified progress again: the next verified chunk, or its
     * successful end for downloaders that report no chunks. Null when it never did.
     */
    static Duration after(DownloadRecord download, Instant moment) {
        for (DownloadRecord.Sample sample : download.progress()) {
            if (!sample.at().isBefore(moment)) {
                return Duration.between(moment, sample.at());
            }
        }
        return download.succeeded() ? Duration.between(moment, download.ended()) : null;
    }
}
