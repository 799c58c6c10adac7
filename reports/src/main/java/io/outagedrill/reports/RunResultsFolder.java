package io.outagedrill.reports;

import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.history.ReportHistory;
import io.outagedrill.reports.history.RunEntry;
import io.outagedrill.reports.history.RunsManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads every run record under a folder (the harness writes {@code RESULTS/SCENARIO/*.json}). The drill's own
 * outputs there (the reports under {@code reports/} and {@code report/}, {@code runs.json}, and the JMH results a
 * drill in {@code runs.json} lists) are passed over quietly. Any other JSON file is refused, by name: a report
 * that leaves a file out unseen (a record cut short, a file dropped there by hand) would read as complete when it
 * is not, so the user decides, and nothing is written until they have.
 */
public final class RunResultsFolder {
    /** The run records, in file name order. */
    public record Loaded(List<RunResult> runs) {
        public Loaded {
            runs = List.copyOf(runs);
        }
    }

    /** Where {@code drill run} wrote its one report before each drill got its own folder. */
    static final String LEGACY_REPORT = "report";
    /** How many refused files the message names; the rest are counted. */
    static final int NAMED = 5;

    private RunResultsFolder() {
    }

    /** @throws IOException no folder, a file that could not be read, or JSON files that are not run records */
    public static Loaded read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(missing(folder));
        }
        Set<Path> listedJmh = listedJmh(folder);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !drillOutput(folder.relativize(p)))
                    .filter(p -> !listedJmh.contains(p.toAbsolutePath().normalize())).sorted().toList();
        }
        List<RunResult> runs = new ArrayList<>();
        List<RunRecordFile.NotARunRecord> refused = new ArrayList<>();
        for (Path file : files) {
            try {
                runs.add(RunRecordFile.read(file));
            } catch (RunRecordFile.NotARunRecord e) {
                refused.add(e);
            }
        }
        if (!refused.isEmpty()) {
            throw new IOException(refusal(folder, refused));
        }
        return new Loaded(runs);
    }

    /** What is said, in every mode of {@code drill report}, when there is no results folder at {@code folder}. */
    public static String missing(Path folder) {
        return "no results folder at " + folder.toAbsolutePath()
                + " (run `drill run NAME` first, or pass --results DIR)";
    }

    /** Each refused file with why, then what a run record is and what to do; nothing is written. */
    static String refusal(Path folder, List<RunRecordFile.NotARunRecord> refused) {
        StringBuilder text = new StringBuilder(refused.size() == 1 ? "a JSON file under %s is not a run record:%n"
                .formatted(folder.toAbsolutePath()) : "%d JSON files under %s are not run records:%n"
                .formatted(refused.size(), folder.toAbsolutePath()));
        refused.stream().limit(NAMED).forEach(e -> text.append("  ").append(e.getMessage()).append('\n'));
        if (refused.size() > NAMED) {
            text.append("  and %d more%n".formatted(refused.size() - NAMED));
        }
        return text.append(RunRecordFile.WHAT_A_RUN_RECORD_IS).append(".\nMove other files out of the folder, or ")
                .append("pass --results a folder of run records; no report was written.").toString();
    }

    /** Reports and the run manifest the drill writes into the results folder: not records, not worth a warning. */
    static boolean drillOutput(Path relative) {
        String first = relative.getName(0).toString();
        return relative.getNameCount() == 1 ? first.equals(RunsManifest.FILE)
                : first.equals(ReportHistory.REPORTS) || first.equals(LEGACY_REPORT);
    }

    /**
     * JMH's JSON that {@code drill bench} keeps beside its records and lists in {@code runs.json}: its input, not a
     * stray file. An unreadable {@code runs.json} lists none (those files are then refused by name, which is
     * enough to act on, and a report over the records need not fail on the manifest).
     */
    private static Set<Path> listedJmh(Path folder) {
        List<RunEntry> entries;
        try {
            entries = new RunsManifest(folder).read();
        } catch (IOException unreadable) {
            return Set.of();
        }
        return entries.stream().flatMap(e -> e.jmh().stream()).map(f -> folder.resolve(f).toAbsolutePath().normalize())
                .collect(Collectors.toSet());
    }
}
