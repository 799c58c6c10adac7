package io.outagedrill.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole {@code java} processes, from launch until the child prints {@code up} ({@link TopologyUpMain}):
 * {@code empty} is the JVM alone (launch to {@code main} on this class path), {@code topology} is launch until the
 * typical topology is up. Their difference is what a first topology costs a fresh JVM, with nothing of JMH's
 * loaded beforehand; {@code empty} says how much of a "first start" figure is the JVM's own.
 *
 * <p>Each operation is a new process, so iterations are independent samples; the child's close and exit happen
 * after the measurement, before the next launch. {@code classpath} (default: this JVM's) lets another build be
 * timed side by side, e.g. the code before a change.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 20)
@Fork(1)
@State(Scope.Thread)
public class JvmLaunchBenchmark {
    @Param({"empty", "topology"})
    public String main;

    /** The child's class path; empty: this JVM's own. */
    @Param("")
    public String classpath;

    private Process child;

    @Benchmark
    public int launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String path = classpath.isEmpty() ? System.getProperty("java.class.path") : classpath;
        child = new ProcessBuilder(List.of(java, "-cp", path, TopologyUpMain.class.getName(), main))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        int lines = 0;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines++;
            if (line.equals(TopologyUpMain.UP)) {
                return lines;
            }
        }
        throw new IllegalStateException("the child exited with " + child.exitValue() + " before it was up");
    }

    @TearDown(Level.Iteration)
    public void awaitExit() throws InterruptedException {
        if (child != null && !child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }
}
