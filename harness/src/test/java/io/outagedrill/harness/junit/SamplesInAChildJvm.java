package io.outagedrill.harness.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    static Output run(Map<String, String> environment, Path work, Class<?>... samples)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), SamplesInAChildJvm.class.getName()));
        for (Class<?> sample : samples) {
            command.add(sample.getName());
        }
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process child = builder.start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM running " + List.of(samples) + " did not end within 120 s; "
                    + "stderr: " + Files.readString(err));
        }
        if (child.exitValue() != 0) {
            throw new AssertionError("the child JVM exited %d, expected 0; stderr: %s".formatted(child.exitValue(),
                    Files.readString(err)));
        }
        return new Output(Files.readAllLines(out), Files.readString(err));
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
