package io.outagedrill.harness.run;

import io.outagedrill.client.EditDistance;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.harness.scenario.Slo;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Judges a run's downloads against a scenario's SLOs, each in its window (before, during, after a fault). Public so
 * a run's verdicts can be judged again from its record (the reports' tests check their figures against it).
 */
public final class SloEvaluator {
    private final List<DownloadRecord> downloads;
    private final List<FaultWindow> windows;
    private final RoutingLog routing;

    public SloEvaluator(List<DownloadRecord> downloads, List<FaultWindow> windows) {
        this(downloads, windows, RoutingLog.NONE);
    }

    /** With what the scenario's routing controller did, for the SLOs that judge it. */
    public SloEvaluator(List<DownloadRecord> downloads, List<FaultWindow> windows, RoutingLog routing) {
        this.downloads = downloads;
        this.windows = windows;
        this.routing = routing;
    }

    /** How a verdict with no download to judge begins; {@link #NONE_FINISHED} over the whole run. */
    private static final String NO_DOWNLOAD = "not judged: no download";
    private static final String NONE_FINISHED = NO_DOWNLOAD + " finished";

    /**
     * Whether {@code verdict} failed only because no download fell in its window (during a fault, at its edge, after
     * a re-signed manifest): what fewer, further-apart clients can leave empty. Not when none finished at all.
     */
    static boolean emptyWindow(SloVerdict verdict) {
        return !verdict.passed() && verdict.measured().startsWith(NO_DOWNLOAD)
                && !verdict.measured().equals(NONE_FINISHED);
    }

    public List<SloVerdict> judge(List<Slo> slos) {
        return slos.stream().map(this::judge).toList();
    }

    public SloVerdict judge(Slo slo) {
        List<DownloadRecord> judged = in(slo.window());
        String where = where(slo.window());
        if (judged.isEmpty() && !(slo instanceof Slo.TimeToRecover) && !(slo instanceof Slo.ResignedWithin)
                && !(slo instanceof Slo.MaxRepublications)) {
            // An SLO with nothing to judge would pass by saying nothing. In a window, the scenario is what needs
            // fixing; over the whole run, no download finished (a client that could not start, or none done by the
            // run's time limit: see the notes).
            boolean wholeRun = slo.window().phase() == Slo.Phase.WHOLE_RUN;
            return new SloVerdict(name(slo, where), "downloads to judge",
                    wholeRun ? NONE_FINISHED
                            : NO_DOWNLOAD + " " + where.strip().replaceAll("^\\(|\\)$", ""),
                    false, 0, wholeRun || downloads.isEmpty() ? "the run's notes say why none finished"
                            : "stagger the clients so some are in flight in this window");
        }
        return switch (slo) {
            case Slo.CompleteWithin s -> {
                long ok = judged.stream().filter(d -> d.succeeded() && !d.elapsed().minus(s.within()).isPositive())
                        .count();
                double share = (double) ok / judged.size(); // never empty here: see above
                yield verdict(name(s, where),
                        "at least " + pct(s.share()),
                        String.format(Locale.ROOT, "%s (%d of %d)", measuredPct(share, s.share()), ok, judged.size()),
                        share >= s.share() - 1e-9, judged,
                        worst(judged, d -> !(d.succeeded() && !d.elapsed().minus(s.within()).isPositive()),
                                // Failed ones first, then the slowest: not the first late ones in download order.
                                Comparator.comparing(DownloadRecord::succeeded)
                                        .thenComparing(DownloadRecord::elapsed, Comparator.reverseOrder()),
                                d -> d.id() + (d.succeeded() ? " took " + secs(d.elapsed()) : " " + failure(d))));
            }
            case Slo.CorruptFilesAccepted s -> {
                long bad = judged.stream().filter(DownloadRecord::acceptedCorrupt).count();
                yield verdict(name(s, where),
                        "at most " + s.max(),
                        Long.toString(bad), bad <= s.max(), judged,
                        worst(judged, DownloadRecord::acceptedCorrupt, d -> d.id() + " exited 0 with a wrong file"));
            }
            case Slo.MaxFailoversPerDownload s -> {
                String name = name(s, where);
                // A client that reports neither switches nor failed mirrors (aria2c) would read as 0 failovers.
                List<DownloadRecord> measured = judged.stream().filter(DownloadRecord::reportsFailovers)
                        .toList();
                if (measured.isEmpty()) {
                    yield notReported(name, "at most " + s.max(), judged, "mirror switches or failed mirrors");
                }
                int most = measured.stream().mapToInt(DownloadRecord::failovers).max().orElse(0);
                yield verdict(name, "at most " + s.max(), "at most " + most, most <= s.max(), measured,
                        worst(measured, d -> d.failovers() > s.max(),
                                Comparator.comparingInt(DownloadRecord::failovers).reversed(),
                                d -> d.id() + " switched " + d.failovers()
                                + " times"));
            }
            case Slo.MaxWastedPercent s -> {
                String name = name(s, where);
                List<DownloadRecord> measured = judged.stream().filter(DownloadRecord::reportsWaste).toList();
                if (measured.isEmpty() && !judged.isEmpty() && judged.stream().noneMatch(DownloadRecord::succeeded)) {
                    // Not "not reported by reference": a downloader tells its waste in its report of a completed
                    // download, and none completed; the client may well report it.
                    yield new SloVerdict(name, "at most " + trim(s.percent()) + "%", String.format(Locale.ROOT,
                            "not judged: none of the %d download(s) completed", judged.size()), false, 0,
                            "wasted bytes come with a downloader's report of a completed download");
                }
                if (measured.isEmpty()) {
                    yield notReported(name, "at most " + trim(s.percent()) + "%", judged, "wasted bytes");
                }
                double most = measured.stream().mapToDouble(DownloadRecord::wastedPercent).max().orElse(0);
                yield verdict(name, "at most " + trim(s.percent()) + "%", "at most " + besideLimit(most, s.percent()),
                        most <= s.percent() + 1e-9, measured,
                        worst(measured, d -> d.wastedPercent() > s.percent(),
                                Comparator.comparingDouble(DownloadRecord::wastedPercent).reversed(),
                                d -> d.id() + " wasted " + besideLimit(d.wastedPercent(), s.percent())));
            }
            case Slo.TimeToRecover s -> recover(s);
            case Slo.ResignedWithin s -> resigned(s);
            case Slo.FirstRequestsTo s -> firstRequests(s, judged, where);
            case Slo.MaxRepublications s -> new SloVerdict("maxRepublications " + s.max(), "at most " + s.max(),
                    Integer.toString(routing.published().size()), routing.published().size() <= s.max(), 1,
                    routing.published().size() > s.max() ? "the routing controller re-signed the manifest "
                            + routing.published().size() + " times" : "");
            case Slo.ExpectRejection s -> {
                List<DownloadRecord> wrong = judged.stream().filter(d -> !rejectedAsExpected(d, s)).toList();
                if (s.thenDownload()) {
                    yield verdict(name(s, where), "a copy refused, reason " + s.reason() + ", then the file from "
                                    + "a good one",
                            String.format(Locale.ROOT, "%d of %d refused it and downloaded", judged.size()
                                    - wrong.size(), judged.size()),
                            wrong.isEmpty(), judged,
                            wrong.stream().limit(3).map(d -> String.format(Locale.ROOT, "%s: %s, %s", d.id(),
                                    d.rejection() == null ? "reported no refusal" : "refused for "
                                            + String.join(", then ", d.rejection().codes()),
                                    d.acceptedCorrupt() ? "and kept a wrong file" : d.succeeded() ? "downloaded"
                                            : "no file (exit " + d.exitCode() + ")"))
                                    .collect(Collectors.joining("; "))
                                    + (wrong.isEmpty() ? "" : unknownReasonHint(s.reason())));
                }
                String expected = "refused" + (s.exitCode() == null ? "" : " with exit " + s.exitCode())
                        + (s.reason() == null ? "" : ", reason " + s.reason());
                yield verdict(name(s, where), expected,
                        String.format(Locale.ROOT, "%d of %d refused as expected", judged.size() - wrong.size(),
                                judged.size()),
                        wrong.isEmpty(), judged,
                        wrong.stream().limit(3).map(d -> String.format(Locale.ROOT, "%s: exit %d, reason %s%s",
                                d.id(), d.exitCode(), d.rejection() == null ? null
                                        : String.join(", then ", d.rejection().codes()),
                                d.succeeded() || d.acceptedCorrupt() ? ", and a file appeared" : ""))
                                .collect(Collectors.joining("; "))
                                + (wrong.isEmpty() ? "" : unknownReasonHint(s.reason())));
            }
        };
    }

    /**
     * A reason no reference client gives, when an SLO on it fails: likely the scenario's typo ({@code BAD_SIGNATUR}),
     * which would otherwise read as the client refusing for the wrong reason. Not refused when the scenario loads:
     * a downloader of the user's own may report reasons of its own in the same events.
     */
    static String unknownReasonHint(String reason) {
        List<String> known = Arrays.stream(ManifestRejectedException.Reason.values()).map(Enum::name).toList();
        if (reason == null || known.contains(reason.toUpperCase(Locale.ROOT))) {
            return "";
        }
        return "; the expected reason " + reason + " is none the reference client gives" + EditDistance
                .closest(reason.toUpperCase(Locale.ROOT), known).map(k -> " (did you mean " + k + "?)")
                .orElse(" (" + String.join(", ", known) + ")");
    }

    /**
     * An SLO judged over the downloads in its window, named with its numbers and window: the same name whether it was
     * judged or not (two completeWithin SLOs of one window read alike when neither had a download, and reports read
     * the share and time back from the name).
     */
    private static String name(Slo slo, String where) {
        return switch (slo) {
            case Slo.CompleteWithin s -> "completeWithin %s in %s%s".formatted(pct(s.share()), secs(s.within()), where);
            case Slo.CorruptFilesAccepted s -> String.format(Locale.ROOT, "corruptFilesAccepted %d%s", s.max(), where);
            case Slo.MaxFailoversPerDownload s -> String.format(Locale.ROOT, "maxFailoversPerDownload %d%s", s.max(),
                    where);
            case Slo.MaxWastedPercent s -> "maxWastedPercent %s%%%s".formatted(trim(s.percent()), where);
            case Slo.ExpectRejection s -> "expectRejection%s".formatted(where);
            case Slo.FirstRequestsTo s -> "firstRequestsTo %s at most %s%s".formatted(s.provider(), pct(s.maxShare()),
                    where);
            default -> {
                String kind = slo.getClass().getSimpleName();
                yield Character.toLowerCase(kind.charAt(0)) + kind.substring(1) + where;
            }
        };
    }

    private static boolean rejectedAsExpected(DownloadRecord d, Slo.ExpectRejection s) {
        if (s.thenDownload()) {
            return d.rejection() != null && d.rejection().anyFor(s.reason()) && d.succeeded()
                    && !d.acceptedCorrupt();
        }
        boolean exitOk = s.exitCode() == null ? d.exitCode() != 0 : d.exitCode() == s.exitCode();
        boolean reasonOk = s.reason() == null || (d.rejection() != null && d.rejection().anyFor(s.reason()));
        return exitOk && reasonOk && !d.succeeded() && !d.acceptedCorrupt();
    }

    private SloVerdict recover(Slo.TimeToRecover s) {
        List<FaultWindow> of = windows.stream().filter(w -> w.id().equals(s.faultId())).toList();
        String name = "timeToRecover %s after %s %s%s".formatted(secs(s.within()), s.faultId(),
                s.edge().name().toLowerCase(Locale.ROOT), s.clients() == null ? "" : " (clients " + s.clients() + ")");
        List<DownloadRecord> downloads = of(s.clients());
        if (of.isEmpty()) {
            return new SloVerdict(name, "within " + secs(s.within()), "the fault never happened", false, 0,
                    "fault " + s.faultId() + " was not applied in this run");
        }
        String edge = s.faultId() + " " + (s.edge() == Slo.Edge.START ? "start" : "clear");
        if (s.edge() == Slo.Edge.CLEAR && of.stream().allMatch(w -> w.end() == null)) {
            return new SloVerdict(name, "within " + secs(s.within()), "not judged: " + s.faultId()
                    + " was never cleared", false, 0, "the run ended with " + s.faultId() + " still on");
        }
        List<RecoveryRule.Wait> waits = RecoveryRule.waits(of, s.edge(), downloads);
        int judged = waits.size();
        boolean never = waits.stream().anyMatch(w -> !w.recovered());
        Duration worst = waits.stream().flatMap(w -> w.took().stream()).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        // Never-recovered downloads first: they are the worst offenders.
        List<String> slow = new ArrayList<>();
        waits.stream().filter(w -> !w.recovered()).forEach(w -> slow.add(w.download().id()
                + " never progressed again"));
        // The slowest first: in download order, the three named were the first late ones, not the worst.
        waits.stream().filter(w -> w.took().filter(t -> t.compareTo(s.within()) > 0).isPresent())
                .sorted(Comparator.comparing((RecoveryRule.Wait w) -> w.took().orElseThrow()).reversed())
                .forEach(w -> slow.add(w.download().id() + " took " + secs(w.took().orElseThrow())
                        + (w.download().reports(io.outagedrill.harness.sut.Capability.CHUNKS) ? ""
                        : " (to its end: its client reports no chunks)")));
        if (judged == 0) {
            // Nothing to measure is not a pass. Downloads that had already failed by then are the client's doing
            // (one that gives up at once); else the scenario leaves the edge without a download and is broken.
            Instant at = of.stream().map(w -> s.edge() == Slo.Edge.START ? w.start() : w.end())
                    .filter(java.util.Objects::nonNull).min(Comparator.naturalOrder()).orElseThrow();
            long failedBefore = downloads.stream().filter(d -> !d.succeeded() && d.ended() != null
                    && !d.ended().isAfter(at)).count();
            return new SloVerdict(name, "within " + secs(s.within()),
                    NO_DOWNLOAD + " was in flight at " + edge, false, 0, failedBefore > 0
                    ? "%d download(s) had already failed by then: see why each failed".formatted(failedBefore)
                    : "the scenario is broken for this SLO: stagger the clients so downloads run at " + edge);
        }
        String measured = never ? RecoveryRule.SOME_NEVER : "worst " + secs(worst);
        return new SloVerdict(name, "within " + secs(s.within()), measured,
                !never && worst.compareTo(s.within()) <= 0, judged,
                slow.stream().limit(3).collect(Collectors.joining("; ")));
    }

    private SloVerdict resigned(Slo.ResignedWithin s) {
        String name = "resignedWithin %s after %s start".formatted(secs(s.within()), s.faultId());
        Instant start = windows.stream().filter(w -> w.id().equals(s.faultId())).map(FaultWindow::start)
                .min(Comparator.naturalOrder()).orElse(null);
        if (start == null) {
            return new SloVerdict(name, "within " + secs(s.within()), "the fault never happened", false, 0,
                    "fault " + s.faultId() + " was not applied in this run");
        }
        return routing.published().stream().filter(p -> !p.isBefore(start)).findFirst()
                .map(p -> {
                    Duration took = Duration.between(start, p);
                    return new SloVerdict(name, "within " + secs(s.within()), secs(took),
                            took.compareTo(s.within()) <= 0, 1, "");
                })
                .orElseGet(() -> new SloVerdict(name, "within " + secs(s.within()),
                        "no re-signed manifest after it", false, 0,
                        String.format(Locale.ROOT, "the routing controller published %d manifest(s), none after %s "
                                + "started", routing.published().size(), s.faultId())));
    }

    /**
     * Judged on the window's downloads that started after the first re-signed manifest in that window (or in the
     * run): the ones that could have fetched it. For a window during a fault, only those whose first request went
     * out while the fault was still on: a client started late in the window (a process still starting when the
     * fault cleared) that fetched the manifest of the recovery and went to the recovered CDN first did right.
     */
    private SloVerdict firstRequests(Slo.FirstRequestsTo s, List<DownloadRecord> judged, String where) {
        String name = name(s, where);
        String expected = "at most " + pct(s.maxShare());
        Instant from = s.window().faultId() == null ? Instant.MIN : windows.stream()
                .filter(w -> w.id().equals(s.window().faultId())).map(FaultWindow::start)
                .min(Comparator.naturalOrder()).orElse(Instant.MIN);
        Instant firstPublished = routing.published().stream().filter(p -> !p.isBefore(from)).findFirst().orElse(null);
        if (firstPublished == null) {
            return new SloVerdict(name, expected, "not judged: no re-signed manifest", false, 0,
                    "the routing controller never re-signed the manifest in this window");
        }
        String host = routing.hostnames().getOrDefault(s.provider(), s.provider());
        Instant faultEnd = s.window().phase() != Slo.Phase.DURING ? Instant.MAX : windows.stream()
                .filter(w -> w.id().equals(s.window().faultId())).map(w -> w.end() == null ? Instant.MAX : w.end())
                .max(Comparator.naturalOrder()).orElse(Instant.MAX);
        List<DownloadRecord> after = judged.stream().filter(d -> !d.started().isBefore(firstPublished)).toList();
        java.util.function.Predicate<DownloadRecord> askedAfterTheFault = d -> d.firstRequestAt() != null
                && !d.firstRequestAt().isBefore(faultEnd);
        List<DownloadRecord> askedLate = after.stream().filter(askedAfterTheFault).toList();
        List<DownloadRecord> reported = after.stream()
                .filter(d -> d.firstRequestTo() != null && !askedAfterTheFault.test(d)).toList();
        if (reported.isEmpty()) {
            return notJudged(name, expected, after, askedLate);
        }
        List<DownloadRecord> toProvider = reported.stream().filter(d -> host.equals(d.firstRequestTo())).toList();
        double share = (double) toProvider.size() / reported.size();
        return verdict(name, expected,
                String.format(Locale.ROOT, "%s (%d of %d%s)", measuredPct(share, s.maxShare()), toProvider.size(),
                        reported.size(), askedLate.isEmpty() ? "" : String.format(Locale.ROOT,
                                "; %d more sent their first request after the fault ended, not judged",
                                askedLate.size())),
                share <= s.maxShare() + 1e-9, reported,
                worst(toProvider, d -> true, d -> d.id() + " started at " + host));
    }

    /**
     * A firstRequestsTo SLO with no download to judge, saying why and what to change in the scenario: each reason
     * has its own remedy (clients that started too late in the fault need starting earlier, not later).
     */
    private static SloVerdict notJudged(String name, String expected, List<DownloadRecord> after,
                                        List<DownloadRecord> askedLate) {
        if (after.isEmpty()) {
            return new SloVerdict(name, expected, NO_DOWNLOAD + " started after the re-signed manifest",
                    false, 0, "stagger the clients so some start after the controller acts");
        }
        if (askedLate.size() == after.size()) {
            return new SloVerdict(name, expected, "not judged: every download started after the re-signed manifest "
                    + "sent its first request after the fault had ended", false, 0, "start the clients sooner after "
                    + "the controller acts, or make the fault last longer, so that some ask a mirror while it is on");
        }
        return new SloVerdict(name, expected, "not reported by this client", false, 0,
                "no first request's mirror reported (a client's capabilities are listed in the report)");
    }

    /** The downloads an SLO's window covers. */
    private List<DownloadRecord> in(Slo.Window window) {
        List<DownloadRecord> downloads = of(window.clients());
        if (window.phase() == Slo.Phase.WHOLE_RUN) {
            return downloads;
        }
        List<FaultWindow> of = windows.stream().filter(w -> w.id().equals(window.faultId())).toList();
        if (of.isEmpty()) {
            return List.of();
        }
        Instant firstStart = of.stream().map(FaultWindow::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant lastEnd = of.stream().map(w -> w.end() == null ? Instant.MAX : w.end())
                .max(Comparator.naturalOrder()).orElseThrow();
        return downloads.stream().filter(d -> switch (window.phase()) {
            case BEFORE -> d.ended().isBefore(firstStart);
            case DURING -> of.stream().anyMatch(w -> w.overlaps(d.started(), d.ended()));
            case AFTER -> d.started().isAfter(lastEnd);
            case WHOLE_RUN -> true;
        }).toList();
    }

    /** The downloads of client group {@code group}, or every download when it is null. */
    private List<DownloadRecord> of(String group) {
        return group == null ? downloads : downloads.stream().filter(d -> group.equals(d.group())).toList();
    }

    private static String where(Slo.Window window) {
        List<String> parts = new ArrayList<>();
        if (window.phase() != Slo.Phase.WHOLE_RUN) {
            parts.add(window.phase().name().toLowerCase(Locale.ROOT) + " " + window.faultId());
        }
        if (window.clients() != null) {
            parts.add("clients " + window.clients());
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** How a download that did not succeed ended, in words: "failed (exit -1)" said nothing of a timeout. */
    static String failure(DownloadRecord d) {
        if (d.timedOut()) {
            return "was stopped at its timeout";
        }
        if (d.acceptedCorrupt()) {
            return "exited 0 with a wrong file";
        }
        // Exit 0 with a file there is a wrong file (above): so nothing was left where the harness looks, which a
        // downloader writing under a name of its own must be told plainly.
        return d.exitCode() == 0 ? "exited 0 but left no file at its destination ({output})"
                : "failed (exit " + d.exitCode() + bySignal(d.exitCode()) + lastWords(d) + ")";
    }

    /** Signals a downloader is often ended by, for the exit code 128 + N a process killed by one reports. */
    private static final Map<Integer, String> SIGNALS = Map.of(1, "HUP", 2, "INT", 6, "ABRT", 9, "KILL", 11, "SEGV",
            13, "PIPE", 15, "TERM");

    /**
     * ", as a process killed by SIGKILL ends" for 137 (the kernel's out-of-memory killer, a CI job's limit): the
     * same code a program may return itself, hence "as".
     */
    private static String bySignal(int exitCode) {
        String signal = SIGNALS.get(exitCode - 128);
        return signal == null ? "" : ", as a process killed by SIG" + signal + " ends";
    }

    /**
     * The downloader's last line of output, which says why it failed more often than its exit code does ("curl:
     * not found" from a wrapper script, in a CI log that shows only this verdict): ", said: ..." or nothing. Not a
     * JSON event line: the events' own figures are in the record.
     */
    private static String lastWords(DownloadRecord d) {
        if (d.output() == null) {
            return "";
        }
        return d.output().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("{"))
                .reduce((a, b) -> b).map(l -> ", said: " + (l.length() > 120 ? l.substring(0, 119) + "…" : l))
                .orElse("");
    }

    /**
     * An SLO on something none of the judged downloads reports fails as not judged, as one with no download does:
     * a silent client must not pass a limit it was never measured against.
     */
    private static SloVerdict notReported(String slo, String expected, List<DownloadRecord> judged, String what) {
        String clients = judged.stream().map(DownloadRecord::client).distinct().collect(Collectors.joining(", "));
        return new SloVerdict(slo, expected, "not judged: not reported by " + clients, false, 0,
                "no %s reported (a client's capabilities are listed in the report)".formatted(what));
    }

    private static SloVerdict verdict(String slo, String expected, String measured, boolean passed,
                                      List<DownloadRecord> judged, String detail) {
        return new SloVerdict(slo, expected, measured, passed, judged.size(), detail);
    }

    private static String worst(List<DownloadRecord> judged, java.util.function.Predicate<DownloadRecord> bad,
                                java.util.function.Function<DownloadRecord, String> words) {
        return worst(judged, bad, Comparator.comparing(d -> 0), words);
    }

    /** The first three of {@code judged} that are {@code bad}, the worst first by {@code worstFirst}. */
    private static String worst(List<DownloadRecord> judged, java.util.function.Predicate<DownloadRecord> bad,
                                Comparator<DownloadRecord> worstFirst,
                                java.util.function.Function<DownloadRecord, String> words) {
        return judged.stream().filter(bad).sorted(worstFirst).limit(3).map(words).collect(Collectors.joining("; "));
    }

    /** A share as the scenario wrote it, exactly: 99.99% stays 99.99%, never "100.0%" (see {@link #trim}). */
    static String pct(double share) {
        return trim(share * 100) + "%";
    }

    /**
     * A measured share with one decimal, or as many more as it takes not to read as all or none: 9,999 of 10,000
     * is 99.99%, not "100.0%" beside a target of 99.99%.
     */
    static String measuredPct(double share) {
        return measuredPct(share, Double.NaN);
    }

    /**
     * {@link #measuredPct(double)}, with as many more decimals as it takes not to read as the {@code target} it is
     * judged against either: a failing 89.96% against "at least 90%" reads 89.96%, not "90.0%".
     */
    static String measuredPct(double share, double target) {
        double p = share * 100;
        if (p == Math.rint(p)) {
            return Long.toString((long) p) + "%";
        }
        return apartFrom(p, 0, 100, target * 100);
    }

    /**
     * A measured percentage with one decimal, or more where one would read as the {@code limit} it is judged
     * against without being it: 10.04% beside "at most 10%" reads 10.04%, not "10.0%".
     */
    static String besideLimit(double percent, double limit) {
        return apartFrom(percent, limit);
    }

    /**
     * {@code percent} with one decimal, or as many more (up to six) as it takes not to read as one of {@code notAs}
     * that it is not (within the verdicts' tolerance); NaN among them is no value.
     */
    private static String apartFrom(double percent, double... notAs) {
        for (int decimals = 1; decimals < 6; decimals++) {
            BigDecimal shown = BigDecimal.valueOf(percent).setScale(decimals, RoundingMode.HALF_UP);
            boolean misleads = Arrays.stream(notAs).anyMatch(value -> !Double.isNaN(value)
                    && Math.abs(percent - value) > 1e-9 && shown.compareTo(new BigDecimal(trim(value))) == 0);
            if (!misleads) {
                return shown.toPlainString() + "%";
            }
        }
        return BigDecimal.valueOf(percent).setScale(6, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /**
     * A limit as the scenario wrote it, exactly (12.5, 0.25, 99.99; whole numbers without a point). Verdict names
     * carry it and reports read the completion SLO's share back from them: rounded to one decimal, a 99.99% target
     * read as 100% and a report said its error budget allowed no failure. Six decimals drop only the noise of
     * percent arithmetic (99.99 / 100 * 100 is 99.98999999999999). BigDecimal's digits are the same in every locale.
     */
    // Locale.ROOT throughout: verdict names are read back (reports parse the completion SLO's share and time) and
    // compared against a baseline's, so "5,00 s" on a German machine would break both.
    static String trim(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }

    /** Under 10 s with two decimals; from 10 s whole seconds, or exact when it has a fraction (12.5 s, not 12 s). */
    static String secs(Duration d) {
        long millis = d.toMillis();
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }
}
