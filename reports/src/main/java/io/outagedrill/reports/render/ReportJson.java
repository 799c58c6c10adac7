package io.outagedrill.reports.render;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.outagedrill.reports.model.Report;
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
        MAPPER.writeValue(file.toFile(), report);
    }

    public static Report read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), Report.class);
    }
}
