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
 * <p>A download that reports its requests is timed from its first request for file bytes when that came later
 * than the edge or its start, and is not judged when it asked nothing before the fault was cleared. Until then it
 * was starting up (fetching and verifying the manifest, reading status pages, opening its files), which takes as
 * long with the fault as without it: on a loaded machine, where a few seconds of start-up were judged as a slow
 * recovery from an outage the download never met (one whose first request came after the clear, without a
 * single failover, was the run's "slowest recovery"). A start-up that met the outage itself (any manifest copy
 * rejected: refused, unreachable, or failing a check such as its signature or expiry) is not excused: such a
 * record keeps no first-request time ({@link Measurements}), so it is timed from its start. Downloaders that
 * report no requests are timed as before.
 */
public final class RecoveryRule {
    /** What the verdict measured and the report shows when any judged download never progressed again. */
    public static final String SOME_NEVER = "some never recovered";

    private RecoveryRule() {
    }

    /**
     * One download judged at one fault edge.
     *
     * @param from when its wait began: the edge, or its own start when it began during the fault, or its first
     *             request for bytes when that came later
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
                Instant asked = d.firstRequestAt();
                if (asked != null) {
                    if (w.end() != null && !asked.isBefore(w.end())) {
                        continue; // still starting up when the fault cleared: it never met the fault
                    }
                    from = asked.isAfter(from) ? asked : from;
                }
                waits.add(new Wait(d, from, Optional.ofNullable(after(d, from))));
            }
        }
        return waits;
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
