package io.outagedrill.reports.model;

/**
 * How much of the completion SLO's error budget the downloads used, in the SRE sense: a download that did not
 * complete, verified, within the SLO time is a bad event; the budget is the share of bad events the target allows
 * (1 − target). {@code used} is failed share ÷ allowed share: 0.5 is half the budget, above 1 the SLO is broken.
 *
 * @param used      null when the target is 100% (no budget) and something failed: the budget is exhausted
 * @param exhausted true when used ≥ 1 or the target allowed no failure and one happened
 */
public record ErrorBudget(double targetShare, long judged, long bad, double failedShare, Double used,
                          boolean exhausted) {

    public static ErrorBudget of(double targetShare, long judged, long bad) {
        double failed = judged == 0 ? 0 : (double) bad / judged;
        double allowed = 1 - targetShare;
        Double used;
        if (allowed <= 1e-12) {
            used = bad == 0 ? 0.0 : null;
        } else {
            used = failed / allowed;
        }
        return new ErrorBudget(targetShare, judged, bad, failed, used, used == null || used >= 1 - 1e-12 && bad > 0);
    }

    /** "40% used", "none allowed, exhausted". */
    public String describe() {
        if (used == null) {
            return Format.f("exhausted (target %s allows no failure; %d of %d failed)", Format.percent(targetShare),
                    bad, judged);
        }
        return Format.f("%s used (%d of %d failed; %s allowed)", Format.percent(used), bad, judged,
                Format.percent(1 - targetShare));
    }
}
