package io.outagedrill.reports.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.model.Report;
import io.outagedrill.client.store.AtomicWrite;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The static HTML page: the Mustache template over {@link HtmlView}, SVG charts inline, nothing loaded at view time. */
public final class HtmlPage {
    private static final String TEMPLATE = "io/outagedrill/reports/render/report.mustache";

    private HtmlPage() {
    }

    public static String render(Report report, List<RunResult> runs) {
        return render(report, runs, null);
    }

    /** @param allDrillsHref where the results folder's index of drills is, relative to the page; null for none */
    public static String render(Report report, List<RunResult> runs, String allDrillsHref) {
        Mustache template = new DefaultMustacheFactory().compile(TEMPLATE);
        StringWriter out = new StringWriter();
        template.execute(out, HtmlView.of(report, runs, allDrillsHref));
        return out.toString();
    }

    /** The score badge's colour class: good, warn, bad, or none when nothing was scored. */
    public static String scoreClass(Double score) {
        return HtmlView.scoreClass(score);
    }

    public static void write(Report report, List<RunResult> runs, Path file) throws IOException {
        write(report, runs, file, null);
    }

    public static void write(Report report, List<RunResult> runs, Path file, String allDrillsHref)
            throws IOException {
        // Whole or not at all: a rebuild inside a drill's own folder must never leave a page cut short.
        AtomicWrite.replace(file, render(report, runs, allDrillsHref).getBytes(StandardCharsets.UTF_8));
    }
}
