package io.outagedrill.harness.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;

/** Writes and reads run results as JSON files: {@code RESULTS/SCENARIO/CLIENT-POLICY-seedN-TIME.json}. */
public final class RunRecords {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private static final int MAX_SAME_NAME = 1000;

    private RunRecords() {
    }

    static RunResult write(RunResult result, Path resultsDir) throws IOException {
        Path dir = Files.createDirectories(resultsDir.resolve(result.scenario()));
        String name = safe(result.client()) + "-" + safe(result.policy()) + "-seed" + result.seed() + "-"
                + STAMP.format(result.started()); // ASCII digits whatever the locale
        Path file = claim(dir, name);
        RunResult written = result.withResultFile(file);
        Json.MAPPER.writeValue(file.toFile(), written);
        return written;
    }

    /** Writes {@code result} over its own record file: a run's metrics, added once the run has ended. */
    public static RunResult rewrite(RunResult result) throws IOException {
        if (result.resultFile() == null) {
            throw new IllegalArgumentException("the run of " + result.scenario() + " has no record file to rewrite");
        }
        Json.MAPPER.writeValue(result.resultFile().toFile(), result);
        return result;
    }

    public static RunResult read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), RunResult.class);
    }

    /**
     * A new file for the record, never one already there: two runs of the same scenario, client, policy and seed
     * that start in the same second (parallel test classes), or two long {@code cmd:} templates alike in their
     * first 40 characters, get {@code NAME-2.json} and on, instead of one record silently replacing the other.
     */
    private static Path claim(Path dir, String name) throws IOException {
        for (int n = 1; n <= MAX_SAME_NAME; n++) {
            try {
                return Files.createFile(dir.resolve(n == 1 ? name + ".json" : name + "-" + n + ".json"));
            } catch (FileAlreadyExistsException taken) {
                // the next number
            }
        }
        throw new IOException(String.format(Locale.ROOT, "%d run records named %s already in %s", MAX_SAME_NAME,
                name, dir));
    }

    private static String safe(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9._+-]", "_");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }
}
