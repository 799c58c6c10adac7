package io.outagedrill.reports.history;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.outagedrill.reports.render.HtmlPage;
import io.outagedrill.reports.render.Markdown;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code index.html} of a results folder: every run in {@code runs.json}, newest first, linking to its report. */
final class HistoryIndex {
    private static final String TEMPLATE = "io/outagedrill/reports/history/index.mustache";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Past this many names a cell says how many instead of listing them all (29 scenarios would fill the row). */
    static final int LISTED = 4;

    private HistoryIndex() {
    }

    static String render(List<RunEntry> entries) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("count", entries.size());
        v.put("hasRuns", !entries.isEmpty());
        v.put("runs", entries.stream().map(HistoryIndex::row).toList());
        Mustache template = new DefaultMustacheFactory().compile(TEMPLATE);
        StringWriter out = new StringWriter();
        template.execute(out, v);
        return out.toString();
    }

    /** Written beside and renamed over the old page, so a browser never loads half of it. */
    static void write(Path file, List<RunEntry> entries) throws IOException {
        AtomicFile.write(file, render(entries));
    }

    private static Map<String, Object> row(RunEntry e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", e.id());
        r.put("href", e.reportDir() + "/index.html");
        r.put("when", WHEN.format(e.recordedAt()));
        r.put("iso", e.recordedAt().toString());
        r.put("kind", e.kind());
        r.put("scenarios", names(e.scenarios(), "scenarios"));
        r.put("clients", names(e.clients(), "clients"));
        r.put("policies", names(e.policies(), "policies"));
        r.put("passed", e.passed());
        r.put("score", Markdown.score(e.score()));
        r.put("scoreClass", HtmlPage.scoreClass(e.score()));
        r.put("records", e.records().size());
        r.put("note", e.note());
        return r;
    }

    static String names(List<String> names, String plural) {
        if (names.size() <= LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, LISTED - 1)) + " and " + (names.size() - LISTED + 1) + " more "
                + plural;
    }
}
