package io.outagedrill.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.client.IoErrors;
import io.outagedrill.reports.model.JmhTiming;
import io.outagedrill.reports.model.Percentiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads JMH's JSON ({@code -rf json}) and keeps the scenario benchmarks (the benchmarks module's
 * {@code ScenarioBenchmark}); other benchmarks in the same file (download throughput, proxy) are not about
 * scenarios and are skipped. Only names are shared with that module, so the report needs no JMH on its class path:
 * the benchmarks module's own tests check that its benchmark and profiler still carry these names.
 */
public final class JmhResults {
    /** JMH's name for the scenario benchmark: {@code io.outagedrill.benchmarks.ScenarioBenchmark#run}. */
    public static final String SCENARIO_BENCHMARK = "io.outagedrill.benchmarks.ScenarioBenchmark.run";
    /** Secondary result: completion time of each successful download, milliseconds. */
    public static final String DOWNLOAD = "download";
    /** Secondary result: downloads started in the measured runs. */
    public static final String COUNT = "download.count";
    /** Secondary result: downloads that did not complete verified. */
    public static final String FAILED = "download.failed";
    /** JMH's name for single-shot mode ({@code -bm ss}), the one mode in which an operation is one scenario run. */
    public static final String SINGLE_SHOT = "ss";

    /** The names it had before the benchmarks got their own module: JSON written then still reads. */
    private static final Set<String> SCENARIO_BENCHMARKS = Set.of(SCENARIO_BENCHMARK,
            "io.outagedrill.reports.bench.ScenarioBenchmark.run");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * @throws IOException no such file, a folder, a file that cannot be read (each said so, with the path), a file
     *                     that is not JMH's JSON, or a scenario benchmark not run single-shot
     */
    public static List<JmhTiming> read(Path file) throws IOException {
        // A read failure is the file's own problem, not its content's: said as what it is, not as "not JMH JSON".
        if (Files.isDirectory(file)) {
            throw new IOException(("no JMH results at %s: it is a folder, not a file; give the JSON file JMH wrote "
                    + "(-rf json), such as drill bench's drill-bench/jmh.json").formatted(file.toAbsolutePath()));
        }
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            // Cut short or hand-edited: say where, as the other files drill report reads do.
            throw new IOException("%s: not JMH JSON (%s)".formatted(JsonLocations.in(file, e.getLocation()),
                    e.getOriginalMessage().lines().findFirst().orElse("")), e);
        } catch (NoSuchFileException e) {
            throw new IOException("no JMH results at %s: no such file".formatted(file.toAbsolutePath()), e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read JMH results at %s: permission denied".formatted(file.toAbsolutePath()),
                    e);
        } catch (IOException e) {
            throw new IOException("cannot read JMH results at %s: %s".formatted(file.toAbsolutePath(),
                    IoErrors.describe(e)), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IOException(file + ": empty, not JMH JSON");
        }
        if (!root.isArray()) {
            throw new IOException(file + ": not JMH JSON (expected an array of benchmark results)");
        }
        List<JmhTiming> out = new ArrayList<>();
        for (JsonNode b : root) {
            if (SCENARIO_BENCHMARKS.contains(b.path("benchmark").asText())) {
                out.add(timing(b, file.toString()));
            }
        }
        return out;
    }

    /** Several files, in order. */
    public static List<JmhTiming> read(List<Path> files) throws IOException {
        List<JmhTiming> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(read(f));
        }
        return out;
    }

    /**
     * One scenario benchmark's result. A score that is no time per run (a throughput, {@code ops/s}, from JMH run
     * with {@code -bm thrpt}) is refused, naming the file, the benchmark and the unit: its reciprocal would be the
     * mean of a time only when every iteration ran the same number of times, and its error cannot be turned into a
     * time's at all. So is a time per run from a mode that loops runs for a fixed time ({@code -bm avgt},
     * {@code -bm sample}), naming the file, the benchmark and the mode: its iterations are no runs, and how many runs
     * each looped (which the report would say) is not in the JSON.
     */
    static JmhTiming timing(JsonNode b, String source) throws IOException {
        JsonNode params = b.path("params");
        JsonNode primary = b.path("primaryMetric");
        double toSeconds = seconds(b, source, "score", primary.path("scoreUnit").asText("s/op"));
        String mode = b.path("mode").asText(SINGLE_SHOT);
        if (!mode.equals(SINGLE_SHOT)) {
            throw new IOException(("%s: benchmark %s (mode %s) looped scenario runs for a fixed time and JMH's "
                    + "JSON does not say how many it ran, so its measured runs cannot be counted; the report reads "
                    + "scenario benchmarks as drill bench runs them, single-shot (-bm ss)")
                    .formatted(source, b.path("benchmark").asText("?"), mode));
        }
        Double run = number(primary.path("score"));
        Double error = number(primary.path("scoreError"));
        JsonNode secondary = b.path("secondaryMetrics");
        JsonNode download = secondary.path(DOWNLOAD);
        Long downloads = whole(secondary.path(COUNT).path("score"));
        Long failed = whole(secondary.path(FAILED).path("score"));
        double toMillis = seconds(b, source, "download times", download.path("scoreUnit").asText("ms/op")) * 1000;
        JsonNode p = download.path("scorePercentiles");
        int samples = downloads != null && failed != null ? (int) (downloads - failed) : 0;
        Percentiles completion = new Percentiles(samples, scaled(p.path("50.0"), toMillis),
                scaled(p.path("90.0"), toMillis), scaled(p.path("99.0"), toMillis), scaled(p.path("99.9"), toMillis));
        int runs = b.path("forks").asInt(1) * b.path("measurementIterations").asInt(0)
                * Math.max(1, b.path("measurementBatchSize").asInt(1));
        return new JmhTiming(scenarioName(params.path("scenario").asText("")), params.path("client").asText("reference"),
                params.path("policy").asText("default"), runs, run == null ? null : run * toSeconds,
                error == null ? null : error * toSeconds, downloads, failed, completion, source);
    }

    /** A scenario benchmarked by path ({@code scenarios/x.yaml}) is named after its file, as its run records are. */
    static String scenarioName(String param) {
        if (!param.endsWith(".yaml") && !param.endsWith(".yml")) {
            return param;
        }
        String file = Path.of(param).getFileName().toString();
        return file.substring(0, file.lastIndexOf('.'));
    }

    /** Seconds per unit of {@code what} in benchmark result {@code b}, or why the report cannot read it. */
    private static double seconds(JsonNode b, String source, String what, String unit) throws IOException {
        OptionalDouble seconds = seconds(unit);
        if (seconds.isEmpty()) {
            throw new IOException(("%s: benchmark %s (mode %s) has its %s in %s, not a time per run (s/op, ms/op, "
                    + "us/op, ns/op); the report reads scenario benchmarks as drill bench runs them, single-shot "
                    + "(-bm ss)").formatted(source, b.path("benchmark").asText("?"), b.path("mode").asText("?"), what,
                    unit));
        }
        return seconds.getAsDouble();
    }

    /** Seconds per unit of a JMH time per operation such as "s/op", "ms/op", "us/op"; empty for any other unit. */
    static OptionalDouble seconds(String unit) {
        // A throughput (ops/s, ops/ms) names a time too, but per count of operations: it is no time per run.
        return switch (unit.endsWith("/op") ? unit.substring(0, unit.length() - "/op".length()) : unit) {
            case "s" -> OptionalDouble.of(1);
            case "ms" -> OptionalDouble.of(1e-3);
            case "us", "µs" -> OptionalDouble.of(1e-6);
            case "ns" -> OptionalDouble.of(1e-9);
            case "min" -> OptionalDouble.of(60);
            default -> OptionalDouble.empty();
        };
    }

    private static Double scaled(JsonNode n, double factor) {
        Double v = number(n);
        return v == null ? null : v * factor;
    }

    /** JMH writes NaN and infinities as strings. */
    private static Double number(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        double v = n.isNumber() ? n.asDouble() : parse(n.asText());
        return Double.isFinite(v) ? v : null;
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Long whole(JsonNode n) {
        Double v = number(n);
        return v == null ? null : Math.round(v);
    }
}
