package io.outagedrill.reports.svg;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear axis from data to pixels with "nice" ticks (1, 2 or 5 times a power of ten), so gridlines land on
 * numbers a reader can say out loud.
 */
public record Axis(double min, double max, double fromPx, double toPx) {

    /** An axis from 0 (or {@code min}) to a nice maximum at or above {@code max}. */
    public static Axis nice(double min, double max, double fromPx, double toPx) {
        double top = max <= min ? min + 1 : niceCeil(max - min) + min;
        return new Axis(min, top, fromPx, toPx);
    }

    public double px(double value) {
        double t = (value - min) / (max - min);
        return fromPx + t * (toPx - fromPx);
    }

    public List<Double> ticks(int about) {
        double step = niceStep((max - min) / Math.max(1, about));
        List<Double> ticks = new ArrayList<>();
        for (double v = min; v <= max + step * 1e-6; v += step) {
            ticks.add(v);
        }
        return ticks;
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
