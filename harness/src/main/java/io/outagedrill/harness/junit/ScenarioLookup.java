package io.outagedrill.harness.junit;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
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
    static Scenario find(String name, String folder) {
        if (ScenarioLoader.isScenarioFileName(name)) {
            return ScenarioLoader.load(Path.of(name));
        }
        String[] folders = {folder, System.getProperty("outagedrill.scenarios", ""), "scenarios"};
        for (String dir : folders) {
            // NAME.yaml or NAME.yml (both there: refused), as `drill run NAME` finds it.
            Optional<Path> file = dir.isEmpty() ? Optional.empty() : ScenarioLoader.fileNamed(Path.of(dir), name);
            if (file.isPresent()) {
                return ScenarioLoader.load(file.get());
            }
        }
        Optional<Scenario> builtIn = ScenarioLoader.builtIn(name);
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        throw new ParameterResolutionException(("no scenario '%s': not in %s, outagedrill.scenarios, ./scenarios, "
                + "nor among the built-in ones%s").formatted(name, folder.isEmpty() ? "(no folder given)" : folder,
                ScenarioLoader.didYouMean(name, Stream.of(folders).filter(dir -> !dir.isEmpty())
                        .map(Path::of).toList(), true)));
    }
}
