package io.outagedrill.benchmarks.peers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    /**
     * One timed run of one contender; {@code freeze} when a mirror was blackholed during it, {@code recovery} for
     * the reference client's blackholed runs.
     */
    record Sample(String contender, double wallSeconds, double cpuSeconds, long peakRssKiB,
                  OptionalLong firstRequestMillis, Optional<Blackhole.Freeze> freeze,
                  Optional<Recovery.Measured> recovery, double systemSeconds, OptionalDouble mirrorsCpuSeconds) {
        Sample(String contender, double wallSeconds, double cpuSeconds, long peakRssKiB,
               OptionalLong firstRequestMillis) {
            this(contender, wallSeconds, cpuSeconds, peakRssKiB, firstRequestMillis, Optional.empty(),
                    Optional.empty());
        }

        Sample(String contender, double wallSeconds, double cpuSeconds, long peakRssKiB,
               OptionalLong firstRequestMillis, Optional<Blackhole.Freeze> freeze,
               Optional<Recovery.Measured> recovery) {
            this(contender, wallSeconds, cpuSeconds, peakRssKiB, firstRequestMillis, freeze, recovery, 0,
                    OptionalDouble.empty());
        }

        /** CPU in user mode: for openssl, the hashing itself (its system time is reading the file). */
        double userSeconds() {
            return cpuSeconds - systemSeconds;
        }
    }

    /**
     * A contender's detection and recovery over its blackholed runs: medians and p99 (nearest rank, so with 100
     * runs or fewer the slowest run), over the judged runs; {@code notRecovered} counts runs whose recovery is the
     * rest of the run, {@code undetected} those where the client never moved off the frozen mirror, and
     * {@code untouched} those of them where it had nothing there to move ({@link Recovery.Outcome#UNTOUCHED}).
     */
    record RecoveryRow(String contender, int judged, List<String> unjudged, OptionalDouble detectMedianMillis,
                       OptionalDouble detectP99Millis, int undetected, int untouched, double recoverMedianMillis,
                       double recoverP99Millis, int notRecovered) {
    }

    /**
     * A contender's medians over its runs, each its own median (the user and system medians need not add up to
     * the CPU's); {@code mirrorsCpuSeconds} is what the three nginx mirrors spent serving it (empty when no run
     * measured it).
     */
    record Row(String contender, String description, int runs, double wallSeconds, double cpuSeconds,
               double userSeconds, double systemSeconds, double peakRssMiB, OptionalDouble firstRequestMillis,
               double megabytesPerSecond, OptionalDouble mirrorsCpuSeconds) {
    }

    /**
     * A target, what was measured for it, whether it holds, and where the floors were measured in the same run,
     * the least any client could do here ({@code floor}: empty where no floor bounds the target, or the floors did
     * not run).
     */
    record Target(String what, String measured, boolean met, Optional<String> floor) {
        Target(String what, String measured, boolean met) {
            this(what, measured, met, Optional.empty());
        }
    }

    private final long size;
    private final int cores;
    private final List<Row> rows;
    private final List<RecoveryRow> recoveries;

    PeersReport(long size, Map<String, String> descriptions, List<Sample> samples) {
        this(size, Runtime.getRuntime().availableProcessors(), descriptions, samples);
    }

    PeersReport(long size, int cores, Map<String, String> descriptions, List<Sample> samples) {
        this.size = size;
        this.cores = cores;
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
            double[] mirrors = list.stream().map(Sample::mirrorsCpuSeconds).filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).toArray();
            made.add(new Row(name, descriptions.getOrDefault(name, name), list.size(), wall,
                    median(list.stream().mapToDouble(Sample::cpuSeconds).toArray()),
                    median(list.stream().mapToDouble(Sample::userSeconds).toArray()),
                    median(list.stream().mapToDouble(Sample::systemSeconds).toArray()),
                    median(list.stream().mapToDouble(s -> s.peakRssKiB() / 1024.0).toArray()),
                    starts.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(median(starts)),
                    size / wall / 1e6,
                    mirrors.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(median(mirrors))));
        });
        this.rows = List.copyOf(made);
        List<RecoveryRow> recovered = new ArrayList<>();
        by.forEach((name, list) -> recoveryRow(name, list).ifPresent(recovered::add));
        this.recoveries = List.copyOf(recovered);
    }

    private static Optional<RecoveryRow> recoveryRow(String name, List<Sample> samples) {
        List<Recovery.Measured> measured = samples.stream().flatMap(s -> s.recovery().stream()).toList();
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        List<Recovery> judged = measured.stream().filter(m -> m instanceof Recovery.Measured.Judged)
                .map(m -> ((Recovery.Measured.Judged) m).recovery()).toList();
        List<String> unjudged = measured.stream().filter(m -> m instanceof Recovery.Measured.Unjudged)
                .map(m -> ((Recovery.Measured.Unjudged) m).why()).toList();
        double[] detect = judged.stream().flatMap(r -> r.toDetect().stream()).mapToDouble(d -> d.toNanos() / 1e6)
                .toArray();
        double[] recover = judged.stream().mapToDouble(r -> r.toRecover().toNanos() / 1e6).toArray();
        return Optional.of(new RecoveryRow(name, judged.size(), unjudged,
                detect.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(median(detect)),
                detect.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(p99(detect)),
                judged.size() - detect.length,
                (int) judged.stream().filter(r -> r.outcome() == Recovery.Outcome.UNTOUCHED).count(),
                recover.length == 0 ? Double.NaN : median(recover), recover.length == 0 ? Double.NaN : p99(recover),
                (int) judged.stream().filter(r -> r.outcome() == Recovery.Outcome.NOT_RECOVERED).count()));
    }

    List<RecoveryRow> recoveries() {
        return recoveries;
    }

    java.util.Optional<RecoveryRow> recovery(String name) {
        return recoveries.stream().filter(r -> r.contender().equals(name)).findFirst();
    }

    /** The 99th percentile by nearest rank: the value at rank ceil(0.99 n); for n <= 100 the largest. */
    static double p99(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("p99 of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    }

    /** One run's figures in words, for the console. */
    static String describe(Recovery.Measured measured) {
        return switch (measured) {
            case Recovery.Measured.Unjudged u -> "recovery not judged: " + u.why();
            case Recovery.Measured.Judged(Recovery r) -> String.format(Locale.ROOT,
                    "detected %s, recovered %s (%s); pre-fault %.0f MB/s, lowest interval after %.0f MB/s",
                    r.toDetect().map(d -> d.toMillis() + " ms").orElse("never"), r.toRecover().toMillis() + " ms",
                    r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '), r.preFaultBytesPerSecond() / 1e6,
                    r.lowestBytesPerSecond() / 1e6);
        };
    }

    /** One run's figures for the JSON samples. */
    static Map<String, Object> json(Recovery.Measured measured) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (measured) {
            case Recovery.Measured.Unjudged u -> m.put("unjudged", u.why());
            case Recovery.Measured.Judged(Recovery r) -> {
                m.put("detectMillis", r.toDetect().map(d -> d.toNanos() / 1e6).orElse(null));
                m.put("recoverMillis", r.toRecover().toNanos() / 1e6);
                m.put("outcome", r.outcome().name());
                m.put("preFaultBytesPerSecond", r.preFaultBytesPerSecond());
                m.put("lowestBytesPerSecondAfter", r.lowestBytesPerSecond());
            }
        }
        return m;
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

    /** The least this download costs here, where its parts ran in the same rounds ({@link Floor}). */
    Optional<Floor> floor() {
        return Floor.of(this, cores);
    }

    /**
     * The performance targets for the reference client over HTTPS, each with what this run measured and, where the
     * floors ran, the least any client could reach here.
     */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        Optional<Floor> floor = floor();
        OptionalDouble floorWall = floor.map(Floor::wallSeconds).orElse(OptionalDouble.empty());
        OptionalDouble jvmWall = floor.map(Floor::jvmWallSeconds).orElse(OptionalDouble.empty());
        OptionalDouble minimalWall = row(Floor.JVM_DOWNLOAD).map(r -> OptionalDouble.of(r.wallSeconds()))
                .orElse(OptionalDouble.empty());
        row(REFERENCE).ifPresent(ref -> {
            row("aria2c-https").ifPresent(r -> targets.add(ratio("throughput >= 3x aria2c", speedup(r), 3,
                    withCpuBudget(ref, r.wallSeconds() / 3,
                            wallFloor(r.wallSeconds() / 3, floorWall, jvmWall, minimalWall)))));
            row("curl-https").ifPresent(r -> targets.add(ratio("throughput >= 2x curl+sha256sum", speedup(r), 2,
                    withCpuBudget(ref, r.wallSeconds() / 2,
                            wallFloor(r.wallSeconds() / 2, floorWall, jvmWall, minimalWall)))));
            row("openssl").ifPresent(r -> targets.add(new Target("rate >= 50% of openssl dgst -sha256",
                    "%.0f%%".formatted(100 * r.wallSeconds() / ref.wallSeconds()),
                    r.wallSeconds() / ref.wallSeconds() >= 0.5, withCpuBudget(ref, 2 * r.wallSeconds(),
                            wallFloor(2 * r.wallSeconds(), floorWall, jvmWall, minimalWall)))));
            double corePerGib = ref.cpuSeconds() * GIB / size;
            targets.add(new Target("CPU <= 4 core-s per GiB", "%.2f core-s/GiB".formatted(corePerGib),
                    corePerGib <= 4, floor.map(f -> {
                        double least = f.clientCpuSeconds() * GIB / size;
                        OptionalDouble jvm = f.jvmClientCpuSeconds();
                        return String.format(Locale.ROOT, "floor %.2f core-s/GiB%s", least, jvm.isPresent()
                                ? String.format(Locale.ROOT, ", a JVM client's %.2f", jvm.getAsDouble() * GIB / size)
                                : "") + reach(4, least, jvm.isPresent() ? jvm.getAsDouble() * GIB / size : least);
                    })));
            ref.firstRequestMillis().ifPresent(ms -> targets.add(new Target("first range request <= 300 ms",
                    "%.0f ms".formatted(ms), ms <= 300, row(Floor.JVM_RECEIVE).flatMap(r -> {
                        if (r.firstRequestMillis().isEmpty()) {
                            return Optional.empty();
                        }
                        double least = r.firstRequestMillis().getAsDouble();
                        return Optional.of(String.format(Locale.ROOT, "a JVM client's floor %.0f ms (start, TLS, "
                                + "one handshake)%s", least, reach(300, 0, least)));
                    }))));
            targets.add(new Target("peak RSS <= 150 MiB", "%.0f MiB".formatted(ref.peakRssMiB()),
                    ref.peakRssMiB() <= 150));
            recovery(REFERENCE + BLACKHOLE).ifPresent(r -> targets.add(recoveryTarget(r)));
            row(REFERENCE + BLACKHOLE).ifPresent(r -> {
                double extra = r.wallSeconds() - ref.wallSeconds();
                targets.add(new Target("blackholed mirror: total <= healthy + 1.5 s",
                        "%+.2f s".formatted(extra), extra <= 1.5));
            });
        });
        return targets;
    }

    /**
     * What a wall-time target needs, against the least wall time the floors allow here, any client's and a JVM's,
     * and the wall time of the minimal JVM client ({@link JvmDownloadFloor}) where it ran.
     */
    private static Optional<String> wallFloor(double neededSeconds, OptionalDouble floorSeconds,
                                              OptionalDouble jvmSeconds, OptionalDouble minimalSeconds) {
        String minimal = minimalSeconds.isPresent() ? String.format(Locale.ROOT, "; a minimal JVM client took %.2f s%s",
                minimalSeconds.getAsDouble(), minimalSeconds.getAsDouble() > neededSeconds ? " (misses it)" : "")
                : "";
        if (floorSeconds.isEmpty()) {
            return minimal.isEmpty() ? Optional.empty()
                    : Optional.of(String.format(Locale.ROOT, "needs <= %.2f s", neededSeconds) + minimal);
        }
        double least = floorSeconds.getAsDouble();
        return Optional.of(String.format(Locale.ROOT, "needs <= %.2f s; floor %.2f s%s", neededSeconds, least,
                jvmSeconds.isPresent() ? String.format(Locale.ROOT, ", a JVM client's %.2f s", jvmSeconds.getAsDouble())
                        : "") + reach(neededSeconds, least, jvmSeconds.orElse(least)) + minimal);
    }

    /**
     * Adds to a wall-time target the reference client missed how much CPU it could have spent and still met it,
     * had it waited as long as it did: its wall time beyond its own and the mirrors' CPU shared over the cores
     * (the start on one thread, the last chunks' hashes). A wall time says by how much the target is missed; this
     * says how much of the client's own work would have to go, beside what the minimal JVM client spent. Only
     * beside a floor's text (the floors' or the minimal JVM client's): it belongs with them.
     */
    private Optional<String> withCpuBudget(Row ref, double neededSeconds, Optional<String> floor) {
        if (floor.isEmpty() || ref.wallSeconds() <= neededSeconds || ref.mirrorsCpuSeconds().isEmpty()) {
            return floor;
        }
        double mirrors = ref.mirrorsCpuSeconds().getAsDouble();
        double waited = Math.max(0, ref.wallSeconds() - (ref.cpuSeconds() + mirrors) / cores);
        double budget = cores * (neededSeconds - waited) - mirrors;
        String budgetText = budget <= 0
                ? String.format(Locale.ROOT, "at the %.2f s drill get waited, not even with no CPU of its own",
                        waited)
                : String.format(Locale.ROOT, "at the %.2f s drill get waited, its CPU must be <= %.2f core-s/GiB "
                        + "(it spent %.2f%s)", waited, budget * GIB / size, ref.cpuSeconds() * GIB / size,
                        row(Floor.JVM_DOWNLOAD).map(r -> String.format(Locale.ROOT, "; a minimal JVM client %.2f",
                                r.cpuSeconds() * GIB / size)).orElse(""));
        return Optional.of(floor.get() + "; " + budgetText);
    }

    /**
     * Whether a target at most {@code limit} is out of reach for any client, or for one in a JVM. Out of reach here
     * only when both floors miss it: the JVM's receiving can cost less than curl's (Conscrypt's engine over direct
     * buffers, no copy into a stdio buffer), and then the least a client could do is the JVM floor.
     */
    private static String reach(double limit, double anyClient, double jvmClient) {
        if (jvmClient > limit) {
            return anyClient > limit ? ": out of reach here" : ": out of reach for a JVM client";
        }
        return "";
    }

    /** Met only when every blackholed run could be judged and the slowest recovery (p99) is within 1 s. */
    private static Target recoveryTarget(RecoveryRow r) {
        String measured = r.judged() == 0 ? "no run judged"
                : String.format(Locale.ROOT, "%.0f ms (p99 of %d = the slowest)", r.recoverP99Millis(), r.judged());
        if (!r.unjudged().isEmpty()) {
            measured += "; %d run(s) not judged".formatted(r.unjudged().size());
        }
        if (r.notRecovered() > 0) {
            measured += "; %d run(s) never back to rate".formatted(r.notRecovered());
        }
        return new Target("blackholed mirror: time to recover p99 <= 1 s", measured,
                r.judged() > 0 && r.unjudged().isEmpty() && r.recoverP99Millis() <= 1000);
    }

    private static Target ratio(String what, double value, double needed, Optional<String> floor) {
        return new Target(what, "%.2fx".formatted(value), value >= needed, floor);
    }

    /** The Markdown table the command prints ({@link PeersTable}). */
    String table() {
        return PeersTable.render(this);
    }

    long size() {
        return size;
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
            m.put("userSeconds", r.userSeconds());
            m.put("systemSeconds", r.systemSeconds());
            m.put("coreSecondsPerGiB", r.cpuSeconds() * GIB / size);
            m.put("mirrorsCpuSeconds", r.mirrorsCpuSeconds().isPresent() ? r.mirrorsCpuSeconds().getAsDouble()
                    : null);
            m.put("peakRssMiB", r.peakRssMiB());
            m.put("firstRequestMillis", r.firstRequestMillis().isPresent() ? r.firstRequestMillis().getAsDouble()
                    : null);
            m.put("referenceSpeedup", r.contender().equals(REFERENCE) || Double.isNaN(speedup(r)) ? null
                    : speedup(r));
            list.add(m);
        }
        json.put("medians", list);
        json.put("recovery", recoveries.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contender", r.contender());
            m.put("runsJudged", r.judged());
            m.put("unjudged", r.unjudged());
            m.put("detectMedianMillis", r.detectMedianMillis().isPresent() ? r.detectMedianMillis().getAsDouble()
                    : null);
            m.put("detectP99Millis", r.detectP99Millis().isPresent() ? r.detectP99Millis().getAsDouble() : null);
            m.put("undetected", r.undetected());
            m.put("untouched", r.untouched());
            m.put("recoverMedianMillis", Double.isNaN(r.recoverMedianMillis()) ? null : r.recoverMedianMillis());
            m.put("recoverP99Millis", Double.isNaN(r.recoverP99Millis()) ? null : r.recoverP99Millis());
            m.put("notRecovered", r.notRecovered());
            return m;
        }).toList());
        json.put("targets", targets().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", t.what());
            m.put("measured", t.measured());
            m.put("met", t.met());
            m.put("floor", t.floor().orElse(null));
            return m;
        }).toList());
        floor().ifPresent(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("receiveSeconds", f.receiveSeconds());
            m.put("writeSeconds", f.writeSeconds());
            m.put("hashSecondsPerPass", f.hashSeconds());
            m.put("readBackSeconds", f.readBackSeconds());
            m.put("clientCpuSeconds", f.clientCpuSeconds());
            m.put("mirrorsCpuSeconds", f.mirrorsCpuSeconds().isPresent() ? f.mirrorsCpuSeconds().getAsDouble()
                    : null);
            m.put("wallSeconds", f.wallSeconds().isPresent() ? f.wallSeconds().getAsDouble() : null);
            m.put("jvmReceiveSeconds", f.jvmReceiveSeconds().isPresent() ? f.jvmReceiveSeconds().getAsDouble()
                    : null);
            m.put("jvmClientCpuSeconds", f.jvmClientCpuSeconds().isPresent()
                    ? f.jvmClientCpuSeconds().getAsDouble() : null);
            m.put("jvmWallSeconds", f.jvmWallSeconds().isPresent() ? f.jvmWallSeconds().getAsDouble() : null);
            m.put("cores", f.cores());
            json.put("floor", m);
        });
        return json;
    }
}
