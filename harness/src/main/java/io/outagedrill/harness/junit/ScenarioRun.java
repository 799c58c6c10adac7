package io.outagedrill.harness.junit;

import io.outagedrill.harness.containers.RealServerFitReport;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.sut.SystemUnderTest;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * One scenario run kept for a test class: what came of it, and the adapter object made for it. Kept in the class's
 * {@code ExtensionContext.Store}, it is closed when the class ends, which closes an adapter that is
 * {@link AutoCloseable} (a downloader holding a connection pool, say) once every test has had the result.
 *
 * <p>A run that failed is kept too, so tests asking for the same run see the same failure instead of
 * running it again.
 */
record ScenarioRun(RunSpec spec, Outcome outcome, Optional<SystemUnderTest> adapter) implements AutoCloseable {

    /** What came of a run. */
    sealed interface Outcome {
        record Ran(RunResult result) implements Outcome {
        }

        /** @param message what a test's failure says: the scenario, and why there is no result */
        record Failed(String message, Throwable cause) implements Outcome {
        }
    }

    static ScenarioRun play(RunSpec spec) {
        SystemUnderTest adapter = null;
        try {
            Scenario scenario = ScenarioLookup.find("@OutageScenario", spec.scenario(), spec.scenarios());
            spec.problem(scenario).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
            adapter = spec.hasAdapter() ? instantiate(spec.adapter()) : null;
            if (spec.world() == World.CONTAINERS) {
                // What drill run --world containers says first: the steps real servers cannot act out, unplayed.
                RealServerFitReport.print(List.of(scenario), System.out);
            }
            // The runner closes the world when the run ends, however it ends: no container outlives the run.
            RunResult result = new ScenarioRunner(Clock.systemUTC(), spec.world().starter())
                    .run(scenario, spec.options(adapter));
            return new ScenarioRun(spec, new Outcome.Ran(result), Optional.ofNullable(adapter));
        } catch (ParameterResolutionException notFound) {
            return new ScenarioRun(spec, new Outcome.Failed(notFound.getMessage(), notFound),
                    Optional.ofNullable(adapter));
        } catch (IOException | RuntimeException e) {
            return new ScenarioRun(spec, new Outcome.Failed("could not run %s: %s".formatted(spec.describe(),
                    e.getMessage()), e), Optional.ofNullable(adapter));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ScenarioRun(spec, new Outcome.Failed("interrupted while running " + spec.describe(), e),
                    Optional.ofNullable(adapter));
        }
    }

    /** The run's result; a run that failed throws its failure for every test that asks. */
    RunResult result() {
        return switch (outcome) {
            case Outcome.Ran ran -> ran.result();
            case Outcome.Failed failed -> throw new OutageScenarioException(failed.message(), failed.cause());
        };
    }

    @Override
    public void close() {
        if (adapter.isPresent()) {
            try {
                SystemsUnderTest.closeIfCloseable(adapter.get());
            } catch (IOException e) {
                throw new IllegalStateException("could not close the adapter %s after %s: %s".formatted(
                        spec.adapter().getName(), spec.describe(), e.getMessage()), e);
            }
        }
    }

    private static SystemUnderTest instantiate(Class<? extends SystemUnderTest> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(("cannot create the adapter %s: it needs a public no-argument "
                    + "constructor (%s)").formatted(type.getName(), e), e);
        }
    }
}
