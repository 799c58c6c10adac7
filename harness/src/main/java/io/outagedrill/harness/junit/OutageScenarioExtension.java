package io.outagedrill.harness.junit;

import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Runs the scenario an {@link OutageScenario} test names and hands the test its {@link RunResult}. */
public final class OutageScenarioExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        OutageScenario spec = context.getRequiredTestMethod().getAnnotation(OutageScenario.class);
        try {
            Scenario scenario = find(spec);
            RunOptions options = RunOptions.defaults(Path.of(spec.results()))
                    .withClient(spec.client().isEmpty() ? null : spec.client())
                    .withPolicy(spec.policy().isEmpty() ? null : spec.policy())
                    .withClientCount(spec.clients() < 0 ? null : spec.clients());
            if (spec.seed() >= 0) {
                options = options.withSeed(spec.seed());
            }
            if (spec.adapter() != io.outagedrill.harness.sut.SystemUnderTest.class) {
                options = options.withAdapter(instantiate(spec.adapter()));
            }
            return new ScenarioRunner().run(scenario, options);
        } catch (IOException e) {
            throw new ParameterResolutionException("could not run scenario " + spec.value() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParameterResolutionException("interrupted while running scenario " + spec.value(), e);
        }
    }

    private static io.outagedrill.harness.sut.SystemUnderTest instantiate(
            Class<? extends io.outagedrill.harness.sut.SystemUnderTest> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ParameterResolutionException(("cannot create the adapter %s: it needs a public no-argument "
                    + "constructor (%s)").formatted(type.getName(), e), e);
        }
    }

    static Scenario find(OutageScenario spec) throws IOException {
        String name = spec.value();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return ScenarioLoader.load(Path.of(name));
        }
        for (String dir : new String[] {spec.scenarios(), System.getProperty("outagedrill.scenarios", ""),
                "scenarios"}) {
            if (!dir.isEmpty() && Files.isRegularFile(Path.of(dir, name + ".yaml"))) {
                return ScenarioLoader.load(Path.of(dir, name + ".yaml"));
            }
        }
        Optional<String> builtIn = builtIn(name);
        if (builtIn.isPresent()) {
            return ScenarioLoader.parse(name + ".yaml", name, builtIn.get());
        }
        throw new ParameterResolutionException(("no scenario '%s': not in %s, outagedrill.scenarios, ./scenarios, "
                + "nor among the built-in ones").formatted(name, spec.scenarios().isEmpty() ? "(no folder given)"
                : spec.scenarios()));
    }

    private static Optional<String> builtIn(String name) throws IOException {
        try (InputStream in = OutageScenarioExtension.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
