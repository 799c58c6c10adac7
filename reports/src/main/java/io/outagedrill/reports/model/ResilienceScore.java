package io.outagedrill.reports.model;

import io.outagedrill.harness.run.SloVerdict;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The resilience score, in the spirit of LitmusChaos's: a weighted share of SLOs met, 0 to 100. Safety SLOs weigh
 * most because a wrong file is worse than a slow one. A scenario's score weighs every verdict of every run of it;
 * the overall score is the plain mean of the scenario scores, so a scenario with many clients does not drown the
 * others.
 */
public final class ResilienceScore {
    /** SLO kind (the first word of its name) → weight. Anything unknown weighs 1. */
    public static final Map<String, Integer> WEIGHTS = Map.of(
            "corruptFilesAccepted", 3, "expectRejection", 3,
            "completeWithin", 2, "timeToRecover", 2,
            "maxFailoversPerDownload", 1, "maxWastedPercent", 1);

    public static final String DEFINITION = "Resilience score = 100 × Σ(weight × met) ÷ Σ weight over the SLO "
            + "verdicts, where met is 1 for a passed SLO and 0 for a failed one. Weights: 3 for safety "
            + "(corruptFilesAccepted, expectRejection), 2 for availability (completeWithin, timeToRecover), 1 for "
            + "efficiency (maxFailoversPerDownload, maxWastedPercent). A scenario's score covers every verdict of "
            + "every client and policy that ran it; the overall score is the mean of the scenario scores. "
            + "Like LitmusChaos's resilience score (weighted probe success), 100 means every SLO held.";

    private ResilienceScore() {
    }

    public static int weight(String slo) {
        String kind = slo.strip().split("[\\s(]", 2)[0];
        return WEIGHTS.getOrDefault(kind, 1);
    }

    /** Null when there is nothing to judge. */
    public static Double of(Collection<SloVerdict> verdicts) {
        int total = 0;
        int met = 0;
        for (SloVerdict v : verdicts) {
            int w = weight(v.slo());
            total += w;
            met += v.passed() ? w : 0;
        }
        return total == 0 ? null : 100.0 * met / total;
    }

    /** The mean of the scores that exist; null when none does. */
    public static Double mean(List<Double> scores) {
        return scores.stream().filter(s -> s != null).mapToDouble(Double::doubleValue).average().stream().boxed()
                .findFirst().orElse(null);
    }
}
