package io.outagedrill.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.harness.run.RunRecords;
import io.outagedrill.harness.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One JSON file of a results folder read as a run record, or why it is not one, in the user's words: which file,
 * what a run record holds and which of that it lacks. Jackson's own message for a JSON object of another shape is
 * about the {@code RunResult} constructor's null lists, which tells the user nothing.
 */
public final class RunRecordFile {
    /** What a run record is, for messages that refuse a file. */
    public static final String WHAT_A_RUN_RECORD_IS = "A run record is the JSON file `drill run` writes for each scenario "
            + "run, RESULTS/SCENARIO/CLIENT-POLICY-seedN-TIME.json, an object with its scenario, client, start, "
            + "faults, notes, downloads and SLO verdicts";

    /** The fields without which {@link RunResult} cannot be made, or a report cannot group it. */
    static final List<String> REQUIRED = List.of("scenario", "client", "started", "faults", "notes", "downloads",
            "verdicts");

    private static final ObjectMapper TREE = new ObjectMapper();

    /** Why {@link #read} refused a file: {@code file} and the reason, without what a run record is. */
    public static final class NotARunRecord extends Exception {
        NotARunRecord(Path file, String why) {
            super(file + ": " + why);
        }
    }

    private RunRecordFile() {
    }

    /**
     * @throws NotARunRecord the file is not JSON, or JSON of another shape
     * @throws IOException   it could not be read at all
     */
    public static RunResult read(Path file) throws IOException, NotARunRecord {
        RunResult run;
        try {
            run = RunRecords.read(file);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new NotARunRecord(file, why(file, e));
        }
        // Fields a record may have as null and still be made: the report groups by them, so they must be there.
        if (run.scenario() == null || run.client() == null || run.started() == null) {
            throw new NotARunRecord(file, "it has no " + missing(TREE.readTree(file.toFile())));
        }
        return run;
    }

    /** Not JSON: where it stops being JSON. JSON: which fields it lacks, or where a field has the wrong form. */
    private static String why(Path file, Exception e) throws IOException {
        JsonNode root;
        try {
            root = TREE.readTree(file.toFile());
        } catch (StreamReadException notJson) {
            return "not JSON" + JsonLocations.words(notJson.getLocation()) + " (" + firstLine(notJson.getOriginalMessage()) + ")";
        }
        if (root == null || root.isMissingNode()) {
            return "empty";
        }
        if (!root.isObject()) {
            return "JSON, but not an object: " + root.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        String missing = missing(root);
        if (!missing.isEmpty()) {
            return "it has no " + missing;
        }
        // Every field is there and one has the wrong form (a time that is no time): Jackson's words name which.
        return "a field has the wrong form" + (e instanceof JsonProcessingException p
                ? JsonLocations.words(p.getLocation()) + " (" + firstLine(p.getOriginalMessage()) + ")"
                : " (" + firstLine(e.getMessage()) + ")");
    }

    private static String missing(JsonNode root) {
        return String.join(", ", REQUIRED.stream().filter(f -> !root.hasNonNull(f)).map(f -> "\"" + f + "\"")
                .toList());
    }


    private static String firstLine(String text) {
        return text == null ? "unreadable" : text.lines().findFirst().orElse("unreadable");
    }
}
