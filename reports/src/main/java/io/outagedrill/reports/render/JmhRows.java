package io.outagedrill.reports.render;

import io.outagedrill.reports.model.Format;
import io.outagedrill.reports.model.GroupReport;
import io.outagedrill.reports.model.JmhTiming;
import io.outagedrill.reports.model.Percentiles;
import io.outagedrill.reports.model.ScenarioReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The completion-time percentiles of a scenario from both sources, row by row: the run records (nearest rank) and,
 * under them, JMH's (from the scenario benchmark). The HTML and the Markdown show the same rows.
 */
final class JmhRows {
    /** One table row, every cell already formatted. */
    record Row(String label, String source, String samples, String p50, String p90, String p99, String p999,
               String scenarioRun) {
    }

    private JmhRows() {
    }

    static boolean any(ScenarioReport s) {
        return s.groups().stream().anyMatch(g -> g.jmh() != null);
    }

    static List<Row> of(ScenarioReport s) {
        List<Row> rows = new ArrayList<>();
        for (GroupReport g : s.groups()) {
            if (g.jmh() == null) {
                continue;
            }
            Percentiles r = g.completion();
            rows.add(new Row(g.label(), "run records", g.succeeded() + " of " + g.downloads() + " downloads, "
                    + g.runs() + " run(s)", Format.millis(r.p50Ms()), Format.millis(r.p90Ms()),
                    Format.millis(r.p99Ms()), Format.millis(r.p999Ms()), "–"));
            rows.add(jmh(g.label(), g.jmh()));
        }
        return rows;
    }

    static Row jmh(String label, JmhTiming t) {
        Percentiles p = t.completion();
        String samples = (t.downloads() == null ? p.count() + " samples"
                : (t.downloads() - (t.failed() == null ? 0 : t.failed())) + " of " + t.downloads() + " downloads")
                + ", " + t.runs() + " measured run(s)";
        return new Row(label, "JMH", samples, Format.millis(p.p50Ms()), Format.millis(p.p90Ms()),
                Format.millis(p.p99Ms()), Format.millis(p.p999Ms()), run(t));
    }

    /** "2.41 s ± 0.12 s" (JMH's mean and 99.9% half-width), or just the mean when JMH gave no error. */
    static String run(JmhTiming t) {
        if (t.runSeconds() == null) {
            return "–";
        }
        String mean = Format.millis(t.runSeconds() * 1000);
        return t.runSecondsError() == null ? mean : mean + " ± " + Format.millis(t.runSecondsError() * 1000);
    }
}
