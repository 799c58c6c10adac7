package io.outagedrill.reports.svg;

import java.util.List;

/**
 * Horizontal bars, one per labelled value: time-to-recover bars and one chart per comparison metric. A bar with no
 * value is drawn as a note ("never" or "–") rather than as zero, so missing data never looks like a perfect score.
 */
public final class BarChart {
    /** @param value null for no bar; @param best drawn darker with a star */
    public record Bar(String label, Double value, String display, boolean best, String series) {
    }

    /** The most characters of a label the chart's margin holds (520 px at about 7 px a character). */
    static final int LONGEST_LABEL = 72;

    private BarChart() {
    }

    /** {@code label} as drawn: whole when it fits, else its start and its end about an ellipsis. */
    static String fitted(String label) {
        if (label.length() <= LONGEST_LABEL) {
            return label;
        }
        int head = (LONGEST_LABEL - 1) / 2;
        return label.substring(0, head) + "…" + label.substring(label.length() - (LONGEST_LABEL - 1 - head));
    }

    public static String draw(String chart, String title, String unit, List<Bar> bars) {
        int row = 22;
        int height = 28 + row * Math.max(1, bars.size()) + 30;
        // Room for the longest label (about 7 px a character at 12 px), up to LONGEST_LABEL characters; a longer one
        // (a cmd: template is its downloader's label) is shortened in its middle, whole in the bar's tooltip.
        int longest = bars.stream().mapToInt(b -> b.label().length()).max().orElse(10);
        Frame f = new Frame(900, height, Math.clamp(Math.min(longest, LONGEST_LABEL) * 7L + 16, 120, 520), 150, 20,
                30);
        double max = bars.stream().filter(b -> b.value() != null).mapToDouble(Bar::value).max().orElse(1);
        Axis x = f.xAxis(0, Math.max(max, 1e-9));
        Svg svg = new Svg(chart, f.width(), f.height(), title);
        svg.text(f.x0(), 14, unit, "font-size=\"11\" fill=\"#444\"");
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double top = f.y1() + i * row;
            svg.open(Svg.attr("data-series", b.series()));
            svg.text(f.x0() - 8, top + 15, fitted(b.label()), "text-anchor=\"end\" font-size=\"12\" fill=\"#222\"");
            if (b.value() != null) {
                double w = Math.max(1, x.px(b.value()) - f.x0());
                svg.rect(f.x0(), top + 4, w, row - 8, "fill=\"" + (b.best() ? "#0072B2" : "#9cc3e0") + "\" class=\"bar\"",
                        b.label() + ": " + b.display() + (b.best() ? " (best)" : ""));
                svg.text(f.x0() + w + 6, top + 15, b.display() + (b.best() ? " ★" : ""),
                        "font-size=\"12\" fill=\"#222\"");
            } else {
                svg.text(f.x0() + 6, top + 15, b.display(), "font-size=\"12\" fill=\"#c00\"");
            }
            svg.close();
        }
        svg.line(f.x0(), f.y1(), f.x0(), f.y1() + row * bars.size(), "stroke=\"#888\"");
        return svg.finish();
    }
}
