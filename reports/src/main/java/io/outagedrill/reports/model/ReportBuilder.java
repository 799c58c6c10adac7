package io.outagedrill.reports.model;

import io.outagedrill.harness.run.RecoveryRule;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds a {@link Report} from run results: groups them by scenario, then by client × policy, then compares. */
public final class ReportBuilder {
    public static final String BUDGET = "Error budget: a download that did not complete, verified, within the "
            + "completion SLO's time (completeWithin) is a bad event; the budget is the share the target allows "
            + "(1 − target). Used = failed share ÷ allowed share; over 100% the SLO is broken. A 100% target has no "
            + "budget: any failure exhausts it.";
    public static final String RECOVERY = "Time to recover: for each download in flight when a fault started (or "
            + "cleared), and after a start also each download that began while the fault was on (from its own "
            + "start), the wait until its next verified chunk (or its successful end when the downloader reports "
            + "no chunks). The harness's timeToRecover SLO judges with this same rule over the same downloads. "
            + "'never' counts downloads that made no verified progress again; when any did, the worst recovery is "
            + "'" + RecoveryRule.SOME_NEVER + "', not the worst of the others.";
    public static final String COMPARISON = "Comparisons appear when several clients or policies ran the same "
            + "scenario with the same seed; ★ marks the best value (ties share it), among the groups that missed "
            + "the fewest of the scenario's SLOs on what their downloads did (an SLO not judged, for a figure the "
            + "client does not report, is no miss; all groups for the score); for failovers and bytes wasted, among "
            + "those that completed a download, and for completion times among those that completed the largest "
            + "share.";

    private ReportBuilder() {
    }

    public static Report build(List<RunResult> runs, Instant now) {
        return build(runs, List.of(), now);
    }

    /** @param jmh scenario benchmarks from JMH's JSON, shown beside the groups they match */
    public static Report build(List<RunResult> runs, List<JmhTiming> jmh, Instant now) {
        Map<String, List<RunResult>> byScenario = runs.stream().collect(Collectors.groupingBy(RunResult::scenario,
                TreeMap::new, Collectors.toList()));
        List<ScenarioReport> scenarios = new ArrayList<>();
        byScenario.forEach((name, ofScenario) -> scenarios.add(scenario(name, ofScenario)));
        List<JmhTiming> unmatched = new ArrayList<>(jmh);
        List<ScenarioReport> withJmh = scenarios.stream().map(s -> attach(s, unmatched)).toList();
        List<String> sources = runs.stream().map(RunResult::resultFile).filter(Objects::nonNull).map(Path::toString)
                .sorted().toList();
        Double overall = ResilienceScore.mean(scenarios.stream().map(ScenarioReport::score).toList());
        Map<String, String> definitions = definitions();
        if (!jmh.isEmpty()) {
            definitions.put("jmh", JmhTiming.DEFINITION);
        }
        return new Report(now, sources, definitions, overall, withJmh, null, unmatched);
    }

    /**
     * Gives each group its JMH timing: the one of the same scenario, client and policy; or, for a benchmark run with
     * policy "default" (the scenario's own, as for aria2c and curl), the scenario and client's only group whose
     * policy no benchmark names exactly. Matched timings are removed from {@code unmatched}.
     */
    static ScenarioReport attach(ScenarioReport s, List<JmhTiming> unmatched) {
        // Exact matches first, so that a "default" benchmark goes to the one group no other benchmark names: a
        // reference client's "default" run is labelled by the policy it ran (its runs, reference · adaptive),
        // beside the benchmarks of the policies given by name (reference · sequential).
        Map<GroupReport, JmhTiming> matched = new java.util.IdentityHashMap<>();
        for (GroupReport g : s.groups()) {
            unmatched.stream().filter(t -> t.key().equals(g.key())).findFirst().ifPresent(t -> {
                unmatched.remove(t);
                matched.put(g, t);
            });
        }
        for (GroupReport g : s.groups()) {
            if (matched.containsKey(g)) {
                continue;
            }
            long leftOfClient = s.groups().stream()
                    .filter(o -> o.client().equals(g.client()) && !matched.containsKey(o)).count();
            if (leftOfClient == 1) {
                unmatched.stream().filter(t -> t.scenario().equals(g.scenario()) && t.client().equals(g.client())
                        && t.policy().equals("default")).findFirst().ifPresent(t -> {
                            unmatched.remove(t);
                            matched.put(g, t);
                        });
            }
        }
        List<GroupReport> groups = s.groups().stream().map(g -> matched.containsKey(g) ? g.withJmh(matched.get(g)) : g)
                .toList();
        List<Comparison> comparisons = new ArrayList<>(s.comparisons());
        comparisons.addAll(jmhComparisons(s.name(), groups));
        return new ScenarioReport(s.name(), s.description(), s.score(), groups, comparisons);
    }

    /**
     * JMH's scenario run compared across the groups benchmarked with the same one seed (a bench plays every client
     * and policy on the scenario's seed), as the run records' metrics are compared per seed.
     */
    static List<Comparison> jmhComparisons(String scenario, List<GroupReport> groups) {
        Map<Long, List<GroupReport>> bySeed = groups.stream()
                .filter(g -> g.metrics().containsKey(Metric.JMH_RUN.key) && g.seeds().size() == 1)
                .collect(Collectors.groupingBy(g -> g.seeds().getFirst(), TreeMap::new, Collectors.toList()));
        List<Comparison> out = new ArrayList<>();
        bySeed.forEach((seed, ofSeed) -> {
            if (ofSeed.size() >= 2) {
                out.add(compare(scenario, seed, Metric.JMH_RUN, ofSeed));
            }
        });
        return out;
    }

    static Map<String, String> definitions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("score", ResilienceScore.DEFINITION);
        d.put("percentiles", "Completion-time percentiles (successful downloads only) use the " + Percentiles.METHOD
                + ".");
        d.put("budget", BUDGET);
        d.put("recovery", RECOVERY);
        d.put("mirrors", MirrorTally.DERIVATION);
        d.put("comparison", COMPARISON);
        return d;
    }

    static ScenarioReport scenario(String name, List<RunResult> runs) {
        List<GroupReport> groups = byClientPolicy(runs).values().stream().map(GroupCalculator::of).toList();
        Double score = ResilienceScore.of(groups.stream().flatMap(g -> g.verdicts().stream()).toList());
        String description = runs.stream().map(RunResult::description).filter(Objects::nonNull).findFirst()
                .orElse("");
        return new ScenarioReport(name, description, score, groups, comparisons(name, runs));
    }

    /**
     * Client × policy → runs, each group where its first run started: for a {@code drill compare}, the order its
     * --clients and --policies were given, as its terminal table has them (sorted by name, the report listed
     * adaptive, parallel, sequential under a table that read sequential, parallel, adaptive). Runs that started at
     * the same instant go by client, then policy, whatever order their records were read in.
     */
    static Map<String, List<RunResult>> byClientPolicy(List<RunResult> runs) {
        return runs.stream().sorted(Comparator.comparing(RunResult::started).thenComparing(RunResult::client)
                        .thenComparing(RunResult::policy))
                .collect(Collectors.groupingBy(r -> r.client() + "\u0000" + r.policy(), LinkedHashMap::new,
                        Collectors.toList()));
    }

    /** For each seed that more than one client × policy ran: one comparison per metric that any of them has. */
    static List<Comparison> comparisons(String scenario, List<RunResult> runs) {
        Map<Long, List<RunResult>> bySeed = runs.stream().collect(Collectors.groupingBy(RunResult::seed, TreeMap::new,
                Collectors.toList()));
        List<Comparison> out = new ArrayList<>();
        bySeed.forEach((seed, ofSeed) -> {
            List<GroupReport> contenders = byClientPolicy(ofSeed).values().stream().map(GroupCalculator::of).toList();
            if (contenders.size() < 2) {
                return;
            }
            for (Metric metric : Metric.values()) {
                Comparison c = compare(scenario, seed, metric, contenders);
                if (c != null) {
                    out.add(c);
                }
            }
        });
        return out;
    }

    static Comparison compare(String scenario, long seed, Metric metric, List<GroupReport> contenders) {
        List<Double> values = contenders.stream().map(g -> g.metrics().get(metric.key)).toList();
        if (values.stream().allMatch(Objects::isNull)) {
            return null;
        }
        Double best = java.util.stream.IntStream.range(0, contenders.size())
                .filter(i -> eligible(metric, contenders.get(i), contenders)).mapToObj(values::get)
                .filter(Objects::nonNull)
                .reduce((a, b) -> metric.better(b, a) ? b : a).orElse(null);
        List<Comparison.Row> rows = new ArrayList<>();
        for (int i = 0; i < contenders.size(); i++) {
            GroupReport g = contenders.get(i);
            Double v = values.get(i);
            // A group some of whose downloads never recovered has no worst time: its cell says so in the verdict's
            // words, as its summary row does, not "–", which reads as a figure the client does not report.
            String display = metric == Metric.WORST_RECOVERY ? RecoveryTally.worstInWords(g.recoveries())
                    : metric.format(v);
            // Ties as shown share the star: "1.21 s" beside "1.21 s ★" (1211 and 1213 ms) reads as a mistake.
            boolean isBest = v != null && best != null && eligible(metric, g, contenders)
                    && (Math.abs(v - best) < 1e-9 || metric.format(v).equals(metric.format(best)));
            rows.add(new Comparison.Row(g.client(), g.policy(), v, display, isBest));
        }
        return new Comparison(scenario, seed, metric.key, metric.label, metric.higherIsBetter, rows);
    }

    /**
     * Whether {@code group} may be marked best for {@code metric}: for every metric but the score, only a group that
     * missed the smallest share of its SLOs on evidence ({@link SloVerdict#missedShare}: a client that accepted a
     * forged manifest is not the fastest choice, one that reports no failovers misses nothing by it). Then,
     * for failovers and bytes wasted, only a group that
     * completed a download, since 0 of either from a policy that finished nothing (sequential, waiting on a crawling
     * mirror) is no reason to choose it. Every group for the others: in an attack scenario refusing every download
     * is the right outcome, and the shares and the score say how it went. For the completion times, only the groups
     * that completed the largest share of their downloads: the times are of completed downloads, and a client that
     * gave up on its slow ones would have the best times for it.
     */
    private static boolean eligible(Metric metric, GroupReport group, List<GroupReport> contenders) {
        if (metric == Metric.SCORE) {
            return true;
        }
        // Best only among the groups that missed the fewest SLOs on evidence: in an attack scenario the client that
        // took the forged manifest completed fastest, and was starred for it beside the one that refused.
        double fewestMissed = contenders.stream().mapToDouble(ReportBuilder::missed).min().orElse(0);
        List<GroupReport> eligible = contenders.stream().filter(g -> missed(g) <= fewestMissed + 1e-9).toList();
        if (!eligible.contains(group)) {
            return false;
        }
        boolean rewardsDoingNothing = metric == Metric.FAILOVERS_MEAN || metric == Metric.FAILOVERS_MAX
                || metric == Metric.BYTES_WASTED;
        boolean rewardsGivingUp = metric == Metric.P50 || metric == Metric.P90 || metric == Metric.P99
                || metric == Metric.P999;
        if (rewardsGivingUp) {
            return completedShare(group) >= eligible.stream().mapToDouble(ReportBuilder::completedShare).max()
                    .orElse(0) - 1e-9;
        }
        return !rewardsDoingNothing || group.succeeded() > 0;
    }

    private static double missed(GroupReport group) {
        return SloVerdict.missedShare(group.verdicts());
    }

    private static double completedShare(GroupReport group) {
        return (double) group.succeeded() / Math.max(1, group.downloads());
    }
}
