package io.outagedrill.harness.scenario;

import java.time.Duration;

/**
 * A service-level objective the run must meet. Durations in SLOs are wall-clock (what the client lived
 * through), never compressed. Each SLO except {@link TimeToRecover} judges the downloads of its
 * {@link Window}.
 */
public sealed interface Slo {
    Window window();

    /**
     * Which downloads an SLO judges: those of its phase of a fault, and of one client group when {@code clients}
     * names it (a scenario with a warm and a cold group, or the user's downloader beside reference clients, holds
     * each to its own objective); null judges every group.
     */
    record Window(Phase phase, String faultId, String clients) {
        public static final Window WHOLE_RUN = new Window(Phase.WHOLE_RUN, null);

        /** Every client group's downloads in that phase. */
        public Window(Phase phase, String faultId) {
            this(phase, faultId, null);
        }

        /** The same phase, of {@code group}'s downloads alone (null: every group's). */
        public Window of(String group) {
            return new Window(phase, faultId, group);
        }
    }

    enum Phase {
        /** every download of the run */
        WHOLE_RUN,
        /** downloads that ended before the fault was first applied: the steady state */
        BEFORE,
        /** downloads in flight at any moment while the fault was active */
        DURING,
        /** downloads that started after the fault was (last) cleared */
        AFTER
    }

    /** At least {@code share} of the downloads complete, verified, within {@code within} of their start. */
    record CompleteWithin(double share, Duration within, Window window) implements Slo {
    }

    /** At most {@code max} downloads end with a file whose SHA-256 differs from the signed one (always 0). */
    record CorruptFilesAccepted(int max, Window window) implements Slo {
    }

    /** No download switches mirror more than {@code max} times. */
    record MaxFailoversPerDownload(int max, Window window) implements Slo {
    }

    /** Bytes received but thrown away (rejected chunks, cut responses, hedges lost) at most this % of the file. */
    record MaxWastedPercent(double percent, Window window) implements Slo {
    }

    /**
     * After the fault's start (or clear), every download in flight makes verified progress again within
     * {@code within}. Judged on the downloads in flight at that moment.
     */
    record TimeToRecover(String faultId, Edge edge, Duration within, String clients) implements Slo {
        /** Every client group's downloads. */
        public TimeToRecover(String faultId, Edge edge, Duration within) {
            this(faultId, edge, within, null);
        }

        public Window window() {
            return new Window(edge == Edge.START ? Phase.DURING : Phase.AFTER, faultId, clients);
        }
    }

    enum Edge { START, CLEAR }

    /**
     * The scenario's routing controller published a re-signed manifest within {@code within} of the fault's
     * start: the time the control plane takes to notice an outage and act on it.
     */
    record ResignedWithin(String faultId, Duration within) implements Slo {
        public Window window() {
            return new Window(Phase.DURING, faultId);
        }
    }

    /**
     * The routing controller published at most {@code max} re-signed manifests in the whole run: hysteresis holds
     * against a flapping provider and a status page that cries wolf.
     */
    record MaxRepublications(int max) implements Slo {
        public Window window() {
            return Window.WHOLE_RUN;
        }
    }

    /**
     * Of the downloads in the window that started after the routing controller's first re-signed manifest, at
     * most {@code maxShare} sent their first request to {@code provider}: new clients go to a healthy mirror first.
     */
    record FirstRequestsTo(String provider, double maxShare, Window window) implements Slo {
    }

    /**
     * Attack scenarios: the client must refuse. Every download must end with this exit code and/or this
     * reason (the reference client's {@code ManifestRejectedException.Reason} or {@code --json}
     * {@code reason}, e.g. {@code EXPIRED}); null parts are not checked. Implies that no file appears.
     *
     * <p>With {@code thenDownload}, the attack is on some copies only (one manifest replica frozen, another good):
     * every download must report refusing a copy for {@code reason} and still end with the right file, from a good
     * copy. A client that took the bad copy, or that says nothing of what it refused, fails it.
     */
    record ExpectRejection(Integer exitCode, String reason, boolean thenDownload, Window window) implements Slo {
        /** Refused outright: no file appears. */
        public ExpectRejection(Integer exitCode, String reason, Window window) {
            this(exitCode, reason, false, window);
        }
    }
}
