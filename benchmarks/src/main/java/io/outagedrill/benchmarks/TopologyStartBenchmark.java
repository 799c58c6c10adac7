package io.outagedrill.benchmarks;

import io.outagedrill.fakes.topology.Topology;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@code Topology.builder()...start()} takes, cold and warm: the world {@code drill topology up} builds
 * (three providers behind their proxies, HTTPS from a fresh test CA, one 16 MiB generated file, a signed manifest
 * on two replicas, status pages, the admin API).
 *
 * <p>{@link Mode#SingleShotTime} with no warm-up and one measured operation per fork, so every sample of
 * {@code first} is the first topology of a fresh JVM: class loading, bytecode verification, interpreted code and
 * the JIT's first compilations are in it, as they are for a test class or a CLI that starts one. {@code second}
 * starts and closes one topology in its set-up, so its sample is what every later topology of the JVM costs.
 * Many forks make a distribution; {@link StartupBenchReport} prints median and spread.
 *
 * <p>A JMH fork is not a bare JVM: JMH's own classes are loaded and some JDK code is warm before the operation,
 * so {@code first} slightly flatters a real first start. {@link JvmLaunchBenchmark} times whole {@code java}
 * processes for that.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 20)
public class TopologyStartBenchmark {

    /** The world of {@code drill topology up --size 16MiB}, with an OS-chosen Toxiproxy port. */
    static Topology startTypical(long seed) {
        return Topology.builder().seed(seed).providers(3).file("video.mp4", "16MiB").start();
    }

    /** Holds the started topology so that closing it stays outside the measured operation. */
    @State(Scope.Thread)
    public static class Fresh {
        Topology topology;

        @TearDown(Level.Iteration)
        public void close() {
            if (topology != null) {
                topology.close();
            }
        }
    }

    /** A JVM that has already started and closed one topology. */
    @State(Scope.Thread)
    public static class Warmed extends Fresh {
        @Setup(Level.Trial)
        public void startOneFirst() {
            startTypical(0).close();
        }
    }

    @Benchmark
    public Topology first(Fresh state) {
        state.topology = startTypical(1);
        return state.topology;
    }

    @Benchmark
    public Topology second(Warmed state) {
        state.topology = startTypical(1);
        return state.topology;
    }
}
