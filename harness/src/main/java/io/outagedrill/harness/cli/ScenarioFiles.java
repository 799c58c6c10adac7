package io.outagedrill.harness.cli;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioException;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Finds scenarios by name in the scenarios folder ({@code ./scenarios} or {@code --scenarios DIR}), or by path. */
public final class ScenarioFiles {
    /** The help of every {@code --scenarios}-like option: where {@link #defaultDir} looks. */
    public static final String FOLDER_HELP = "Scenario folder (default: the scenarios folder beside the drill "
            + "launcher, ./scenarios without it).";

    private ScenarioFiles() {
    }

    public static Path defaultDir() {
        String fromLauncher = System.getenv("DRILL_HOME");
        Path base = fromLauncher != null ? Path.of(fromLauncher) : Path.of(".");
        return base.resolve("scenarios");
    }

    /**
     * Scenarios by name ({@code dir/NAME.yaml} or {@code dir/NAME.yml}, not both) or path, or every one in
     * {@code dir}; an unknown name is a {@link ScenarioException} naming the file looked for, as a scenario that
     * cannot be used is (the CLI prints it as it prints a bad scenario file's problems, with exit code 2). The problems of every name are reported
     * together, as {@code --all} reports those of every file; {@code --all} over a folder with none is one too.
     */
    public static List<Scenario> load(Path dir, List<String> names, boolean all) {
        if (all) {
            List<Scenario> every = ScenarioLoader.loadAll(dir);
            if (every.isEmpty()) {
                // A --scenarios naming the wrong folder: nothing played would read as every SLO held (exit 0).
                throw new ScenarioException(new ScenarioException.Problem(dir.toString(), 0, 0, "",
                        "no scenario file (NAME.yaml or NAME.yml) in this folder; --all plays those it holds"));
            }
            return every;
        }
        return each(names, name -> find(dir, name, false));
    }

    /**
     * As {@link #load} for names and paths, where a name not in {@code dir} is taken from the scenarios built into
     * the harness ({@link ScenarioLoader#builtIn}): a build that declares the release gate and names a scenario
     * of this repository needs no copy of it (the Maven plugin's way in). Unknown in both places, it is a
     * {@link ScenarioException} naming both.
     */
    public static List<Scenario> loadOrBuiltIn(Path dir, List<String> names) {
        return each(names, name -> find(dir, name, true));
    }

    /** Every name's scenario, or one ScenarioException with the problems of all the names that have some. */
    private static List<Scenario> each(List<String> names, Function<String, Scenario> find) {
        List<Scenario> scenarios = new ArrayList<>();
        List<ScenarioException.Problem> problems = new ArrayList<>();
        for (String name : names) {
            try {
                scenarios.add(find.apply(name));
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return scenarios;
    }

    private static Scenario find(Path dir, String name, boolean builtIns) {
        boolean path = ScenarioLoader.isScenarioFileName(name);
        // --all and `drill list` take a folder's .yml files too: each of them runs by the name they show.
        Path file = path ? Path.of(name) : ScenarioLoader.fileNamed(dir, name).orElse(dir.resolve(name + ".yaml"));
        if (Files.exists(file)) {
            return ScenarioLoader.load(file);
        }
        if (!path && builtIns) {
            Optional<Scenario> builtIn = ScenarioLoader.builtIn(name);
            if (builtIn.isPresent()) {
                return builtIn.get();
            }
        }
        if (!path && !name.isBlank() && Files.isDirectory(Path.of(name))) {
            // A folder where a scenario was wanted, and no scenario of that name: the folder option differs by
            // command, so both are named. (One named like a scenario file is said to be a folder where it loads.)
            throw new ScenarioException(new ScenarioException.Problem(name, 0, 0, "", "a folder, not a scenario: give "
                    + "the folder with --scenarios DIR (drill bench: --scenario-dir DIR) and the scenarios' names, "
                    + "or --all"));
        }
        String problem = path ? "no such scenario file" + inFolder(dir, file)
                : builtIns ? "no scenario '%s' here nor among the built-in ones%s".formatted(name,
                        ScenarioLoader.didYouMean(name, List.of(dir), true))
                : "no scenario '%s' here%s; `drill list` shows them".formatted(name,
                        ScenarioLoader.didYouMean(name, List.of(dir), false));
        throw new ScenarioException(new ScenarioException.Problem(file.toString(), 0, 0, "", problem));
    }

    /**
     * " (the scenarios folder has one by that name: give its name, NAME)" when a file of that name is in the folder: a
     * user who typed the file's name ({@code drill run my-scenario.yaml}) from outside the folder was told only that
     * nothing was there.
     */
    private static String inFolder(Path dir, Path file) {
        Path fileName = file.getFileName();
        if (fileName == null || !Files.isRegularFile(dir.resolve(fileName))) {
            return "";
        }
        String name = fileName.toString();
        return " (%s has one by that name: give the scenario's name, %s, or the path %s)".formatted(dir,
                name.substring(0, name.lastIndexOf('.')), dir.resolve(fileName));
    }
}
