package io.outagedrill.reports.svg;

import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.reports.model.Format;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Shades the stretches a fault was active behind a time chart, the way Jepsen shades nemesis intervals: the reader
 * sees at once whether a dip lines up with a fault. Each fault id keeps one colour; its name sits at the top.
 */
final class FaultShading {
    /** The width a character of a fault's name takes at its 10 px font, a little over (sans-serif averages ~5.5). */
    private static final double LABEL_CHAR_PX = 6.2;
    /** Lines of names under the chart's top edge, for faults that start together. */
    private static final int LABEL_LINES = 3;

    private FaultShading() {
    }

    static void draw(Svg svg, List<FaultWindow> faults, Instant origin, Instant runEnd, Axis x, double top,
                     double bottom) {
        List<String> ids = new ArrayList<>();
        List<double[]> labels = new ArrayList<>(); // the x range and line of each name drawn so far
        java.util.Map<String, Double> lastLabelEnd = new java.util.HashMap<>();
        svg.open("class=\"faults\"");
        for (FaultWindow w : faults) {
            if (!ids.contains(w.id())) {
                ids.add(w.id());
            }
            String colour = Palette.fault(ids.indexOf(w.id()));
            double from = seconds(origin, w.start());
            // A cache flush is a moment, not a stretch: shaded to the run's end it read as caches cold all run.
            boolean moment = w.kind().equals("cache.flush");
            double to = moment ? from : seconds(origin, w.end() == null ? runEnd : w.end());
            double x0 = Math.max(x.fromPx(), x.px(from));
            double x1 = Math.min(x.toPx(), moment ? x0 + 2 : x.px(to));
            String when = moment ? "at " + Frame.seconds(round(from)) : Frame.seconds(round(from)) + " to "
                    + (w.end() == null ? "end of run" : Frame.seconds(round(to)));
            String tip = Format.f("%s (%s on %s): %s%s", w.id(), w.kind(), w.target(), when,
                    w.note() == null ? "" : " — " + w.note());
            svg.open(Svg.attr("data-fault", w.id()));
            svg.rect(x0, top, x1 - x0, bottom - top, "fill=\"" + colour + "\" fill-opacity=\"0.13\" stroke=\""
                    + colour + "\" stroke-opacity=\"0.5\" stroke-dasharray=\"3 3\"", tip);
            // A name over the name before it is a smear: a flapping fault repeats every few pixels, and each
            // repeat's name piled on the last. A fault is named again only clear of its last name; faults that
            // start together take the next line down, three at most. The shading's tooltip names every window.
            double labelStart = x0 + 3;
            double labelEnd = labelStart + LABEL_CHAR_PX * w.id().length();
            Double ownLast = lastLabelEnd.get(w.id());
            if (ownLast == null || labelStart >= ownLast) {
                for (int line = 0; line < LABEL_LINES; line++) {
                    int row = line;
                    if (labels.stream().noneMatch(l -> l[2] == row && labelStart < l[1] && labelEnd > l[0])) {
                        labels.add(new double[] {labelStart, labelEnd, row});
                        lastLabelEnd.put(w.id(), labelEnd);
                        svg.text(labelStart, top + 11 + 11 * row, w.id(), "font-size=\"10\" fill=\"" + colour
                                + "\"");
                        break;
                    }
                }
            }
            svg.close();
        }
        svg.close();
    }

    static double seconds(Instant origin, Instant at) {
        return Duration.between(origin, at).toNanos() / 1e9;
    }

    private static double round(double s) {
        return Math.round(s * 10) / 10.0;
    }
}
