package io.outagedrill.benchmarks.fleet;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The scaling curve as a Markdown table (for docs/benchmarks.md) and a small SVG chart. */
final class FleetCurve {
    private FleetCurve() {
    }

    static String markdown(List<FleetFigures> runs) {
        StringBuilder out = new StringBuilder();
        out.append("| clients | wall s | CPU s | CPU s/client | peak heap used MiB | after-GC peak MiB | live KiB/client "
                + "idle / mid / peak | done | p50 s | p90 s | p99 s | max s | SLOs | load (1 min) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---|\n");
        for (FleetFigures f : runs) {
            out.append(String.format(Locale.ROOT,
                    "| %d | %.1f | %.1f | %.3f | %d of %d | %d | %s / %s / %s | %d | %.1f | %.1f | %.1f | %.1f | %s | %s |%n",
                    f.clients(), f.wallSeconds(), f.cpuSeconds(), f.cpuSeconds() / Math.max(1, f.clients()),
                    f.peakUsedMiB(), f.heapMaxMiB(), f.afterGcMiB(), kib(f.perClientKiB(f.idleMiB())),
                    kib(f.perClientKiB(f.midMiB())), kib(f.perClientKiB(f.peakLiveMiB())), f.succeeded(),
                    f.p50Seconds(), f.p90Seconds(), f.p99Seconds(), f.maxSeconds(),
                    f.limitHit().isEmpty() ? "%d/%d held".formatted(f.slosHeld(), f.slos()) : "stopped: " + f.limitHit(),
                    f.load()));
        }
        // The idle figure is often absent (clients arrive one after another); a "-" alone reads as a bug.
        String footnotes = runs.stream().filter(f -> f.idleMiB() < 0 && !f.idleMissing().isEmpty())
                .map(f -> "- idle at %d clients: %s%n".formatted(f.clients(), f.idleMissing()))
                .collect(Collectors.joining());
        if (!footnotes.isEmpty()) {
            out.append('\n').append(footnotes);
        }
        return out.toString();
    }

    private static String kib(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }

    /** Wall time, CPU time and peak heap against clients, each on its own scale (0 to its maximum). */
    static String svg(List<FleetFigures> runs) {
        int width = 640;
        int height = 320;
        int left = 60;
        int bottom = 40;
        int top = 30;
        double maxClients = runs.stream().mapToInt(FleetFigures::clients).max().orElse(1);
        StringBuilder svg = new StringBuilder();
        // Locale.ROOT throughout: %d and %f write the locale's digits and separators, and SVG needs ASCII.
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" ", width, height)).append("font-size=\"12\">\n");
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"18\">Fleet scale: each line on its own scale, 0 to its largest value</text>\n",
                left));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                left, height - bottom, width - 20, height - bottom));
        for (FleetFigures f : runs) {
            double x = left + (width - left - 20) * f.clients() / maxClients;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x,
                    height - bottom + 16, f.clients()));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">clients</text>\n",
                (width + left) / 2, height - 6));
        line(svg, runs, FleetFigures::wallSeconds, "wall s", "#1f77b4", 0, left, width, height, top, bottom, maxClients);
        line(svg, runs, FleetFigures::cpuSeconds, "CPU s", "#ff7f0e", 1, left, width, height, top, bottom, maxClients);
        line(svg, runs, f -> f.peakUsedMiB(), "peak heap MiB", "#2ca02c", 2, left, width, height, top, bottom,
                maxClients);
        line(svg, runs, FleetFigures::p99Seconds, "p99 s", "#d62728", 3, left, width, height, top, bottom, maxClients);
        return svg.append("</svg>\n").toString();
    }

    private static void line(StringBuilder svg, List<FleetFigures> runs, ToDoubleFunction<FleetFigures> value,
                             String label, String colour, int index, int left, int width, int height, int top,
                             int bottom, double maxClients) {
        double max = runs.stream().mapToDouble(value).max().orElse(1);
        StringBuilder points = new StringBuilder();
        for (FleetFigures f : runs) {
            double x = left + (width - left - 20) * f.clients() / maxClients;
            double y = height - bottom - (height - bottom - top) * Math.max(0, value.applyAsDouble(f)) / Math.max(1e-9, max);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        svg.append("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n".formatted(colour,
                points.toString().trim()));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s (max %.1f)</text>%n", 8,
                top + 14 * index + 4, colour, label, max));
    }
}
