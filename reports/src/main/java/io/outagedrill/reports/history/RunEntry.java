package io.outagedrill.reports.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One drill in the results folder's history, as {@code runs.json} lists it.
 *
 * @param id         the report's folder name under {@code reports/}, e.g.
 *                   {@code 20261203T124501-run-primary-blackhole-mid-transfer-aria2c}
 * @param kind       what made it: {@code run}, {@code compare}, {@code bench}
 * @param recordedAt when the report was written; a rebuilt report carries this same time, so it equals the original
 * @param passed     true when every SLO of every run held
 * @param score      the overall resilience score (0–100), null when nothing was scored
 * @param records    the run record files it consists of, relative to the results folder, with forward slashes
 * @param jmh        JMH result files the report showed beside the records (from {@code drill bench}), relative to
 *                   the results folder where they lie inside it; empty for none
 * @param note       why the drill ended before all it was asked to play, e.g. "stopped by a signal after 2 run(s)
 *                   had been recorded"; null (and not written) for a drill that played to its end
 */
public record RunEntry(String id, String kind, Instant recordedAt, List<String> scenarios, List<String> clients,
                       List<String> policies, boolean passed, Double score, List<String> records,
                       List<String> jmh, @JsonInclude(JsonInclude.Include.NON_NULL) String note) {

    public RunEntry {
        scenarios = List.copyOf(scenarios);
        clients = List.copyOf(clients);
        policies = List.copyOf(policies);
        records = List.copyOf(records);
        jmh = jmh == null ? List.of() : List.copyOf(jmh);
    }

    /** The report's folder, relative to the results folder. */
    public String reportDir() {
        return ReportHistory.REPORTS + "/" + id;
    }
}
