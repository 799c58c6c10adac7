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

    private FaultShading() {
    }

    static void draw(Svg svg, List<FaultWindow> faults, Instant origin, Instant runEnd, Axis x, double top,
                     double bottom) {
        List<String> ids = new ArrayList<>();
        List<double[]> labels = new ArrayList<>(); // the x ranges of the names drawn so far
        svg.open("class=\"faults\"");
        for (FaultWindow w : faults) {
            if (!ids.contains(w.id())) {
                ids.add(w.id());
            }
            String colour = Palette.fault(ids.indexOf(w.id()));
            double from = seconds(origin, w.start());
            double to = seconds(origin, w.end() == null ? runEnd : w.end());
            double x0 = Math.max(x.fromPx(), x.px(from));
            double x1 = Math.min(x.toPx(), x.px(to));
            String tip = Format.f("%s (%s on %s): %s to %s%s", w.id(), w.kind(), w.target(), Frame.seconds(round(from)),
                    w.end() == null ? "end of run" : Frame.seconds(round(to)),
                    w.note() == null ? "" : " — " + w.note());
            svg.open(Svg.attr("data-fault", w.id()));
            svg.rect(x0, top, x1 - x0, bottom - top, "fill=\"" + colour + "\" fill-opacity=\"0.13\" stroke=\""
                    + colour + "\" stroke-opacity=\"0.5\" stroke-dasharray=\"3 3\"", tip);
            // A name over the name before it is a smear: a flapping fault repeats every few pixels, and each
            // repeat's name piled on the last. The shading's tooltip still names every window.
            double labelEnd = x0 + 3 + LABEL_CHAR_PX * w.id().length();
            if (labels.stream().noneMatch(l -> x0 + 3 < l[1] && labelEnd > l[0])) {
                labels.add(new double[] {x0 + 3, labelEnd});
                svg.text(x0 + 3, top + 11, w.id(), "font-size=\"10\" fill=\"" + colour + "\"");
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
