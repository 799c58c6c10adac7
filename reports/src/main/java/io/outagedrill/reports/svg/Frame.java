package io.outagedrill.reports.svg;

import io.outagedrill.reports.model.Format;

/** The plot area of a chart: margins, gridlines and axis labels, shared so every chart reads the same way. */
record Frame(int width, int height, int left, int right, int top, int bottom) {

    static Frame standard(int width, int height) {
        return new Frame(width, height, 64, 16, 28, 40);
    }

    double x0() {
        return left;
    }

    double x1() {
        return width - right;
    }

    double y0() {
        return height - bottom;
    }

    double y1() {
        return top;
    }

    Axis xAxis(double min, double max) {
        return Axis.nice(min, max, x0(), x1());
    }

    Axis yAxis(double min, double max) {
        return Axis.nice(min, max, y0(), y1());
    }

    /** Gridlines and labels; {@code xUnit} and {@code yUnit} follow each tick's number (e.g. " s", "%"). */
    void draw(Svg svg, Axis x, Axis y, String xUnit, String yUnit, String xTitle, String yTitle) {
        svg.open("class=\"axes\"");
        for (Axis.Tick t : y.ticks(5, yUnit)) {
            svg.line(x0(), y.px(t.value()), x1(), y.px(t.value()), "stroke=\"#ddd\" stroke-width=\"1\"");
            svg.text(x0() - 6, y.px(t.value()) + 4, t.label(), "text-anchor=\"end\" font-size=\"11\" fill=\"#444\"");
        }
        xTicks(svg, x, xUnit);
        svg.line(x0(), y0(), x1(), y0(), "stroke=\"#888\"");
        svg.line(x0(), y0(), x0(), y1(), "stroke=\"#888\"");
        svg.text((x0() + x1()) / 2, height - 6, xTitle, "text-anchor=\"middle\" font-size=\"12\" fill=\"#222\"");
        svg.text(12, top - 10, yTitle, "font-size=\"12\" fill=\"#222\"");
        svg.close();
    }

    /** Tick marks and labels under the plot area. */
    void xTicks(Svg svg, Axis x, String unit) {
        for (Axis.Tick t : x.ticks(8, unit)) {
            svg.line(x.px(t.value()), y0(), x.px(t.value()), y0() + 4, "stroke=\"#888\"");
            svg.text(x.px(t.value()), y0() + 16, t.label(), "text-anchor=\"middle\" font-size=\"11\" fill=\"#444\"");
        }
    }

    /** A sentence in the middle of the plot area, where a chart has nothing to draw and says why. */
    void noData(Svg svg, String words) {
        svg.text((x0() + x1()) / 2, (y0() + y1()) / 2, words,
                "text-anchor=\"middle\" font-size=\"14\" fill=\"#555\" class=\"no-data\"");
    }

    static String seconds(double s) {
        return Format.f(s == Math.rint(s) ? "%.0f s" : "%.1f s", s);
    }
}
