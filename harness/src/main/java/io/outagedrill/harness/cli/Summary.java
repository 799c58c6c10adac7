package io.outagedrill.harness.cli;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.NearestRank;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * The table {@code drill run} ends with, and what {@code drill run} and {@code drill compare} print for a run.
 * Numbers in ASCII digits, in any locale ({@link Locale#ROOT}): the SLO verdicts beside them are, and scripts read
 * them.
 */
final class Summary {
    private Summary() {
    }

    /** The table of {@code results}, then a row for each run that could not be played: verdict ERROR, and why. */
    static void table(PrintStream out, List<RunResult> results, List<Unplayed> unplayed) {
        // "N of M", as drill compare says it; as wide as the widest, so that "10 of 12" lines up under "3 of 3".
        int slosWidth = Math.max(8, results.stream().mapToInt(r -> slos(r).length()).max().orElse(0));
        // As wide as the widest too, so that "reference-cli/adaptive" is not cut to "reference-cli/adapti…" beside
        // "reference-cli/parallel"; a long cmd: label is still cut, at 40.
        int clientWidth = Math.clamp(java.util.stream.Stream.concat(results.stream().map(Summary::clientPolicy),
                unplayed.stream().map(Unplayed::clientPolicy)).mapToInt(String::length).max().orElse(0), 20, 40);
        String format = "%-34s %-" + clientWidth + "s %-7s %9s %9s %10s %10s %10s %" + slosWidth + "s%n";
        out.printf(format, "scenario", "client/policy", "verdict", "p50", "p99", "failovers", "recovery", "wasted",
                "SLOs");
        for (RunResult r : results) {
            List<Duration> times = r.downloads().stream().filter(DownloadRecord::succeeded)
                    .map(DownloadRecord::elapsed).sorted().toList();
            // Of the downloads that report the figure, as the SLOs judge it: "-" for a client that reports none
            // (aria2c, a cmd: program that prints no event lines), never a 0 it did not measure.
            String maxFailovers = r.downloads().stream().filter(DownloadRecord::reportsFailovers)
                    .mapToInt(DownloadRecord::failovers).max()
                    .stream().mapToObj(n -> "max " + n).findFirst().orElse("-");
            String wasted = r.downloads().stream().filter(DownloadRecord::reportsWaste)
                    .mapToDouble(DownloadRecord::wastedPercent).max().stream()
                    .mapToObj(w -> String.format(Locale.ROOT, "%.1f%%", w))
                    .findFirst().orElse("-");
            out.printf(format, clip(r.scenario(), 34), clip(clientPolicy(r), clientWidth),
                    r.passed() ? "PASS" : "FAIL", seconds(NearestRank.of(times, 50)),
                    seconds(NearestRank.of(times, 99)), maxFailovers, recovery(r), wasted, slos(r));
        }
        for (Unplayed u : unplayed) {
            out.printf("%-34s %-" + clientWidth + "s %-7s %s%n", clip(u.scenario(), 34),
                    clip(u.clientPolicy(), clientWidth), "ERROR", u.why());
        }
    }

    private static String clientPolicy(RunResult r) {
        return r.client() + "/" + r.policy();
    }

    /** The run's SLOs met out of its SLOs: "2 of 3". */
    private static String slos(RunResult r) {
        return String.format(Locale.ROOT, "%d of %d", r.verdicts().stream().filter(SloVerdict::passed).count(),
                r.verdicts().size());
    }

    /** A run that could not be played (its world did not start, its record could not be written), and why. */
    record Unplayed(String scenario, String clientPolicy, String why) {
        static Unplayed of(String scenario, String clientPolicy, Exception e) {
            String message = e.getMessage();
            // A file system exception's message is often the bare path: its type says what went wrong with it.
            String why = message == null || message.isBlank() ? e.toString()
                    : e instanceof FileSystemException ? message + " (" + e.getClass().getSimpleName() + ")" : message;
            return new Unplayed(scenario, clientPolicy, why);
        }
    }

    /**
     * Plays one run for {@code drill run} or {@code compare}: its result, or, when it fails in a way that does not
     * stop the drill ({@link InterruptOnSignal#stops}), empty, with a line saying it could not play {@code what}
     * and its row kept in {@code unplayed}, so that the other runs still play and the drill still lists the
     * records written.
     */
    static Optional<RunResult> play(Callable<RunResult> run, String scenario, String clientPolicy, String what,
                                    BooleanSupplier signalled, PrintStream out, List<Unplayed> unplayed)
            throws Exception {
        try {
            return Optional.of(run.call());
        } catch (Exception e) {
            if (InterruptOnSignal.stops(e, signalled)) {
                throw e;
            }
            Unplayed failed = Unplayed.of(scenario, clientPolicy, e);
            out.printf("  FAILED: could not play %s: %s%n", what, failed.why());
            unplayed.add(failed);
            return Optional.empty();
        }
    }

    /** The worst time to recover among the run's timeToRecover verdicts, as measured; "-" without any. */
    private static String recovery(RunResult r) {
        return r.verdicts().stream().filter(v -> v.slo().startsWith("timeToRecover"))
                .map(v -> v.measured().replace("worst ", "")).reduce((a, b) -> a + ", " + b).map(t -> clip(t, 10))
                .orElse("-");
    }

    static void failures(PrintStream out, RunResult r) {
        for (SloVerdict v : r.verdicts()) {
            out.printf("  %s %s: expected %s, measured %s%s%n", v.passed() ? "ok  " : "FAIL", v.slo(), v.expected(),
                    v.measured(), v.detail().isBlank() ? "" : " (" + v.detail() + ")");
        }
        r.notes().forEach(n -> out.println("  note: " + n));
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
