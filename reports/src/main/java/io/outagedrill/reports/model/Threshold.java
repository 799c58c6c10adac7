package io.outagedrill.reports.model;

/**
 * The release gate's threshold as users write it, in one reading for the CLI and the Maven goal: "10%", "10" and
 * "0.1" are all ten percent (a bare number of 1 or more is read as percent, one below 1 as a fraction), so
 * {@code -Ddrill.threshold=10} is not a 1000% threshold that turns the gate off, nor "1" one of 100%.
 */
public final class Threshold {
    /** The release gate's threshold when none is given, as the CLI and the Maven goal both write it. */
    public static final String DEFAULT = "10%";

    private Threshold() {
    }

    /** {@code fraction} itself, when it is a threshold (0 or more, a number); else why not. */
    public static double check(double fraction) {
        if (fraction < 0 || Double.isNaN(fraction) || Double.isInfinite(fraction)) {
            throw new IllegalArgumentException("a threshold is 0 or more, got " + fraction);
        }
        return fraction;
    }

    /**
     * Decimal digits, a point, a '%': what {@link Double#parseDouble} takes beyond it ("10f", "0x1p3", "1e1",
     * "Infinity") is no way to write a percentage, and read as one it would be a gate nobody meant.
     */
    private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile(
            "-?(\\d+(\\.\\d*)?|\\.\\d+)\\s*%?");

    /**
     * The threshold as the gate uses it, for its verdict: "10%" as written; a bare number with how it was read
     * ("99% (0.99 read as a fraction)", "1% (1 read as percent)"), since 0.99 and 1 sit either side of the rule.
     */
    public static String shown(String text) {
        String t = text.strip();
        String percent = Format.percent(parse(t));
        if (t.endsWith("%")) {
            return percent;
        }
        return percent + " (" + t + (Double.parseDouble(t) >= 1 ? " read as percent)" : " read as a fraction)");
    }

    /** The threshold as a fraction (0.10 for ten percent). */
    public static double parse(String text) {
        String t = text.strip();
        if (!SHAPE.matcher(t).matches()) {
            throw new IllegalArgumentException("expected a percentage such as 10%, got '" + text + "'");
        }
        double value;
        try {
            value = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a percentage such as 10%, got '" + text + "'");
        }
        if (!t.endsWith("%") && value >= 1) {
            value /= 100;
        }
        try {
            return check(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected 0% or more, got '" + text + "'", e);
        }
    }
}
