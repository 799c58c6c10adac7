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
    private CdfChart() {
    }

    /** @param series label → downloads; @param sloMs the completion SLO's time, or null */
    public static String draw(String scenario, Map<String, List<DownloadRecord>> series, Double sloMs) {
        double maxS = series.values().stream().flatMap(List::stream).filter(DownloadRecord::succeeded)
                .mapToDouble(d -> d.elapsed().toMillis() / 1000.0).max().orElse(1);
        if (sloMs != null) {
            maxS = Math.max(maxS, sloMs / 1000.0);
        }
        Frame f = Frame.standard(900, 300);
        Axis x = f.xAxis(0, maxS);
        Axis y = new Axis(0, 100, f.y0(), f.y1());
        Svg svg = new Svg("cdf", f.width(), f.height(), "Completion-time distribution (CDF) of " + scenario);
        f.draw(svg, x, y, " s", "%", "completion time", "share of downloads done");
        if (sloMs != null) {
            double sx = x.px(sloMs / 1000.0);
            svg.line(sx, f.y0(), sx, f.y1(), "stroke=\"#c00\" stroke-dasharray=\"5 4\"");
            svg.text(sx - 4, f.y1() + 12, "SLO " + Format.millis(sloMs), "text-anchor=\"end\" font-size=\"11\" fill=\"#c00\"");
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
            svg.rect(f.x0() + 10, f.y1() + 4 + 14 * i, 10, 3, "fill=\"" + colour + "\"", null);
            svg.text(f.x0() + 24, f.y1() + 9 + 14 * i, s.getKey(), "font-size=\"11\" fill=\"#222\"");
            i++;
        }
        return svg.finish();
    }
}
