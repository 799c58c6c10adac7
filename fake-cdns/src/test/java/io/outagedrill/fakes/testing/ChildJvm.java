package io.outagedrill.fakes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A main class in a JVM of its own, on this test JVM's class path: for what is decided once per JVM (whether a
 * Docker engine is reachable, Testcontainers' configuration) or must be seen from outside (exit status, what a
 * command prints). Started with C1 only and the serial collector, which a short-lived child starts fastest with;
 * its output goes to files (no pipe can fill up and stall it); bounded in time, after which it is killed and the
 * test fails with what it wrote to stderr.
 *
 * <pre>{@code
 * ChildJvm.Result child = ChildJvm.of(DrillCli.class).args("topology", "up").env("DOCKER_HOST", host).run();
 * }</pre>
 */
public final class ChildJvm {
    private final Class<?> mainClass;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> removed = new HashSet<>();
    private Duration timeout = Duration.ofMinutes(2);

    private ChildJvm(Class<?> mainClass) {
        this.mainClass = mainClass;
    }

    /** A child that runs {@code mainClass}'s {@code main}. */
    public static ChildJvm of(Class<?> mainClass) {
        return new ChildJvm(mainClass);
    }

    /** Arguments to {@code main}, after any given before. */
    public ChildJvm args(String... more) {
        args.addAll(Arrays.asList(more));
        return this;
    }

    /** Arguments to {@code main}, after any given before. */
    public ChildJvm args(List<String> more) {
        args.addAll(more);
        return this;
    }

    /** JVM options ({@code -Dname=value}, {@code -Xmx...}) before the main class. */
    public ChildJvm jvmOptions(String... more) {
        jvmOptions.addAll(Arrays.asList(more));
        return this;
    }

    /** An environment variable of the child's, beside those it inherits from this JVM. */
    public ChildJvm env(String name, String value) {
        environment.put(name, value);
        removed.remove(name);
        return this;
    }

    /** Environment variables of the child's, beside those it inherits. */
    public ChildJvm env(Map<String, String> variables) {
        variables.forEach(this::env);
        return this;
    }

    /** An environment variable this JVM has that the child must not inherit. */
    public ChildJvm withoutEnv(String name) {
        environment.remove(name);
        removed.add(name);
        return this;
    }

    /** How long the child may run before it is killed and the test fails (two minutes unless set). */
    public ChildJvm timeout(Duration limit) {
        timeout = limit;
        return this;
    }

    /** Runs the child to its end; throws {@link AssertionError} with its stderr if it outlives the timeout. */
    public Result run() throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("child-jvm-", ".out");
        Path stderr = Files.createTempFile("child-jvm-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command()).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().keySet().removeAll(removed);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("%s was expected to end within %s and did not; stderr: %s".formatted(
                        mainClass.getSimpleName(), timeout, Files.readString(stderr)));
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            delete(stdout);
            delete(stderr);
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        return command;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the child's output " + file, e);
        }
    }

    /** How the child ended: its exit status and all it wrote. */
    public record Result(int exit, String stdout, String stderr) {
    }
}
