package io.outagedrill.reports.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.outagedrill.reports.model.Report;
import io.outagedrill.client.store.AtomicWrite;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The report as JSON: the merged numbers of every run, and what {@code --baseline} reads back next time. Unknown
 * fields are ignored on reading so a baseline written by an older or newer version still compares what both know.
 */
public final class ReportJson {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static void write(Report report, Path file) throws IOException {
        // Whole or not at all: a report.json cut short would be refused as the next run's baseline.
        AtomicWrite.replace(file, MAPPER.writeValueAsBytes(report));
    }

    /**
     * A report written by {@link #write}; anything else (not JSON, or JSON without the report's scenarios) is an
     * {@link IOException} naming the file and, for bad JSON, the line and column.
     */
    public static Report read(Path file) throws IOException {
        Report report;
        try {
            report = MAPPER.readValue(file.toFile(), Report.class);
        } catch (JsonProcessingException e) {
            throw new IOException("%s: not a report's JSON: %s".formatted(
                    io.outagedrill.reports.JsonLocations.in(file, e.getLocation()), e.getOriginalMessage()), e);
        }
        if (report == null || report.scenarios() == null) {
            throw new IOException(file + ": not a report written by drill report (it has no \"scenarios\")");
        }
        return report;
    }
}
