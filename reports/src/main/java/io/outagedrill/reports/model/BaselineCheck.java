package io.outagedrill.reports.model;

import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The release gate: compares a report with a previous one, group by group (scenario · client · policy), and flags
 * every metric that got worse by more than {@code threshold} (relative: 0.10 = 10%). A metric that was 0 and is
 * now above 0 is flagged whatever the threshold (no ratio exists), and so is one that had a value and has none now.
 * A group new in this run, or a metric the baseline lacks, is not compared: a new scenario is not a regression; a
 * group of the baseline that this run did not play fails (the gate would otherwise pass on what was left).
 * A group played with other downloads or seeds, or in the other world, is not comparable and fails. An SLO that
 * passed in the baseline and fails now is always flagged.
 *
 * <p>A metric computed from the downloads (completion times, failovers, wasted bytes, time to first byte) that got
 * worse beyond the threshold is also checked against noise ({@link NoiseCheck}) when both reports carry at least
 * {@value NoiseCheck#MIN_DOWNLOADS} downloads' own figures: if resampling them shows it worse in fewer than
 * {@value NoiseCheck#CONFIDENCE_PERCENT}% of resamples, it is listed as within noise and does not fail the gate.
 */
public final class BaselineCheck {
    /** The noise rule in words, for every output that states the gate's rule. */
    public static final String NOISE_RULE = Format.f("in at least %d%% of %,d resamples of them",
            NoiseCheck.CONFIDENCE_PERCENT, NoiseCheck.RESAMPLES);

    private BaselineCheck() {
    }

    /** What got worse: the regressions fail the gate; the changes within noise are shown and do not. */
    public record Findings(List<Regression> regressions, List<Regression> withinNoise) {
    }

    public static Findings compare(Report baseline, Report current, double threshold) {
        Map<String, GroupReport> before = baseline.scenarios().stream().flatMap(s -> s.groups().stream())
                .collect(Collectors.toMap(BaselineCheck::keyNamedNow, Function.identity(), (a, b) -> b));
        List<Regression> regressions = new ArrayList<>();
        List<Regression> withinNoise = new ArrayList<>();
        for (ScenarioReport scenario : current.scenarios()) {
            for (GroupReport now : scenario.groups()) {
                GroupReport then = before.get(keyNamedNow(now)); // records from before the labels changed too
                if (then == null) {
                    continue;
                }
                if (!then.worlds().isEmpty() && !now.worlds().isEmpty() && !then.worlds().equals(now.worlds())) {
                    // Real servers and in-process fakes differ in every timing: a comparison would only mislead.
                    regressions.add(new Regression(now.key(), "world", "World", null, null, null, Format.f(
                            "%s: not comparable: the baseline played on %s, this run on %s; keep a baseline from "
                                    + "the same world", now.key(), String.join(" and ", then.worlds()),
                            String.join(" and ", now.worlds()))));
                    continue;
                }
                if (then.downloads() != now.downloads() || !then.seeds().equals(now.seeds())) {
                    // Sums (bytes wasted) and maxima (failovers) grow with the downloads, and another seed plays
                    // other faults: such a comparison would flag the change of setup, not of the client.
                    // Fewer downloads with the same seeds is as likely clients of this run that gave no record (one
                    // that could not start, or did not stop) as a changed setup: the words say both.
                    // More runs than the baseline's: a results folder that holds several drills of the group (the
                    // default drill-results, kept between runs), pooled into one report.
                    String why = now.runs() > then.runs() ? Format.f("this report pools %d runs of it, the baseline "
                            + "%d: several drills in one results folder (gate one with --run ID; drill report --list "
                            + "names them), or another --repeat", now.runs(), then.runs())
                            : "if the clients or seeds were changed on purpose, keep a baseline made with them, else "
                            + "see this run's notes for clients that gave no record";
                    regressions.add(new Regression(now.key(), "setup", "Downloads and seeds", (double) then.downloads(),
                            (double) now.downloads(), null, Format.f("%s: not comparable: the baseline had %d "
                                    + "download(s) with seed(s) %s, this run %d with %s; %s", now.key(),
                            then.downloads(), then.seeds(), now.downloads(), now.seeds(), why)));
                    continue;
                }
                metrics(then, now, threshold, regressions, withinNoise);
                regressions.addAll(slos(then, now));
            }
        }
        List<String> currentKeys = current.scenarios().stream().flatMap(s -> s.groups().stream())
                .map(BaselineCheck::keyNamedNow).toList();
        if (currentKeys.stream().anyMatch(before::containsKey)) {
            // A scenario dropped from the list (or one that could not be played this time): the gate would pass on
            // what was played and say nothing of what was not. Named, and failing, so that a smaller baseline is
            // kept on purpose.
            before.keySet().stream().filter(key -> !currentKeys.contains(key)).forEach(key -> regressions.add(
                    new Regression(key, "played", "Played", 1.0, 0.0, null, Format.f("%s: in the baseline and not "
                            + "played in this run; play it, or keep a baseline without it", key))));
        }
        if (!currentKeys.isEmpty() && currentKeys.stream().noneMatch(before::containsKey)) {
            // A renamed downloader (its cmd: template is its label) or another scenario list: the gate would check
            // nothing and say nothing. Named as a failure, with both sides' groups, so the baseline is remade.
            regressions.add(new Regression("baseline", "baseline", "Baseline", null, null, null, Format.f(
                    "nothing compared: the baseline shares no group (scenario · client · policy) with this run; "
                            + "the baseline has %s, this run %s; keep a baseline of the same scenarios and clients",
                    String.join(", ", before.keySet()), String.join(", ", currentKeys))));
        }
        return new Findings(List.copyOf(regressions), List.copyOf(withinNoise));
    }

    /**
     * A baseline group's key as this version names it. Runs made before the reference client's default policy was
     * named by its name labelled it "default" ({@code drill run}'s label) while {@code drill compare} said
     * "adaptive"; such a baseline still gates a run of the same policy.
     */
    static String keyNamedNow(GroupReport group) {
        return GroupReport.key(group.scenario(), group.client(), policyNamedNow(group.client(), group.policy()));
    }

    /**
     * {@code policy} as this version labels it: "default" for the reference client (alone, or among the groups of
     * a scenario with several, "sequential+default") is the policy it runs, "adaptive"; a label whose clients are
     * of several kinds ("reference+curl") said "default" for all of them, now each one's own ("adaptive+default").
     */
    static String policyNamedNow(String client, String policy) {
        List<String> parts = List.of(policy.split("\\+"));
        if (!parts.contains("default")) {
            return policy;
        }
        List<String> clients = List.of(client.split("\\+"));
        if (clients.stream().allMatch(c -> c.equals("reference") || c.equals("reference-cli"))) {
            return parts.stream().map(p -> p.equals("default") ? SystemsUnderTest.defaultPolicy("reference") : p)
                    .distinct().collect(Collectors.joining("+"));
        }
        return policy.equals("default")
                ? clients.stream().map(SystemsUnderTest::defaultPolicy).distinct().collect(Collectors.joining("+"))
                : policy;
    }

    static void metrics(GroupReport then, GroupReport now, double threshold, List<Regression> regressions,
                        List<Regression> withinNoise) {
        for (Metric metric : Metric.values()) {
            Double b = then.metrics().get(metric.key);
            Double c = now.metrics().get(metric.key);
            if (b != null && c == null && neverReported(metric, now)) {
                // A baseline written when a silent client's failovers still counted as 0 (aria2c): that 0 was no
                // measurement, and its absence now is no regression.
                continue;
            }
            if (b != null && c == null && metric == Metric.JMH_RUN) {
                // Not a figure of the downloads: the report was made without the benchmark's results for it.
                regressions.add(new Regression(now.key(), metric.key, metric.label, b, null, null, Format.f(
                        "%s: %s was %s in the baseline and was not measured now: %s; give them, or make a baseline "
                                + "without them", now.key(), metric.label, metric.format(b), now.jmh() == null
                                ? "no JMH results were given for this group (drill report --jmh)"
                                : "JMH's results for this group have no scenario run time")));
                continue;
            }
            if (b != null && c == null) {
                // Gone is worse: no completion time when no download finished, no worst recovery when one never
                // recovered. Skipped, it would let the worst runs through.
                regressions.add(new Regression(now.key(), metric.key, metric.label, b, null, null, Format.f(
                        "%s: %s was %s in the baseline and has no value now (no download gave one: none finished, "
                                + "or one never recovered)", now.key(), metric.label, metric.format(b))));
                continue;
            }
            if (b == null || c == null || !metric.better(b, c)) {
                continue;
            }
            double worse = Math.abs(c - b);
            Double change = b == 0 ? null : worse / Math.abs(b);
            if (change != null && change <= threshold + 1e-12) {
                continue;
            }
            String by = change == null ? "from zero" : "by " + Format.percent(change);
            String what = Format.f("%s: %s got worse %s (%s → %s)", now.key(), metric.label, by, metric.format(b),
                    metric.format(c));
            if (metric == Metric.JMH_RUN) {
                jmhRun(then, now, b, c, change, what, regressions, withinNoise);
                continue;
            }
            Optional<String> notResampled = notResampled(metric, then, now);
            Optional<Double> worseShare = notResampled.isPresent() ? Optional.empty()
                    : Optional.of(NoiseCheck.worseShare(metric, downloads(then), downloads(now)));
            if (worseShare.isPresent() && !NoiseCheck.beyondNoise(worseShare.get())) {
                withinNoise.add(new Regression(now.key(), metric.key, metric.label, b, c, change, Format.f(
                        "%s, within noise: worse in %s of %,d resamples of the downloads (%d%% needed)", what,
                        Format.percent(worseShare.get()), NoiseCheck.RESAMPLES, NoiseCheck.CONFIDENCE_PERCENT)));
                continue;
            }
            regressions.add(new Regression(now.key(), metric.key, metric.label, b, c, change, what + worseShare
                    .map(share -> Format.f(", worse in %s of %,d resamples of the downloads", Format.percent(share),
                            NoiseCheck.RESAMPLES))
                    .orElseGet(notResampled::orElseThrow)));
        }
    }

    /**
     * JMH's scenario run, flagged by the threshold, against noise by JMH's own 99.9% confidence intervals: when they
     * overlap, the slower mean is within noise; when either side has none (a single measured run), by the threshold
     * alone, said so.
     */
    private static void jmhRun(GroupReport then, GroupReport now, double b, double c, Double change, String what,
                               List<Regression> regressions, List<Regression> withinNoise) {
        Double before = then.jmh() == null ? null : then.jmh().runSecondsError();
        Double after = now.jmh() == null ? null : now.jmh().runSecondsError();
        if (before == null || after == null) {
            regressions.add(new Regression(now.key(), Metric.JMH_RUN.key, Metric.JMH_RUN.label, b, c, change,
                    what + " (not checked against noise: JMH gave no confidence interval for "
                            + (before == null ? "the baseline" : "this run") + "; it needs two measured runs or more)"));
            return;
        }
        String intervals = Format.f("%s ± %s then, %s ± %s now", Format.millis(b), Format.millis(before * 1000),
                Format.millis(c), Format.millis(after * 1000));
        if (c - after * 1000 <= b + before * 1000) {
            withinNoise.add(new Regression(now.key(), Metric.JMH_RUN.key, Metric.JMH_RUN.label, b, c, change,
                    what + ", within noise: JMH's 99.9% confidence intervals overlap (" + intervals + ")"));
        } else {
            regressions.add(new Regression(now.key(), Metric.JMH_RUN.key, Metric.JMH_RUN.label, b, c, change,
                    what + ", beyond JMH's 99.9% confidence intervals (" + intervals + ")"));
        }
    }

    /** True for the failover metrics when none of the group's downloads reports failovers. */
    private static boolean neverReported(Metric metric, GroupReport group) {
        return (metric == Metric.FAILOVERS_MEAN || metric == Metric.FAILOVERS_MAX) && !group.samples().isEmpty()
                && group.samples().stream().allMatch(d -> d.failovers() == null);
    }

    private static Metric.Downloads downloads(GroupReport group) {
        return new Metric.Downloads(group.samples(), group.sloWithinMs());
    }

    /**
     * Why {@code metric} is judged by the threshold alone, as the end of its message; empty when its downloads are
     * resampled.
     */
    private static Optional<String> notResampled(Metric metric, GroupReport then, GroupReport now) {
        if (!metric.perDownload()) {
            // Said as for a group too small to resample: a gate that fails on "56 ms → 191 ms" alone should say why
            // no noise check spoke for it.
            return Optional.of(" (not checked against noise: one figure of the whole run, which no resampling of its "
                    + "downloads gives)");
        }
        if (then.samples().isEmpty() && then.downloads() > 0) {
            return Optional.of(" (not checked against noise: the baseline was written before reports kept each "
                    + "download's figures)");
        }
        return NoiseCheck.whyNot(metric, downloads(then), downloads(now))
                .map(why -> " (not checked against noise: " + why + ")");
    }

    static List<Regression> slos(GroupReport then, GroupReport now) {
        Set<String> passedBefore = then.verdicts().stream().filter(SloVerdict::passed).map(SloVerdict::slo)
                .collect(Collectors.toSet());
        Set<String> failedBefore = then.verdicts().stream().filter(v -> !v.passed()).map(SloVerdict::slo)
                .collect(Collectors.toSet());
        return now.verdicts().stream()
                .filter(v -> !v.passed() && passedBefore.contains(v.slo()) && !failedBefore.contains(v.slo()))
                .map(SloVerdict::slo).distinct()
                .map(slo -> new Regression(now.key(), "slo", slo, 1.0, 0.0, null,
                        now.key() + ": SLO " + slo + " held in the baseline and fails now"))
                .toList();
    }
}
