package io.outagedrill.harness.cli;

import io.outagedrill.client.IoErrors;
import io.outagedrill.client.cli.FolderConverter;
import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.scenario.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** The options {@code run} and {@code compare} share: which scenarios, from where, and where results go. */
final class ScenarioSelection {

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Scenario names (files in the scenarios folder) "
            + "or paths to .yaml files.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Every scenario in the folder.")
    boolean all;

    @Option(names = "--scenarios", paramLabel = "DIR", description = ScenarioFiles.FOLDER_HELP)
    Path scenarios;

    @Option(names = "--results", paramLabel = "DIR", converter = FolderConverter.class, defaultValue = "drill-results",
            description = "Where run records (JSON) and the report go (default drill-results).")
    Path results;

    /**
     * Checks the selection before anything starts, each problem a usage error (exit 2, on stderr with the pointer to
     * {@code --help}): nothing named, {@code --all} beside names (it would drop the names unseen), or a results
     * folder that cannot be written, which would otherwise be found only after every scenario had played.
     */
    void check(CommandSpec spec) {
        if (names.isEmpty() && !all) {
            throw new ParameterException(spec.commandLine(),
                    "name one or more scenarios, or --all; `drill list` shows them");
        }
        if (all && !names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--all plays every scenario; name scenarios or give "
                    + "--all, not both (saw %s)".formatted(String.join(" ", names)));
        }
        unwritable(results).ifPresent(why -> {
            throw new ParameterException(spec.commandLine(), "--results: " + why);
        });
    }

    /**
     * Why nothing could be written into {@code folder}, or empty: the nearest folder that exists (the folder
     * itself, or where it would be made) must be a folder this process may write into, and one a file can be made
     * in (tried: one made and deleted at once). Nothing is left here, so a drill refused later (a misspelt scenario)
     * leaves no empty results folder behind.
     */
    static Optional<String> unwritable(Path folder) {
        if (folder.toString().isEmpty()) {
            // An unset shell variable ("--results $OUT"): it would resolve to the current folder, and the run's
            // records, reports and history would be strewn through whatever folder the user stands in.
            return Optional.of("an empty path; name a folder (. for the current one)");
        }
        Path wanted = folder.toAbsolutePath().normalize();
        Path existing = wanted;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty(); // no root to judge by: let the write itself say what is wrong
        }
        String where = existing.equals(wanted) ? "" : "cannot make " + wanted + ": ";
        if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
            // A link to a folder that is gone (a disk not mounted): no folder can be made at its name either.
            return Optional.of(where + existing + " is a symbolic link to " + linkTarget(existing)
                    + ", which does not exist");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(where + existing + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            return Optional.of(where + existing + " is not writable (a read-only file system, or no permission)");
        }
        // Asked by trying, too: the permission bits can say yes where no file can be made (/proc and /sys for root,
        // a file system that refuses new files), and the run would then fail after the scenario had played.
        try {
            Files.delete(Files.createTempFile(existing, ".drill-write-check", ""));
        } catch (IOException refused) {
            return Optional.of(where + "no file can be made in " + existing + " (trying one: "
                    + IoErrors.describe(refused) + ")");
        }
        return Optional.empty();
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (java.io.IOException unreadable) {
            return "a path that cannot be read";
        }
    }

    List<Scenario> load() {
        return ScenarioFiles.load(scenarios != null ? scenarios : ScenarioFiles.defaultDir(), names, all);
    }

    /** This drill's records as they are written, and its entry in the results folder's history. */
    DrillRecords drill(String runKind, Optional<ReportSink> reports, PrintStream out, java.io.PrintWriter err) {
        return new DrillRecords(runKind, results, reports, out, err);
    }
}
