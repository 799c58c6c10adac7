package io.outagedrill.reports.svg;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear axis from data to pixels with "nice" ticks (1, 2 or 5 times a power of ten), so gridlines land on
 * numbers a reader can say out loud. Tick labels carry as many decimals as the step needs and never repeat: an
 * axis over a tiny range reads 0, 0.02, 0.04, not 0, 0, 0.
 */
public record Axis(double min, double max, double fromPx, double toPx) {

    /** The most decimals a label gets; a finer step than this is drawn with fewer ticks, never repeated labels. */
    static final int MAX_DECIMALS = 12;

    /** A tick's value and the text drawn beside it. */
    public record Tick(double value, String label) {
    }

    /**
     * An axis from 0 (or {@code min}) to a nice maximum at or above {@code max}. An empty, inverted or non-finite
     * range becomes {@code min} to {@code min + 1}: there is still an axis to draw, with distinct ticks.
     */
    public static Axis nice(double min, double max, double fromPx, double toPx) {
        double low = Double.isFinite(min) ? min : 0;
        if (!Double.isFinite(max) || max <= low) {
            return new Axis(low, low + 1, fromPx, toPx);
        }
        double top = niceCeil(max - low) + low;
        return new Axis(low, top > low ? top : low + 1, fromPx, toPx);
    }

    public double px(double value) {
        double t = (value - min) / (max - min);
        return fromPx + t * (toPx - fromPx);
    }

    /** About {@code about} tick values, from {@code min} up to {@code max}, each one step apart. */
    public List<Double> ticks(int about) {
        return ticks(about, "").stream().map(Tick::value).toList();
    }

    /**
     * About {@code about} ticks with their labels ({@code unit} appended, e.g. {@code " s"}). Values are computed
     * as {@code min + i × step}, not summed, so rounding never drifts; labels are rounded to the step's decimals
     * with trailing zeros dropped, and a tick whose label would repeat the previous one is left out.
     */
    public List<Tick> ticks(int about, String unit) {
        double range = max - min;
        List<Tick> ticks = new ArrayList<>();
        if (!(range > 0) || !Double.isFinite(range)) {
            ticks.add(new Tick(min, label(min, 0, unit)));
            return ticks;
        }
        double step = niceStep(range / Math.max(1, about));
        int decimals = Math.clamp((long) Math.ceil(-Math.log10(step) - 1e-9), 0, MAX_DECIMALS);
        long count = (long) Math.floor(range / step + 1e-6);
        String previous = null;
        for (long i = 0; i <= Math.min(count, 1000); i++) {
            double value = min + i * step;
            String label = label(value, decimals, unit);
            if (!label.equals(previous)) {
                ticks.add(new Tick(value, label));
                previous = label;
            }
        }
        return ticks;
    }

    static String label(double value, int decimals, String unit) {
        if (!Double.isFinite(value)) {
            return value + unit;
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        String text = rounded.signum() == 0 ? "0" : rounded.toPlainString();
        return text + unit;
    }

    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
    }

    static double niceCeil(double value) {
        double step = niceStep(value / 5);
        return Math.ceil(value / step - 1e-9) * step;
    }
}
