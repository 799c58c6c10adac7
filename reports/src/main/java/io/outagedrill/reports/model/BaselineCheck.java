package io.outagedrill.reports.model;

import io.outagedrill.harness.run.SloVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The release gate: compares a report with a previous one, group by group (scenario · client · policy), and flags
 * every metric that got worse by more than {@code threshold} (relative: 0.10 = 10%). A metric that was 0 and is
 * now above 0 is flagged whatever the threshold (no ratio exists). Groups or metrics missing on either side are
 * not compared: a new scenario is not a regression. An SLO that passed in the baseline and fails now is always
 * flagged.
 */
public final class BaselineCheck {
    private BaselineCheck() {
    }

    public static List<Regression> compare(Report baseline, Report current, double threshold) {
        Map<String, GroupReport> before = baseline.scenarios().stream().flatMap(s -> s.groups().stream())
                .collect(Collectors.toMap(GroupReport::key, Function.identity(), (a, b) -> b));
        List<Regression> out = new ArrayList<>();
        for (ScenarioReport scenario : current.scenarios()) {
            for (GroupReport now : scenario.groups()) {
                GroupReport then = before.get(now.key());
                if (then != null) {
                    out.addAll(metrics(then, now, threshold));
                    out.addAll(slos(then, now));
                }
            }
        }
        return out;
    }

    static List<Regression> metrics(GroupReport then, GroupReport now, double threshold) {
        List<Regression> out = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            Double b = then.metrics().get(metric.key);
            Double c = now.metrics().get(metric.key);
            if (b == null || c == null || !metric.better(b, c)) {
                continue;
            }
            double worse = Math.abs(c - b);
            Double change = b == 0 ? null : worse / Math.abs(b);
            if (change == null || change > threshold + 1e-12) {
                String by = change == null ? "from zero" : "by " + Format.percent(change);
                out.add(new Regression(now.key(), metric.key, metric.label, b, c, change,
                        Format.f("%s: %s got worse %s (%s → %s)", now.key(), metric.label, by, metric.format(b),
                                metric.format(c))));
            }
        }
        return out;
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
