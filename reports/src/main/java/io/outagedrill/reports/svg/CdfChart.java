package io.outagedrill.reports.svg;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.reports.model.Format;
import java.util.List;
import java.util.Map;

/**
 * The distribution of completion times as an empirical CDF, one step line per client × policy. The share is of
 * all downloads, so a line that stops below 100% shows how many never completed; the SLO time is a dashed line.
 */
public final class CdfChart {
    /** Legend labels longer than this are cut with an ellipsis (a cmd: template can be a whole command line). */
    static final int LEGEND_CHARS = 40;

    private CdfChart() {
    }

    private static String clip(String label) {
        return label.length() <= LEGEND_CHARS ? label : label.substring(0, LEGEND_CHARS - 1) + "…";
    }

    /** The SLO's time is drawn when it is at most this many times the slowest download's. */
    static final double SLO_REACH = 2.0;

    /** @param series label → downloads; @param sloMs the completion SLO's time, or null */
    public static String draw(String scenario, Map<String, List<DownloadRecord>> series, Double sloMs) {
        java.util.OptionalDouble slowestDone = series.values().stream().flatMap(List::stream)
                .filter(DownloadRecord::succeeded).mapToDouble(d -> d.elapsed().toMillis() / 1000.0).max();
        // With none completed, the SLO's time alone gives the axis its length.
        double slowest = slowestDone.orElse(sloMs == null ? 1 : sloMs / 1000.0);
        // The axis reaches the SLO's time only when it is near the downloads': a 60 s SLO over downloads done in 3 s
        // squeezed every line into the plot's first twentieth. Past that, the SLO is named at the right edge.
        boolean sloOnChart = sloMs != null && sloMs / 1000.0 <= SLO_REACH * slowest;
        double maxS = sloOnChart ? Math.max(slowest, sloMs / 1000.0) : slowest;
        // The legend goes right of the plot area, never over it: a CDF's lines run along the top once downloads
        // are done and along the bottom while some never complete, so no corner inside stays clear.
        int longest = series.keySet().stream().mapToInt(k -> Math.min(LEGEND_CHARS, k.length())).max().orElse(0);
        int legendWidth = 34 + (int) Math.ceil(longest * 6.2);
        Frame standard = Frame.standard(900, 300);
        Frame f = new Frame(standard.width() + legendWidth, standard.height(), standard.left(),
                standard.right() + legendWidth, standard.top(), standard.bottom());
        Axis x = f.xAxis(0, maxS);
        Axis y = new Axis(0, 100, f.y0(), f.y1());
        Svg svg = new Svg("cdf", f.width(), f.height(), "Completion-time distribution (CDF) of " + scenario);
        f.draw(svg, x, y, " s", "%", "completion time", "share of downloads done");
        if (sloOnChart) {
            double sx = x.px(sloMs / 1000.0);
            svg.line(sx, f.y0(), sx, f.y1(), "stroke=\"#c00\" stroke-dasharray=\"5 4\"");
            svg.text(sx - 4, f.y1() + 12, "SLO " + Format.millis(sloMs), "text-anchor=\"end\" font-size=\"11\" fill=\"#c00\"");
        } else if (sloMs != null) {
            svg.text(f.x1() - 4, f.y1() + 12, "SLO " + Format.millis(sloMs) + ", past the slowest download →",
                    "text-anchor=\"end\" font-size=\"11\" fill=\"#c00\" class=\"slo-off-chart\"");
        }
        int i = 0;
        for (Map.Entry<String, List<DownloadRecord>> s : series.entrySet()) {
            String colour = Palette.colour(i);
            List<Double> done = s.getValue().stream().filter(DownloadRecord::succeeded)
                    .map(d -> d.elapsed().toMillis() / 1000.0).sorted().toList();
            int n = s.getValue().size();
            double[] points = new double[4 * done.size() + 4];
            points[0] = x.px(0);
            points[1] = y.px(0);
            for (int k = 0; k < done.size(); k++) {
                points[4 * k + 2] = x.px(done.get(k));
                points[4 * k + 3] = y.px(100.0 * k / n);
                points[4 * k + 4] = x.px(done.get(k));
                points[4 * k + 5] = y.px(100.0 * (k + 1) / n);
            }
            points[points.length - 2] = x.px(maxS);
            points[points.length - 1] = y.px(n == 0 ? 0 : 100.0 * done.size() / n);
            svg.open(Svg.attr("data-series", s.getKey()));
            svg.polyline(points, "stroke=\"" + colour + "\" stroke-width=\"2\"", Format.f("%s: %d of %d completed",
                    s.getKey(), done.size(), n));
            svg.close();
            svg.rect(f.x1() + 14, f.y1() + 4 + 14 * i, 10, 3, "fill=\"" + colour + "\"", null);
            svg.text(f.x1() + 28, f.y1() + 9 + 14 * i, clip(s.getKey()), "font-size=\"11\" fill=\"#222\"");
            i++;
        }
        return svg.finish();
    }
}
