package io.outagedrill.benchmarks.peers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The bench's arithmetic and its output: each contender's median wall time, CPU, peak RSS and time to its first
 * request over the runs, the ratios against the reference client over HTTPS, and the targets checked. Pure
 * functions of the samples, so they are tested without any server.
 */
final class PeersReport {
    static final String REFERENCE = "drill-https";
    /** Suffix of a contender's name for its runs with one mirror blackholed. */
    static final String BLACKHOLE = "+blackhole";
    private static final double GIB = 1L << 30;

    /** One timed run of one contender. */
    record Sample(String contender, double wallSeconds, double cpuSeconds, long peakRssKiB,
                  OptionalLong firstRequestMillis) {
    }

    /** A contender's medians over its runs. */
    record Row(String contender, String description, int runs, double wallSeconds, double cpuSeconds,
               double peakRssMiB, OptionalDouble firstRequestMillis, double megabytesPerSecond) {
    }

    /** A target, what was measured for it, and whether it holds. */
    record Target(String what, String measured, boolean met) {
    }

    private final long size;
    private final List<Row> rows;

    PeersReport(long size, Map<String, String> descriptions, List<Sample> samples) {
        this.size = size;
        Map<String, List<Sample>> by = new LinkedHashMap<>();
        descriptions.keySet().forEach(name -> by.put(name, new ArrayList<>()));
        samples.forEach(s -> by.computeIfAbsent(s.contender(), k -> new ArrayList<>()).add(s));
        List<Row> made = new ArrayList<>();
        by.forEach((name, list) -> {
            if (list.isEmpty()) {
                return;
            }
            double wall = median(list.stream().mapToDouble(Sample::wallSeconds).toArray());
            double[] starts = list.stream().map(Sample::firstRequestMillis).filter(OptionalLong::isPresent)
                    .mapToDouble(OptionalLong::getAsLong).toArray();
            made.add(new Row(name, descriptions.getOrDefault(name, name), list.size(), wall,
                    median(list.stream().mapToDouble(Sample::cpuSeconds).toArray()),
                    median(list.stream().mapToDouble(s -> s.peakRssKiB() / 1024.0).toArray()),
                    starts.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(median(starts)),
                    size / wall / 1e6));
        });
        this.rows = List.copyOf(made);
    }

    List<Row> rows() {
        return rows;
    }

    /** The median; the mean of the middle two for an even count. */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** How many times faster the reference client was than {@code row} (its wall time over ours); NaN without it. */
    double speedup(Row row) {
        return row(REFERENCE).map(ref -> row.wallSeconds() / ref.wallSeconds()).orElse(Double.NaN);
    }

    java.util.Optional<Row> row(String name) {
        return rows.stream().filter(r -> r.contender().equals(name)).findFirst();
    }

    /** The performance targets for the reference client over HTTPS, each with what this run measured. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        row(REFERENCE).ifPresent(ref -> {
            row("aria2c-https").ifPresent(r -> targets.add(ratio("throughput >= 3x aria2c", speedup(r), 3)));
            row("curl-https").ifPresent(r -> targets.add(ratio("throughput >= 2x curl+sha256sum", speedup(r), 2)));
            row("openssl").ifPresent(r -> targets.add(new Target("rate >= 50% of openssl dgst -sha256",
                    "%.0f%%".formatted(100 * r.wallSeconds() / ref.wallSeconds()),
                    r.wallSeconds() / ref.wallSeconds() >= 0.5)));
            double corePerGib = ref.cpuSeconds() * GIB / size;
            targets.add(new Target("CPU <= 4 core-s per GiB", "%.2f core-s/GiB".formatted(corePerGib),
                    corePerGib <= 4));
            ref.firstRequestMillis().ifPresent(ms -> targets.add(new Target("first range request <= 300 ms",
                    "%.0f ms".formatted(ms), ms <= 300)));
            targets.add(new Target("peak RSS <= 150 MiB", "%.0f MiB".formatted(ref.peakRssMiB()),
                    ref.peakRssMiB() <= 150));
            row(REFERENCE + BLACKHOLE).ifPresent(r -> {
                double extra = r.wallSeconds() - ref.wallSeconds();
                targets.add(new Target("blackholed mirror: total <= healthy + 1.5 s",
                        "%+.2f s".formatted(extra), extra <= 1.5));
            });
        });
        return targets;
    }

    private static Target ratio(String what, double value, double needed) {
        return new Target(what, "%.2fx".formatted(value), value >= needed);
    }

    /** The Markdown table the command prints. */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| what | runs | wall (median) | rate | CPU user+sys | core-s/GiB | peak RSS | first request "
                + "| drill-https faster by |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f s | %.0f MB/s | %.2f s | %.2f | %.0f MiB | %s | %s |%n",
                    r.description(), r.runs(), r.wallSeconds(), r.megabytesPerSecond(), r.cpuSeconds(),
                    r.cpuSeconds() * GIB / size, r.peakRssMiB(),
                    r.firstRequestMillis().isPresent() ? "%.0f ms".formatted(r.firstRequestMillis().getAsDouble())
                            : "-",
                    r.contender().equals(REFERENCE) ? "-" : Double.isNaN(speedup(r)) ? "?"
                            : String.format(Locale.ROOT, "%.2fx", speedup(r))));
        }
        List<Target> targets = targets();
        if (!targets.isEmpty()) {
            out.append("\n| target (drill get, HTTPS) | measured | met |\n| --- | --- | --- |\n");
            targets.forEach(t -> out.append("| %s | %s | %s |%n".formatted(t.what(), t.measured(),
                    t.met() ? "yes" : "NO")));
        }
        return out.toString();
    }

    /** Everything for the JSON file: medians, ratios, targets (the caller adds the raw samples). */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sizeBytes", size);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contender", r.contender());
            m.put("description", r.description());
            m.put("runs", r.runs());
            m.put("wallSeconds", r.wallSeconds());
            m.put("megabytesPerSecond", r.megabytesPerSecond());
            m.put("cpuSeconds", r.cpuSeconds());
            m.put("coreSecondsPerGiB", r.cpuSeconds() * GIB / size);
            m.put("peakRssMiB", r.peakRssMiB());
            m.put("firstRequestMillis", r.firstRequestMillis().isPresent() ? r.firstRequestMillis().getAsDouble()
                    : null);
            m.put("referenceSpeedup", r.contender().equals(REFERENCE) || Double.isNaN(speedup(r)) ? null
                    : speedup(r));
            list.add(m);
        }
        json.put("medians", list);
        json.put("targets", targets().stream().map(t -> Map.of("target", t.what(), "measured", t.measured(),
                "met", t.met())).toList());
        return json;
    }
}
