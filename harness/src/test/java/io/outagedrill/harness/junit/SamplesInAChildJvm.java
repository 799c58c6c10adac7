package io.outagedrill.harness.junit;

import io.outagedrill.fakes.testing.ChildJvm;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs sample classes through the EngineTestKit in a JVM of its own, with an environment the test chooses: whether
 * a Docker engine is reachable is asked once per JVM, so a test that needs "no engine" on a machine that has one
 * points {@code DOCKER_HOST} of a child JVM at a socket that does not exist.
 *
 * <p>The child prints one line per finished test or class, {@code STATUS DISPLAY-NAME: MESSAGE}, which
 * {@link #run} returns; its standard error is returned apart.
 */
final class SamplesInAChildJvm {
    private SamplesInAChildJvm() {
    }

    /** What the child printed. */
    record Output(List<String> finished, String stderr) {
    }

    static Output run(Map<String, String> environment, Class<?>... samples)
            throws IOException, InterruptedException {
        ChildJvm.Result child = ChildJvm.of(SamplesInAChildJvm.class)
                .args(Arrays.stream(samples).map(Class::getName).toList()).env(environment).run();
        if (child.exit() != 0) {
            throw new AssertionError("the child JVM running %s exited %d, expected 0; stderr: %s".formatted(
                    List.of(samples), child.exit(), child.stderr()));
        }
        return new Output(child.stdout().lines().toList(), child.stderr());
    }

    /** In the child: runs each sample class named and prints how each test and class ended. */
    public static void main(String[] args) throws ClassNotFoundException {
        for (String name : args) {
            EngineExecutionResults results = OnlyUnderTestKit.run(Class.forName(name));
            for (Event event : results.allEvents().finished().list()) {
                TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
                if (event.getTestDescriptor().isRoot()) {
                    continue; // the engine itself
                }
                System.out.printf("%s %s: %s%n", result.getStatus(), event.getTestDescriptor().getDisplayName(),
                        result.getThrowable().map(Throwable::getMessage).orElse(""));
            }
        }
    }
}
