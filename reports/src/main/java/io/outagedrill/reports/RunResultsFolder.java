package io.outagedrill.reports;

import io.outagedrill.harness.run.RunRecords;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.history.ReportHistory;
import io.outagedrill.reports.history.RunsManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads every run record under a folder (the harness writes {@code RESULTS/SCENARIO/*.json}). The drill's own
 * outputs there (the reports under {@code reports/} and {@code report/}, {@code runs.json}) are passed over quietly;
 * other JSON files are skipped and named, not fatal: a results folder collects things over time.
 */
public final class RunResultsFolder {
    /** @param skipped JSON files that are not run records, with why */
    public record Loaded(List<RunResult> runs, List<String> skipped) {
    }

    /** Where {@code drill run} wrote its one report before each drill got its own folder. */
    static final String LEGACY_REPORT = "report";

    private RunResultsFolder() {
    }

    public static Loaded read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(missing(folder));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !drillOutput(folder.relativize(p))).sorted().toList();
        }
        List<RunResult> runs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : files) {
            try {
                RunResult run = RunRecords.read(file);
                if (run.scenario() == null || run.client() == null || run.started() == null) {
                    skipped.add(file + ": not a run record (no scenario, client or start)");
                } else {
                    runs.add(run);
                }
            } catch (IOException | RuntimeException e) {
                skipped.add(file + ": not a run record (" + firstLine(e.getMessage()) + ")");
            }
        }
        return new Loaded(runs, skipped);
    }

    /** What is said, in every mode of {@code drill report}, when there is no results folder at {@code folder}. */
    public static String missing(Path folder) {
        return "no results folder at " + folder.toAbsolutePath()
                + " (run `drill run NAME` first, or pass --results DIR)";
    }

    /** Reports and the run manifest the drill writes into the results folder: not records, not worth a warning. */
    static boolean drillOutput(Path relative) {
        String first = relative.getName(0).toString();
        return relative.getNameCount() == 1 ? first.equals(RunsManifest.FILE)
                : first.equals(ReportHistory.REPORTS) || first.equals(LEGACY_REPORT);
    }

    private static String firstLine(String text) {
        return text == null ? "unreadable" : text.lines().findFirst().orElse("unreadable");
    }
}
