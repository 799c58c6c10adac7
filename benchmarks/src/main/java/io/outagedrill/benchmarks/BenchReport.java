package io.outagedrill.benchmarks;

import io.outagedrill.client.ByteSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DownloadThroughputBenchmark} (the download and SHA-256 of the same bytes, in one run) through the
 * JMH Runner API and prints the figure the speed target is judged by:
 * {@code download X MB/s, sha256 Y MB/s, ratio Z%} (MB = 10^6 bytes), with the peak heap of the forked JVM.
 * The JMH results go to {@code target/jmh/download-throughput.json} (or {@code --out}).
 *
 * <pre>
 * BenchReport [--size 1GiB[,256MiB...]] [--chunk 4MiB] [--policy parallel,adaptive] [--warmups 1]
 *             [--iterations 3] [--forks 1] [--heap 128m] [--out FILE.json] [--prof gc|jfr|NAME[:OPTS]]... [--jvm ARG]...
 *             [--dir FOLDER (scratch files, default target/bench-data)]
 * </pre>
 */
public final class BenchReport {
    /** The speed target: a download at no less than this share of the SHA-256 speed. */
    static final double TARGET = 0.60;

    private BenchReport() {
    }

    /** What to run. */
    record Settings(List<String> sizes, String chunk, List<String> policies, int warmups, int iterations, int forks,
                    String heap, Path out, List<String> profilers, String dir,
                    List<String> extraJvm) {
        static Settings defaults() {
            return new Settings(List.of("1GiB"), "4MiB", List.of("parallel", "adaptive"), 1, 3, 1, "128m",
                    Path.of("target/jmh/download-throughput.json"), List.of(), "target/bench-data",
                    List.of());
        }

        static Settings parse(String... args) {
            Settings s = defaults();
            List<String> profilers = new ArrayList<>();
            List<String> extraJvm = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("-h") || flag.equals("--help")) {
                    throw new IllegalArgumentException("usage");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String v = args[++i];
                s = switch (flag) {
                    case "--size" -> new Settings(split(v), s.chunk, s.policies, s.warmups, s.iterations, s.forks,
                            s.heap, s.out, s.profilers, s.dir, s.extraJvm);
                    case "--chunk" -> new Settings(s.sizes, v, s.policies, s.warmups, s.iterations, s.forks, s.heap,
                            s.out, s.profilers, s.dir, s.extraJvm);
                    case "--policy" -> new Settings(s.sizes, s.chunk, split(v), s.warmups, s.iterations, s.forks,
                            s.heap, s.out, s.profilers, s.dir, s.extraJvm);
                    case "--warmups" -> new Settings(s.sizes, s.chunk, s.policies, Integer.parseInt(v), s.iterations,
                            s.forks, s.heap, s.out, s.profilers, s.dir, s.extraJvm);
                    case "--iterations" -> new Settings(s.sizes, s.chunk, s.policies, s.warmups, Integer.parseInt(v),
                            s.forks, s.heap, s.out, s.profilers, s.dir, s.extraJvm);
                    case "--forks" -> new Settings(s.sizes, s.chunk, s.policies, s.warmups, s.iterations,
                            Integer.parseInt(v), s.heap, s.out, s.profilers, s.dir, s.extraJvm);
                    case "--heap" -> new Settings(s.sizes, s.chunk, s.policies, s.warmups, s.iterations, s.forks, v,
                            s.out, s.profilers, s.dir, s.extraJvm);
                    case "--out" -> new Settings(s.sizes, s.chunk, s.policies, s.warmups, s.iterations, s.forks,
                            s.heap, Path.of(v), s.profilers, s.dir, s.extraJvm);
                    case "--dir" -> new Settings(s.sizes, s.chunk, s.policies, s.warmups, s.iterations, s.forks,
                            s.heap, s.out, s.profilers, v, s.extraJvm);
                    case "--jvm" -> {
                        extraJvm.add(v);
                        yield s;
                    }
                    case "--prof" -> {
                        profilers.add(v);
                        yield s;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                };
            }
            return new Settings(s.sizes, s.chunk, s.policies, s.warmups, s.iterations, s.forks, s.heap, s.out,
                    List.copyOf(profilers), s.dir, List.copyOf(extraJvm));
        }

        List<String> jvmArgs() {
            List<String> args = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:MaxDirectMemorySize=64m",
                    "-Dbench.dir=" + dir));
            args.addAll(extraJvm);
            return args;
        }

        private static List<String> split(String v) {
            return Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }
    }

    /** One measured benchmark with its parameters, as MB/s. */
    record Row(String benchmark, String size, String policy, double secondsPerOp, double mbPerSecond,
               double heapPeakMib, double cpuElsewherePct, double cpuSecondsPerOp) {
        /**
         * The fastest this operation could go if it had every core of the machine to itself and kept them all
         * busy: its CPU cost spread over the cores. No scheduling can beat it, so when it is below a target,
         * the target is out of reach on this machine for this work, not just for this run.
         */
        double cpuBoundMbPerSecond(int cores) {
            return mbPerSecond * secondsPerOp / (cpuSecondsPerOp / cores);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println((e.getMessage().equals("usage") ? "" : e.getMessage() + "\n") + """
                    usage: BenchReport [--size 1GiB[,256MiB...]] [--chunk 4MiB] [--policy parallel,adaptive]
                                       [--warmups 1] [--iterations 3] [--forks 1] [--heap 128m]
                                       [--out target/jmh/download-throughput.json] [--prof gc|jfr|NAME[:OPTS]]...
                                       [--dir target/bench-data] [--jvm EXTRA_FORK_JVM_ARG]...""");
            System.exit(2);
            return;
        }
        List<Row> rows = run(settings);
        System.out.println();
        System.out.print(summary(settings, rows));
        System.out.println("JMH results: " + settings.out().toAbsolutePath());
    }

    static List<Row> run(Settings s) throws RunnerException, java.io.IOException {
        Files.createDirectories(s.out().toAbsolutePath().getParent());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(DownloadThroughputBenchmark.class.getName() + "\\.")
                .param("size", s.sizes().toArray(String[]::new))
                .param("chunkSize", s.chunk())
                .param("policy", s.policies().toArray(String[]::new))
                .warmupIterations(s.warmups())
                .measurementIterations(s.iterations())
                .forks(s.forks())
                .jvmArgsAppend(s.jvmArgs().toArray(String[]::new))
                .timeout(TimeValue.minutes(10))
                .addProfiler(HeapPeakProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(s.out().toString());
        for (String p : s.profilers()) {
            int colon = p.indexOf(':');
            if (colon < 0) {
                options.addProfiler(p);
            } else {
                options.addProfiler(p.substring(0, colon), p.substring(colon + 1));
            }
        }
        return rows(new Runner(options.build()).run());
    }

    static List<Row> rows(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String size = r.getParams().getParam("size");
            String policy = method.equals("download") ? r.getParams().getParam("policy") : "";
            double seconds = r.getPrimaryResult().getScore();
            Result<?> heap = r.getSecondaryResults().get(HeapPeakProfiler.HEAP_PEAK);
            Result<?> elsewhere = r.getSecondaryResults().get(HeapPeakProfiler.OTHER_CPU);
            Result<?> cpu = r.getSecondaryResults().get(HeapPeakProfiler.OWN_CPU);
            rows.add(new Row(method, size, policy, seconds, megabytesPerSecond(size, seconds),
                    heap == null ? Double.NaN : heap.getScore(), elsewhere == null ? Double.NaN : elsewhere.getScore(),
                    cpu == null ? Double.NaN : cpu.getScore()));
        }
        return rows;
    }

    static double megabytesPerSecond(String size, double secondsPerOp) {
        return ByteSize.parse(size) / 1e6 / secondsPerOp;
    }

    /** The target's lines, one per size and policy. */
    static String summary(Settings s, List<Row> rows) {
        return summary(s, rows, Runtime.getRuntime().availableProcessors());
    }

    static String summary(Settings s, List<Row> rows, int cores) {
        StringBuilder out = new StringBuilder();
        Map<String, List<Row>> bySize = new TreeMap<>();
        rows.forEach(r -> bySize.computeIfAbsent(r.size(), k -> new ArrayList<>()).add(r));
        bySize.forEach((size, list) -> {
            Row wire = list.stream().filter(r -> r.benchmark().equals("wireOnly")).findFirst().orElse(null);
            Row sha = list.stream().filter(r -> r.benchmark().equals("sha256OfSameBytes")).findFirst().orElse(null);
            out.append(String.format(Locale.ROOT, "%s file, %s chunks, 3 loopback mirrors, %d cores, fork %s:%n",
                    size, s.chunk(), cores, String.join(" ", s.jvmArgs())));
            if (sha != null) {
                out.append(String.format(Locale.ROOT, "  sha256 of the same bytes on disk: %.0f MB/s (%.3f s/op)%n",
                        sha.mbPerSecond(), sha.secondsPerOp()));
            }
            if (wire != null) {
                out.append(String.format(Locale.ROOT,
                        "  wire only (3 ranged GETs, bytes dropped, no hash, no disk): %.0f MB/s (%.3f s/op)%n",
                        wire.mbPerSecond(), wire.secondsPerOp()));
            }
            for (Row d : list) {
                if (!d.benchmark().equals("download")) {
                    continue;
                }
                String ratio = sha == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%",
                        100 * d.mbPerSecond() / sha.mbPerSecond());
                String verdict = sha == null ? "" : d.mbPerSecond() >= TARGET * sha.mbPerSecond()
                        ? " (target 60%: met)" : " (target 60%: NOT met)";
                out.append(String.format(Locale.ROOT,
                        "  [%s] download %.0f MB/s, sha256 %s MB/s, ratio %s%s; peak heap %.0f MiB of %s; "
                                + "other processes used %.0f%% of the machine's CPU meanwhile%n",
                        d.policy(), d.mbPerSecond(),
                        sha == null ? "n/a" : String.format(Locale.ROOT, "%.0f", sha.mbPerSecond()), ratio, verdict,
                        d.heapPeakMib(), s.heap(), d.cpuElsewherePct()));
                if (!Double.isNaN(d.cpuSecondsPerOp())) {
                    out.append(cpuLine(d, wire, sha, cores));
                }
            }
        });
        return out.toString();
    }

    /**
     * Where the download's CPU went and what that allows: the CPU bound says whether a faster schedule could reach
     * the target on this machine at all, or whether the work itself (every byte hashed twice, sent and received
     * over loopback by servers on the same cores, written and read back) costs more CPU than the cores have.
     */
    private static String cpuLine(Row d, Row wire, Row sha, int cores) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "      CPU: the download used %.2f core-seconds per file", d.cpuSecondsPerOp()));
        List<String> parts = new ArrayList<>();
        if (wire != null && !Double.isNaN(wire.cpuSecondsPerOp())) {
            parts.add(String.format(Locale.ROOT, "servers + loopback + HTTP alone %.2f", wire.cpuSecondsPerOp()));
        }
        if (sha != null && !Double.isNaN(sha.cpuSecondsPerOp())) {
            parts.add(String.format(Locale.ROOT, "one SHA-256 pass %.2f, the client makes two", sha.cpuSecondsPerOp()));
        }
        if (!parts.isEmpty()) {
            line.append(" (").append(String.join("; ", parts)).append(')');
        }
        double bound = d.cpuBoundMbPerSecond(cores);
        line.append(String.format(Locale.ROOT, "; with all %d cores busy it could reach at most %.0f MB/s", cores, bound));
        if (sha != null) {
            line.append(String.format(Locale.ROOT, " = %.0f%% of SHA-256", 100 * bound / sha.mbPerSecond()));
        }
        return line.append(System.lineSeparator()).toString();
    }
}
