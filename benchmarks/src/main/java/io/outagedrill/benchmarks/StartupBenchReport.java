package io.outagedrill.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link TopologyStartBenchmark} (first and second topology in JMH forks) and {@link JvmLaunchBenchmark}
 * (whole {@code java} processes: the JVM alone, and until the topology is up) in one go and prints each sample
 * set's median, spread and the machine's load average, so cold, warm and JVM figures come from one run.
 *
 * <pre>
 * StartupBenchReport [--forks 20] [--launches 20] [--classpath OTHER_BUILD_CLASSPATH]... [--out DIR]
 * </pre>
 *
 * {@code --classpath} adds launches of another build's class path beside this one's (e.g. before a change).
 */
public final class StartupBenchReport {
    private StartupBenchReport() {
    }

    record Settings(int forks, int launches, List<String> classpaths, Path out) {
        static Settings parse(String... args) {
            int forks = 20;
            int launches = 20;
            List<String> classpaths = new ArrayList<>(List.of(""));
            Path out = Path.of("target/jmh");
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--forks" -> forks = Integer.parseInt(value);
                    case "--launches" -> launches = Integer.parseInt(value);
                    case "--classpath" -> classpaths.add(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException(args[args.length - 1] + " needs a value");
            }
            return new Settings(forks, launches, List.copyOf(classpaths), out);
        }
    }

    /** One benchmark and parameter set's samples, in ms. */
    record Samples(String label, double[] ms) {
        double percentile(double p) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            // Nearest rank: a time some sample really took.
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\nusage: StartupBenchReport [--forks 20] [--launches 20] "
                    + "[--classpath OTHER_BUILD_CLASSPATH]... [--out target/jmh]");
            System.exit(2);
            return;
        }
        String loadBefore = loadAverage();
        Files.createDirectories(settings.out());
        List<Samples> samples = new ArrayList<>();
        // Forks for in-JVM starts (one sample each), iterations of one fork for launches (one process each).
        samples.addAll(samples(new Runner(new OptionsBuilder()
                .include(TopologyStartBenchmark.class.getName() + "\\.")
                .forks(settings.forks())
                .resultFormat(ResultFormatType.JSON)
                .result(settings.out().resolve("topology-start.json").toString())
                .build()).run(), settings.classpaths()));
        samples.addAll(samples(new Runner(new OptionsBuilder()
                .include(JvmLaunchBenchmark.class.getName() + "\\.")
                .param("classpath", settings.classpaths().toArray(String[]::new))
                .measurementIterations(settings.launches())
                .resultFormat(ResultFormatType.JSON)
                .result(settings.out().resolve("jvm-launch.json").toString())
                .build()).run(), settings.classpaths()));
        System.out.println();
        System.out.printf(Locale.ROOT, "%d cores, JDK %s, load average before %s, after %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadBefore, loadAverage());
        System.out.printf(Locale.ROOT, "%-44s %4s %8s %8s %8s %8s%n", "benchmark", "n", "median", "min", "p90", "max");
        for (Samples s : samples) {
            System.out.printf(Locale.ROOT, "%-44s %4d %6.0f ms %5.0f ms %5.0f ms %5.0f ms%n", s.label(), s.ms().length,
                    s.percentile(0.5), s.percentile(0), s.percentile(0.9), s.percentile(1));
        }
        for (int i = 1; i < settings.classpaths().size(); i++) {
            String[] entries = settings.classpaths().get(i).split(java.io.File.pathSeparator);
            System.out.println("class path #" + i + ": " + entries[0] + " and " + (entries.length - 1) + " more");
        }
        System.out.println("JMH results: " + settings.out().toAbsolutePath() + "/{topology-start,jvm-launch}.json");
    }

    static List<Samples> samples(Collection<RunResult> results, List<String> classpaths) {
        List<Samples> all = new ArrayList<>();
        for (RunResult run : results) {
            String method = run.getParams().getBenchmark();
            String label = method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1);
            String main = run.getParams().getParam("main");
            String classpath = run.getParams().getParam("classpath");
            if (main != null) {
                label += " " + main + (classpath == null || classpath.isEmpty() ? ""
                        : " (class path #" + classpaths.indexOf(classpath) + ")");
            }
            List<Double> ms = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    ms.add(iteration.getPrimaryResult().getScore());
                }
            }
            all.add(new Samples(label, ms.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return all;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", fields[0], fields[1], fields[2]);
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
