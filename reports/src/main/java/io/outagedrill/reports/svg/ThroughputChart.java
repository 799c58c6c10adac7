package io.outagedrill.reports.svg;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.sut.Capability;
import io.outagedrill.reports.model.Format;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verified throughput of a run over time, all downloads together and per client group, with fault windows shaded.
 * Each verified chunk's bytes are spread evenly over the time since the download's previous verified chunk (or its
 * start), then summed into fixed buckets: a chunk's bytes moved during that stretch, not at the instant it was
 * verified, and spreading avoids spikes that are only an artefact of chunk size.
 */
public final class ThroughputChart {
    static final int BUCKETS = 80;
    static final String ALL = "all downloads";

    private ThroughputChart() {
    }

    public static String draw(RunResult run) {
        Instant origin = run.started();
        Instant end = origin.plus(run.elapsed());
        for (DownloadRecord d : run.downloads()) {
            end = d.ended().isAfter(end) ? d.ended() : end;
        }
        double span = Math.max(0.001, FaultShading.seconds(origin, end));
        List<DownloadRecord> reporting = run.downloads().stream().filter(d -> d.reports(Capability.PROGRESS))
                .toList();
        Frame f = Frame.standard(900, 300);
        Axis x = f.xAxis(0, span);
        Svg svg = new Svg("throughput", f.width(), f.height(), "Verified throughput of " + run.scenario() + " ("
                + run.client() + " / " + run.policy() + ") over time, fault windows shaded");
        if (reporting.isEmpty()) {
            // Without progress samples every bucket is zero: say why instead of drawing a flat line on a 0 axis.
            FaultShading.draw(svg, run.faults(), origin, end, x, f.y1(), f.y0());
            f.xTicks(svg, x, " s");
            svg.line(f.x0(), f.y0(), f.x1(), f.y0(), "stroke=\"#888\"");
            svg.text((f.x0() + f.x1()) / 2, f.height() - 6, "time since the run started",
                    "text-anchor=\"middle\" font-size=\"12\" fill=\"#222\"");
            f.noData(svg, silence(run));
            return svg.finish();
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(ALL, new double[BUCKETS]);
        for (DownloadRecord d : reporting) {
            double[] groupSeries = series.computeIfAbsent("group " + d.group(), g -> new double[BUCKETS]);
            spread(d, origin, span, series.get(ALL), groupSeries);
        }
        if (series.size() == 2) {
            series.remove(series.keySet().toArray(String[]::new)[1]);   // one group: it is the total
        }
        double bucketSeconds = span / BUCKETS;
        double peak = 0;
        for (double[] s : series.values()) {
            for (double b : s) {
                peak = Math.max(peak, b / bucketSeconds / (1024 * 1024));
            }
        }
        Axis y = f.yAxis(0, Math.max(peak, 0.1));
        FaultShading.draw(svg, run.faults(), origin, end, x, f.y1(), f.y0());
        f.draw(svg, x, y, " s", "", "time since the run started", "MiB/s verified");
        int i = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            double[] points = new double[BUCKETS * 2];
            for (int b = 0; b < BUCKETS; b++) {
                points[2 * b] = x.px((b + 0.5) * bucketSeconds);
                points[2 * b + 1] = y.px(s.getValue()[b] / bucketSeconds / (1024 * 1024));
            }
            String colour = Palette.colour(i++);
            svg.open(Svg.attr("data-series", s.getKey()));
            svg.polyline(points, "stroke=\"" + colour + "\" stroke-width=\"" + (i == 1 ? 2 : 1.2) + "\"",
                    s.getKey());
            svg.close();
            svg.rect(f.x1() - 160, f.y1() + 4 + 14 * (i - 1), 10, 3, "fill=\"" + colour + "\"", null);
            svg.text(f.x1() - 146, f.y1() + 9 + 14 * (i - 1), s.getKey(), "font-size=\"11\" fill=\"#222\"");
        }
        int silent = run.downloads().size() - reporting.size();
        if (silent > 0) {
            svg.text(f.x0() + 8, f.y1() + 12, Format.f("%d of %d downloads report no %s: left out", silent,
                    run.downloads().size(), Capability.PROGRESS.words()), "font-size=\"11\" fill=\"#555\" "
                    + "class=\"no-data\"");
        }
        return svg.finish();
    }

    /** Why there is nothing to draw, in words: "aria2c reports no verified bytes over time". */
    static String silence(RunResult run) {
        if (run.downloads().isEmpty()) {
            return "No downloads ran, so there is no throughput to show";
        }
        return run.client() + " reports no " + Capability.PROGRESS.words() + ", so there is no throughput to show";
    }

    /** Adds each chunk's bytes to the buckets its transfer stretch covers, in proportion to the overlap. */
    static void spread(DownloadRecord d, Instant origin, double span, double[] total, double[] group) {
        double previousAt = FaultShading.seconds(origin, d.started());
        long previousBytes = 0;
        for (DownloadRecord.Sample sample : d.progress()) {
            double at = FaultShading.seconds(origin, sample.at());
            long bytes = sample.verifiedBytes() - previousBytes;
            add(previousAt, at, bytes, span, total);
            if (group != total) {
                add(previousAt, at, bytes, span, group);
            }
            previousAt = at;
            previousBytes = sample.verifiedBytes();
        }
    }

    static void add(double from, double to, long bytes, double span, double[] buckets) {
        double width = span / buckets.length;
        if (to <= from) {
            int b = Math.clamp((long) (to / width), 0, buckets.length - 1);
            buckets[b] += bytes;
            return;
        }
        for (int b = Math.max(0, (int) (from / width)); b < buckets.length && b * width < to; b++) {
            double overlap = Math.min(to, (b + 1) * width) - Math.max(from, b * width);
            if (overlap > 0) {
                buckets[b] += bytes * overlap / (to - from);
            }
        }
    }
}
