package io.outagedrill.reports.svg;

import io.outagedrill.reports.model.Format;

/**
 * A small SVG writer: the charts are drawn as text in Java so the page needs no JavaScript, no chart library and
 * nothing from the network. Every text is escaped here, once.
 */
public final class Svg {
    private final StringBuilder out = new StringBuilder();

    public Svg(String chart, int width, int height, String title) {
        out.append(Format.f("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"%s\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">", escape(chart), width, height,
                width, height));
        out.append("<title>").append(escape(title)).append("</title>");
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Opens a group; {@code attributes} are written as given (already escaped by the caller via {@link #attr}). */
    public Svg open(String attributes) {
        out.append("<g ").append(attributes).append('>');
        return this;
    }

    public Svg close() {
        out.append("</g>");
        return this;
    }

    public static String attr(String name, String value) {
        return name + "=\"" + escape(value) + "\"";
    }

    public Svg rect(double x, double y, double w, double h, String style, String tooltip) {
        out.append(Format.f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s>", x, y, Math.max(0, w),
                Math.max(0, h), style));
        return tooltip(tooltip).append("</rect>");
    }

    public Svg line(double x1, double y1, double x2, double y2, String style) {
        out.append(Format.f("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>", x1, y1, x2, y2, style));
        return this;
    }

    public Svg circle(double cx, double cy, double r, String style, String tooltip) {
        out.append(Format.f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" %s>", cx, cy, r, style));
        return tooltip(tooltip).append("</circle>");
    }

    /** A polyline through points {x0, y0, x1, y1, ...}. */
    public Svg polyline(double[] points, String style, String tooltip) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i + 1 < points.length; i += 2) {
            p.append(Format.f("%.1f,%.1f ", points[i], points[i + 1]));
        }
        out.append("<polyline fill=\"none\" points=\"").append(p.toString().strip()).append("\" ").append(style)
                .append('>');
        return tooltip(tooltip).append("</polyline>");
    }

    /** A closed, filled shape through points {x0, y0, x1, y1, ...}. */
    public Svg polygon(double[] points, String style, String tooltip) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i + 1 < points.length; i += 2) {
            p.append(Format.f("%.1f,%.1f ", points[i], points[i + 1]));
        }
        out.append("<polygon points=\"").append(p.toString().strip()).append("\" ").append(style).append('>');
        return tooltip(tooltip).append("</polygon>");
    }

    public Svg text(double x, double y, String text, String style) {
        out.append(Format.f("<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, style)).append(escape(text)).append("</text>");
        return this;
    }

    private Svg tooltip(String tooltip) {
        if (tooltip != null && !tooltip.isEmpty()) {
            out.append("<title>").append(escape(tooltip)).append("</title>");
        }
        return this;
    }

    private Svg append(String raw) {
        out.append(raw);
        return this;
    }

    public String finish() {
        return out + "</svg>";
    }
}
