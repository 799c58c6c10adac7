package io.outagedrill.reports.svg;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.sut.Capability;
import io.outagedrill.reports.model.Format;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Per-client timeline: one row per download, one mark per verified chunk in the colour of the mirror that served
 * it, fault windows shaded behind. Hovering a mark names the chunk and mirror; a switch marker (a triangle at the
 * first chunk from the new mirror) carries the switch's reason in its SVG {@code <title>}.
 */
public final class ChunkTimeline {
    static final int MAX_ROWS = 24;
    static final int ROW = 18;

    private ChunkTimeline() {
    }

    public static String draw(RunResult run) {
        return draw(run, mirrors(run.downloads()));
    }

    /**
     * With {@code mirrors} in the order their colours go (each mirror's colour is its place there): the mirrors of
     * the whole scenario, so that a mirror keeps its colour from one group's chart to the next.
     */
    public static String draw(RunResult run, List<String> mirrors) {
        List<DownloadRecord> rows = run.downloads().stream().limit(MAX_ROWS).toList();
        Instant origin = run.started();
        Instant end = origin.plus(run.elapsed());
        for (DownloadRecord d : run.downloads()) {
            end = d.ended().isAfter(end) ? d.ended() : end;
        }
        double span = Math.max(0.001, FaultShading.seconds(origin, end));
        int height = 28 + 40 + ROW * Math.max(1, rows.size()) + 20;
        Frame f = new Frame(900, height, 110, 16, 28 + 20, 40);
        Axis x = f.xAxis(0, span);
        Svg svg = new Svg("timeline", f.width(), f.height(), "Which mirror served which chunk, per download, in "
                + run.scenario() + " (" + run.client() + " / " + run.policy() + ")");
        FaultShading.draw(svg, run.faults(), origin, end, x, f.y1(), f.y0());
        legend(svg, mirrors, f);
        f.xTicks(svg, x, " s");
        svg.line(f.x0(), f.y0(), f.x1(), f.y0(), "stroke=\"#888\"");
        svg.text((f.x0() + f.x1()) / 2, f.height() - 6, "time since the run started",
                "text-anchor=\"middle\" font-size=\"12\" fill=\"#222\"");
        for (int r = 0; r < rows.size(); r++) {
            row(svg, rows.get(r), mirrors, origin, x, f.y1() + r * ROW + 2);
        }
        if (!run.downloads().isEmpty() && run.downloads().stream().noneMatch(d -> d.reports(Capability.CHUNKS))) {
            // The rows still show each download's start and end; the marks a reader looks for are missing on purpose.
            svg.text(f.x0(), 17, run.client() + " reports no " + Capability.CHUNKS.words()
                    + ": each row shows only the download's start and end", "font-size=\"12\" fill=\"#555\" "
                    + "class=\"no-data\"");
        }
        if (run.downloads().size() > rows.size()) {
            svg.text(f.x0(), f.height() - 22, Format.f("first %d of %d downloads", rows.size(),
                    run.downloads().size()), "font-size=\"11\" fill=\"#666\"");
        }
        return svg.finish();
    }

    /** The mirrors that served a chunk of {@code downloads}, by name. */
    public static List<String> mirrors(List<DownloadRecord> downloads) {
        List<String> mirrors = new ArrayList<>();
        downloads.forEach(d -> d.chunks().forEach(c -> {
            if (!mirrors.contains(c.mirror())) {
                mirrors.add(c.mirror());
            }
        }));
        mirrors.sort(null);
        return mirrors;
    }

    private static void legend(Svg svg, List<String> mirrors, Frame f) {
        double x = f.x0();
        for (int i = 0; i < mirrors.size(); i++) {
            svg.rect(x, 8, 10, 10, "fill=\"" + Palette.colour(i) + "\"", null);
            svg.text(x + 14, 17, mirrors.get(i), "font-size=\"11\" fill=\"#222\"");
            x += 24 + 7 * mirrors.get(i).length();
        }
    }

    private static void row(Svg svg, DownloadRecord d, List<String> mirrors, Instant origin, Axis x, double top) {
        svg.open(Svg.attr("data-download", d.id()));
        String state = d.succeeded() ? "completed" : "failed (exit " + d.exitCode() + ")";
        svg.text(x.fromPx() - 6, top + 11, d.id(), "text-anchor=\"end\" font-size=\"11\" fill=\""
                + (d.succeeded() ? "#222" : "#c00") + "\"");
        double s = x.px(FaultShading.seconds(origin, d.started()));
        double e = x.px(FaultShading.seconds(origin, d.ended()));
        // A client that reports neither switches nor failed mirrors (aria2c) says nothing of failovers: its 0 is no
        // count, as the report's tables leave it out.
        String failovers = d.reportsFailovers() ? Format.f("%d failover(s)", d.failovers()) : "failovers not reported";
        svg.rect(s, top + 5, e - s, 4, "fill=\"#e4e4e4\"", Format.f("%s: %s after %s; %s%s", d.id(),
                state, Format.millis((double) d.elapsed().toMillis()), failovers,
                d.switches().stream().map(sw -> "\n" + words(sw)).collect(Collectors.joining())));
        for (DownloadRecord.ChunkServed c : d.chunks()) {
            double cx = x.px(FaultShading.seconds(origin, c.at()));
            String colour = Palette.colour(mirrors.indexOf(c.mirror()));
            svg.rect(cx - 2, top + 1, 4, 12, "fill=\"" + colour + "\" class=\"chunk\"", Format.f("chunk %d from %s at %s",
                    c.chunk(), c.mirror(), Frame.seconds(Math.round(FaultShading.seconds(origin, c.at()) * 100) / 100.0)));
        }
        markers(svg, d, origin, x, top);
        svg.close();
    }

    /**
     * Places each switch at the moment the downloader reported it. Records written before switches had times are
     * pinned, in order, to the next chunk the new mirror delivered: the first moment the switch shows in the bytes.
     */
    private static void markers(Svg svg, DownloadRecord d, Instant origin, Axis x, double top) {
        int cursor = 0;
        for (DownloadRecord.MirrorSwitch s : d.switches()) {
            Instant when = s.at();
            if (when == null) {
                int at = cursor;
                while (at < d.chunks().size() && !d.chunks().get(at).mirror().equals(s.to())) {
                    at++;
                }
                when = at < d.chunks().size() ? d.chunks().get(at).at() : d.ended();
                cursor = Math.min(at + 1, d.chunks().size());
            }
            double cx = x.px(FaultShading.seconds(origin, when));
            svg.polygon(new double[]{cx - 5, top - 2, cx + 5, top - 2, cx, top + 5}, "fill=\"#c00\" class=\"switch\"",
                    "switch " + words(s));
        }
    }

    private static String words(DownloadRecord.MirrorSwitch s) {
        return s.from() + " → " + s.to() + (s.reason().isEmpty() ? "" : ": " + s.reason());
    }
}
