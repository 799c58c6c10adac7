package io.outagedrill.reports.svg;

import io.outagedrill.reports.model.Format;
import java.util.function.DoubleFunction;

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

    void draw(Svg svg, Axis x, Axis y, DoubleFunction<String> xLabel, DoubleFunction<String> yLabel,
              String xTitle, String yTitle) {
        svg.open("class=\"axes\"");
        for (double t : y.ticks(5)) {
            svg.line(x0(), y.px(t), x1(), y.px(t), "stroke=\"#ddd\" stroke-width=\"1\"");
            svg.text(x0() - 6, y.px(t) + 4, yLabel.apply(t), "text-anchor=\"end\" font-size=\"11\" fill=\"#444\"");
        }
        for (double t : x.ticks(8)) {
            svg.line(x.px(t), y0(), x.px(t), y0() + 4, "stroke=\"#888\"");
            svg.text(x.px(t), y0() + 16, xLabel.apply(t), "text-anchor=\"middle\" font-size=\"11\" fill=\"#444\"");
        }
        svg.line(x0(), y0(), x1(), y0(), "stroke=\"#888\"");
        svg.line(x0(), y0(), x0(), y1(), "stroke=\"#888\"");
        svg.text((x0() + x1()) / 2, height - 6, xTitle, "text-anchor=\"middle\" font-size=\"12\" fill=\"#222\"");
        svg.text(12, top - 10, yTitle, "font-size=\"12\" fill=\"#222\"");
        svg.close();
    }

    static String seconds(double s) {
        return Format.f(s == Math.rint(s) ? "%.0f s" : "%.1f s", s);
    }
}
