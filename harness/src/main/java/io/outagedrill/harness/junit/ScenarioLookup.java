package io.outagedrill.harness.junit;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Finds a scenario by name the way {@link OutageScenario} and {@link FakeWorld} document it: a path to a .yaml
 * (or .yml) file, else {@code NAME.yaml} or {@code NAME.yml} in the given folder, the folder in
 * {@code outagedrill.scenarios}, {@code ./scenarios}, and last the built-in ones on the class path.
 */
final class ScenarioLookup {
    private ScenarioLookup() {
    }

    /**
     * @param folder where to look first; empty for none
     * @throws ParameterResolutionException naming every place looked in, when there is no such scenario
     */
    /** As {@link #find(String, String)}, a failure's words starting with the annotation that asked ({@code @FakeWorld}). */
    static Scenario find(String annotation, String name, String folder) {
        try {
            return find(name, folder);
        } catch (ParameterResolutionException e) {
            throw new ParameterResolutionException(annotation + ": " + e.getMessage(), e);
        }
    }

    static Scenario find(String name, String folder) {
        if (ScenarioLoader.isScenarioFileName(name)) {
            return ScenarioLoader.load(Path.of(name));
        }
        String property = System.getProperty("outagedrill.scenarios", "");
        // A folder named that is not there is a mistake, not a reason to play the built-in scenario of that name.
        requireFolder(folder, "scenarios = \"" + folder + "\"");
        requireFolder(property, "-Doutagedrill.scenarios=" + property);
        List<String> folders = Stream.of(folder, property, "scenarios").filter(dir -> !dir.isEmpty()).toList();
        for (String dir : folders) {
            // NAME.yaml or NAME.yml (both there: refused), as `drill run NAME` finds it.
            Optional<Path> file = ScenarioLoader.fileNamed(Path.of(dir), name);
            if (file.isPresent()) {
                return ScenarioLoader.load(file.get());
            }
        }
        Optional<Scenario> builtIn = ScenarioLoader.builtIn(name);
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        throw new ParameterResolutionException("no scenario '%s': not in %s, nor among the built-in ones%s".formatted(
                name, String.join(", ", folders.stream().map(dir -> Path.of(dir).toAbsolutePath().toString())
                        .toList()), ScenarioLoader.didYouMean(name, folders.stream().map(Path::of).toList(), true)));
    }

    private static void requireFolder(String folder, String given) {
        if (!folder.isEmpty() && !Files.isDirectory(Path.of(folder))) {
            throw new ParameterResolutionException("%s: %s %s, so no scenario would be read from it".formatted(given,
                    Path.of(folder).toAbsolutePath(), Files.exists(Path.of(folder)) ? "is not a folder"
                            : "does not exist"));
        }
    }
}
