package io.outagedrill.benchmarks.peers;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The Markdown the bench prints: a row per contender, the blackholed runs' detection and recovery, the floors and
 * the targets. Only presentation; every figure comes from {@link PeersReport}.
 */
final class PeersTable {
    private static final double GIB = 1L << 30;

    private PeersTable() {
    }

    /** The whole table: a row per contender, the recovery section, the floors and the targets. */
    static String render(PeersReport report) {
        StringBuilder out = new StringBuilder();
        out.append("| what | runs | wall (median) | rate | CPU user+sys | core-s/GiB | peak RSS | first request "
                + "| drill-https faster by |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (PeersReport.Row r : report.rows()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f s | %.0f MB/s | %.2f s | %.2f | %.0f MiB | %s | %s |%n",
                    r.description(), r.runs(), r.wallSeconds(), r.megabytesPerSecond(), r.cpuSeconds(),
                    r.cpuSeconds() * GIB / report.size(), r.peakRssMiB(),
                    r.firstRequestMillis().isPresent() ? "%.0f ms".formatted(r.firstRequestMillis().getAsDouble())
                            : "-",
                    r.contender().equals(PeersReport.REFERENCE) ? "-" : Double.isNaN(report.speedup(r)) ? "?"
                            : String.format(Locale.ROOT, "%.2fx", report.speedup(r))));
        }
        if (!report.recoveries().isEmpty()) {
            out.append("\n| 1 of 3 mirrors blackholed | runs judged | detect (median) | detect (p99) "
                    + "| recover (median) | recover (p99) | never back to rate |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            for (PeersReport.RecoveryRow r : report.recoveries()) {
                out.append(String.format(Locale.ROOT, "| %s | %d of %d | %s | %s | %s | %s | %d |%n", r.contender(),
                        r.judged(), r.judged() + r.unjudged().size(),
                        millis(r.detectMedianMillis(), r.undetected(), r.untouched()),
                        millis(r.detectP99Millis(), r.undetected(), r.untouched()), millis(r.recoverMedianMillis()),
                        millis(r.recoverP99Millis()), r.notRecovered()));
            }
            out.append("\np99 is by nearest rank: with 100 runs or fewer it is the slowest run. Detect: fault to the "
                    + "client's first event moving work off the frozen mirror; recover: fault to the end of the first "
                    + "progress interval back at >= 90% of the run's pre-fault rate (0 when it never fell below, or "
                    + "when the frozen mirror held no request at the fault and got none after).\n");
        }
        report.floor().ifPresent(f -> out.append(floorTable(report, f)));
        List<PeersReport.Target> targets = report.targets();
        if (!targets.isEmpty()) {
            boolean floors = targets.stream().anyMatch(t -> t.floor().isPresent());
            out.append("\n| target (drill get, HTTPS) | measured | met |").append(floors ? " floor here |" : "")
                    .append("\n| --- | --- | --- |").append(floors ? " --- |" : "").append('\n');
            targets.forEach(t -> out.append("| %s | %s | %s |%s%n".formatted(t.what(), t.measured(),
                    t.met() ? "yes" : "NO", floors ? " " + t.floor().orElse("-") + " |" : "")));
        }
        return out.toString();
    }

    /** The floor's parts, the reference client against their sum, and the least wall time. */
    private static String floorTable(PeersReport report, Floor f) {
        StringBuilder out = new StringBuilder("\n| the least a verifying HTTPS download costs here | measured by "
                + "| core-s/GiB |\n| --- | --- | --- |\n");
        double perGib = GIB / report.size();
        out.append(String.format(Locale.ROOT, "| receive and decrypt | curl into /dev/null, one mirror | %.2f |%n",
                f.receiveSeconds() * perGib));
        out.append(String.format(Locale.ROOT, "| write the file | dd into a new file, fdatasync | %.2f |%n",
                f.writeSeconds() * perGib));
        out.append(String.format(Locale.ROOT, "| hash it twice (each chunk, then the whole file) | openssl dgst, "
                + "2x user time | %.2f |%n", 2 * f.hashSeconds() * perGib));
        out.append(String.format(Locale.ROOT, "| read it back once for the whole-file hash | openssl dgst, system "
                + "time | %.2f |%n", f.readBackSeconds() * perGib));
        out.append(String.format(Locale.ROOT, "| **floor** | the sum | **%.2f** |%n", f.clientCpuSeconds() * perGib));
        f.jvmReceiveSeconds().ifPresent(jvm -> out.append(String.format(Locale.ROOT, "| receive and decrypt in a JVM, "
                + "start included | a fresh JVM with the client's flags, Conscrypt's SSLEngine, one mirror | %.2f |%n"
                + "| **floor for a JVM client** | the sum, receiving in a JVM | **%.2f** |%n", jvm * perGib,
                f.jvmClientCpuSeconds().orElseThrow() * perGib)));
        report.row(PeersReport.REFERENCE).ifPresent(ref -> out.append(String.format(Locale.ROOT,
                "| drill get, HTTPS | %.2fx the floor, %+.2f core-s/GiB | %.2f |%n",
                ref.cpuSeconds() / f.clientCpuSeconds(), (ref.cpuSeconds() - f.clientCpuSeconds()) * perGib,
                ref.cpuSeconds() * perGib)));
        report.row(Floor.JVM_DOWNLOAD).ifPresent(minimal -> out.append(String.format(Locale.ROOT,
                "| a minimal JVM client | measured end to end: four connections, no HTTP library, each chunk and the "
                        + "whole file checked, written | %.2f |%n", minimal.cpuSeconds() * perGib)).append(
                report.row(PeersReport.REFERENCE).map(ref -> String.format(Locale.ROOT,
                        "| drill get, HTTPS, over the minimal JVM client | what its HTTP library and its own code add "
                                + "| %+.2f |%n", (ref.cpuSeconds() - minimal.cpuSeconds()) * perGib)).orElse("")));
        f.mirrorsCpuSeconds().ifPresent(m -> out.append(String.format(Locale.ROOT,
                "| the three nginx mirrors serving drill get, HTTPS | their CPU during its runs | %.2f |%n",
                m * perGib)));
        f.wallSeconds().ifPresent(w -> out.append(String.format(Locale.ROOT,
                "%nLeast wall time on %d cores, the floor and the mirrors' CPU with no core ever idle: %.2f s%s "
                        + "(drill get, HTTPS: %s).%n", f.cores(), w,
                f.jvmWallSeconds().isPresent() ? String.format(Locale.ROOT, "; for a JVM client %.2f s",
                        f.jvmWallSeconds().getAsDouble()) : "",
                report.row(PeersReport.REFERENCE).map(r -> String.format(Locale.ROOT, "%.2f s", r.wallSeconds())).orElse("not run"))));
        return out.toString();
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static String millis(OptionalDouble ms, int undetected, int untouched) {
        String value = ms.isPresent() ? millis(ms.getAsDouble()) : "-";
        if (undetected == 0) {
            return value;
        }
        return value + (untouched == 0 ? " (%d never)".formatted(undetected)
                : " (%d never, %d with nothing on it)".formatted(undetected, untouched));
    }
}
