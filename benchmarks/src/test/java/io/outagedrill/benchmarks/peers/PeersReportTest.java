package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PeersReportTest {
    private static final long GIB = 1L << 30;

    private static PeersReport.Sample sample(String who, double wall, double cpu, long rssMiB, long firstMs) {
        return new PeersReport.Sample(who, wall, cpu, rssMiB * 1024,
                firstMs < 0 ? OptionalLong.empty() : OptionalLong.of(firstMs));
    }

    private static Map<String, String> names(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n + " description");
        }
        return m;
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(PeersReport.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(PeersReport.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void rowsAreMediansPerContenderInTheGivenOrder() {
        PeersReport report = new PeersReport(GIB, names("drill-https", "aria2c-https"), List.of(
                sample("aria2c-https", 9, 9, 20, 5), sample("drill-https", 3, 3.5, 120, 250),
                sample("drill-https", 2, 3.0, 110, 200), sample("aria2c-https", 10, 9.5, 22, 7),
                sample("drill-https", 2.5, 4.0, 130, 300)));

        assertThat(report.rows()).extracting(PeersReport.Row::contender).containsExactly("drill-https",
                "aria2c-https");
        PeersReport.Row drill = report.row("drill-https").orElseThrow();
        assertThat(drill.wallSeconds()).isEqualTo(2.5);
        assertThat(drill.cpuSeconds()).isEqualTo(3.5);
        assertThat(drill.peakRssMiB()).isEqualTo(120);
        assertThat(drill.firstRequestMillis()).hasValue(250);
        assertThat(drill.megabytesPerSecond()).isCloseTo(GIB / 2.5 / 1e6, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.speedup(report.row("aria2c-https").orElseThrow())).isCloseTo(9.5 / 2.5,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void targetsSayWhichHoldAndWhatWasMeasured() {
        PeersReport report = new PeersReport(GIB, names("drill-https", "aria2c-https", "curl-https", "openssl"),
                List.of(sample("drill-https", 2, 4.5, 160, 350), sample("aria2c-https", 7, 7, 20, 9),
                        sample("curl-https", 3, 3, 10, 4), sample("openssl", 0.9, 0.9, 5, -1)));

        assertThat(report.targets()).extracting(PeersReport.Target::what, PeersReport.Target::measured,
                PeersReport.Target::met).containsExactly(
                org.assertj.core.groups.Tuple.tuple("throughput >= 3x aria2c", "3.50x", true),
                org.assertj.core.groups.Tuple.tuple("throughput >= 2x curl+sha256sum", "1.50x", false),
                org.assertj.core.groups.Tuple.tuple("rate >= 50% of openssl dgst -sha256", "45%", false),
                org.assertj.core.groups.Tuple.tuple("CPU <= 4 core-s per GiB", "4.50 core-s/GiB", false),
                org.assertj.core.groups.Tuple.tuple("first range request <= 300 ms", "350 ms", false),
                org.assertj.core.groups.Tuple.tuple("peak RSS <= 150 MiB", "160 MiB", false));
    }

    /**
     * The CPU budget a missed wall-time target gets in these reports, whose drill get took 4 s with 6 core-s while
     * the mirrors spent 1.0 over 2 cores: 0.5 s waited.
     */
    private static String budget(String coreSecondsPerGib) {
        return "; at the 0.50 s drill get waited, its CPU must be <= " + coreSecondsPerGib
                + " core-s/GiB (it spent 6.00)";
    }

    private static PeersReport.Sample costed(String who, double wall, double cpu, double system, double mirrors) {
        return new PeersReport.Sample(who, wall, cpu, 10 * 1024, OptionalLong.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), system, mirrors < 0 ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(mirrors));
    }

    /** Each part once, the hash twice (openssl's user time) and the read back once (its system time). */
    private static PeersReport withFloors() {
        return new PeersReport(GIB, 2, names("drill-https", "aria2c-https", "curl-https", "openssl",
                "receive-floor", "write-floor"), List.of(
                costed("drill-https", 4, 6, 2, 1.0), costed("aria2c-https", 9, 6, 1, 1.2),
                costed("curl-https", 7, 6, 1, 0.9), costed("openssl", 1, 1.0, 0.2, -1),
                costed("receive-floor", 3, 0.8, 0.3, 0.9), costed("write-floor", 1.5, 1.5, 1.5, -1)));
    }

    @Test
    void theFloorIsEachPartOnceWithTheHashTwiceAndTheWallFloorSharesItAndTheMirrorsOverTheCores() {
        Floor floor = withFloors().floor().orElseThrow();

        assertThat(floor.clientCpuSeconds()).as("receive 0.8 + write 1.5 + 2 x hash 0.8 + read back 0.2")
                .isCloseTo(4.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(floor.wallSeconds()).as("(4.1 client + 1.0 mirrors serving drill-https) over 2 cores")
                .hasValueCloseTo(2.55, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void targetsSayWhereTheFloorPutsThemOutOfReach() {
        assertThat(withFloors().targets()).filteredOn(t -> t.floor().isPresent())
                .extracting(PeersReport.Target::what, t -> t.floor().orElseThrow()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("throughput >= 3x aria2c",
                        "needs <= 3.00 s; floor 2.55 s" + budget("4.00")),
                org.assertj.core.groups.Tuple.tuple("throughput >= 2x curl+sha256sum",
                        "needs <= 3.50 s; floor 2.55 s" + budget("5.00")),
                org.assertj.core.groups.Tuple.tuple("rate >= 50% of openssl dgst -sha256",
                        "needs <= 2.00 s; floor 2.55 s: out of reach here" + budget("2.00")),
                org.assertj.core.groups.Tuple.tuple("CPU <= 4 core-s per GiB",
                        "floor 4.10 core-s/GiB: out of reach here"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonHoldsTheFloorsPartsAndEachTargetsFloor() {
        Map<String, Object> json = withFloors().json();

        Map<String, Object> floor = (Map<String, Object>) json.get("floor");
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("receiveSeconds", 0.8);
        expected.put("writeSeconds", 1.5);
        expected.put("hashSecondsPerPass", 0.8);
        expected.put("readBackSeconds", 0.2);
        expected.put("clientCpuSeconds", 4.1);
        expected.put("mirrorsCpuSeconds", 1.0);
        expected.put("wallSeconds", 2.55);
        expected.put("cores", 2.0);
        assertThat(floor).as("the JSON's floor").containsOnlyKeys(java.util.stream.Stream.concat(
                expected.keySet().stream(), java.util.stream.Stream.of("jvmReceiveSeconds", "jvmClientCpuSeconds",
                        "jvmWallSeconds")).toList());
        assertThat(floor).as("no JVM floor without its row").containsEntry("jvmReceiveSeconds", null)
                .containsEntry("jvmClientCpuSeconds", null).containsEntry("jvmWallSeconds", null);
        expected.forEach((key, value) -> assertThat(((Number) floor.get(key)).doubleValue()).as("floor.%s", key)
                .isCloseTo(value, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat((List<Map<String, Object>>) json.get("targets")).as("the JSON's targets")
                .filteredOn(t -> t.get("target").equals("CPU <= 4 core-s per GiB")).singleElement()
                .satisfies(t -> assertThat(t.get("floor")).isEqualTo("floor 4.10 core-s/GiB: out of reach here"));
        assertThat((List<Map<String, Object>>) json.get("targets")).as("the JSON's targets")
                .filteredOn(t -> t.get("target").equals("peak RSS <= 150 MiB")).singleElement()
                .satisfies(t -> assertThat(t).as("a target no floor bounds").containsEntry("floor", null));
        assertThat((List<Map<String, Object>>) json.get("medians")).as("openssl's row in the JSON")
                .filteredOn(r -> r.get("contender").equals("openssl")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("mirrorsCpuSeconds", null).extracting("userSeconds")
                        .isEqualTo(1.0 - 0.2));
    }

    /**
     * Floors where any client could meet the CPU target (3.9 core-s) but a JVM client cannot (4.5: its receiving
     * costs 1.2 against curl's 0.6), and a JVM's own first request comes at 350 ms.
     */
    private static PeersReport withJvmFloor() {
        return new PeersReport(GIB, 2, names("drill-https", "aria2c-https", "curl-https", "openssl", "receive-floor",
                "jvm-receive-floor", "write-floor"), jvmFloorSamples());
    }

    private static List<PeersReport.Sample> jvmFloorSamples() {
        return List.of(
                new PeersReport.Sample("drill-https", 4, 6, 10 * 1024, OptionalLong.of(500), java.util.Optional.empty(),
                        java.util.Optional.empty(), 2, java.util.OptionalDouble.of(1.0)),
                costed("aria2c-https", 8.1, 6, 1, 1.2), costed("curl-https", 7, 6, 1, 0.9),
                costed("openssl", 1, 1.0, 0.2, -1), costed("receive-floor", 3, 0.6, 0.3, 0.9),
                new PeersReport.Sample("jvm-receive-floor", 3, 1.2, 10 * 1024, OptionalLong.of(350),
                        java.util.Optional.empty(), java.util.Optional.empty(), 0.3, java.util.OptionalDouble.of(0.9)),
                costed("write-floor", 1.5, 1.5, 1.5, -1));
    }

    @Test
    void theJvmFloorIsTheSameSumWithTheJvmsReceivingAndItsWallTimeSharesTheCoresAlike() {
        Floor floor = withJvmFloor().floor().orElseThrow();

        assertThat(floor.clientCpuSeconds()).as("receive 0.6 + write 1.5 + 2 x hash 0.8 + read back 0.2")
                .isCloseTo(3.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(floor.jvmClientCpuSeconds()).as("the same with the JVM's receiving, 1.2")
                .hasValueCloseTo(4.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(floor.jvmWallSeconds()).as("(4.5 + 1.0 mirrors) over 2 cores")
                .hasValueCloseTo(2.75, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void targetsSayWhichAreOutOfReachOnlyForAJvmClient() {
        assertThat(withJvmFloor().targets()).filteredOn(t -> t.floor().isPresent())
                .extracting(PeersReport.Target::what, t -> t.floor().orElseThrow()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("throughput >= 3x aria2c",
                        "needs <= 2.70 s; floor 2.45 s, a JVM client's 2.75 s: out of reach for a JVM client"
                                + budget("3.40")),
                org.assertj.core.groups.Tuple.tuple("throughput >= 2x curl+sha256sum",
                        "needs <= 3.50 s; floor 2.45 s, a JVM client's 2.75 s" + budget("5.00")),
                org.assertj.core.groups.Tuple.tuple("rate >= 50% of openssl dgst -sha256",
                        "needs <= 2.00 s; floor 2.45 s, a JVM client's 2.75 s: out of reach here"
                                + budget("2.00")),
                org.assertj.core.groups.Tuple.tuple("CPU <= 4 core-s per GiB",
                        "floor 3.90 core-s/GiB, a JVM client's 4.50: out of reach for a JVM client"),
                org.assertj.core.groups.Tuple.tuple("first range request <= 300 ms",
                        "a JVM client's floor 350 ms (start, TLS, one handshake): out of reach for a JVM client"));
        assertThat(withJvmFloor().table())
                .contains("| receive and decrypt in a JVM, start included | a fresh JVM with the client's flags, "
                        + "Conscrypt's SSLEngine, one mirror | 1.20 |")
                .contains("| **floor for a JVM client** | the sum, receiving in a JVM | **4.50** |")
                .contains("no core ever idle: 2.45 s; for a JVM client 2.75 s (drill get, HTTPS: 4.00 s)");
    }

    /**
     * The JVM receives for less than curl here (0.3 core-s against 0.6): a target the floor in C misses but the JVM
     * floor allows is not out of reach, since a client could receive as the JVM floor does.
     */
    @Test
    void aTargetOnlyTheCheaperJvmFloorAllowsIsNotOutOfReach() {
        PeersReport report = new PeersReport(GIB, 2, names("drill-https", "aria2c-https", "curl-https", "openssl",
                "receive-floor", "jvm-receive-floor", "write-floor"), List.of(
                costed("drill-https", 4, 6, 2, 1.0), costed("aria2c-https", 8.1, 6, 1, 1.2),
                costed("curl-https", 4.8, 6, 1, 0.9), costed("openssl", 1, 1.0, 0.2, -1),
                costed("receive-floor", 3, 0.6, 0.3, 0.9),
                new PeersReport.Sample("jvm-receive-floor", 3, 0.3, 10 * 1024, OptionalLong.of(150),
                        java.util.Optional.empty(), java.util.Optional.empty(), 0.3, java.util.OptionalDouble.of(0.9)),
                costed("write-floor", 1.5, 1.5, 1.5, -1)));

        assertThat(report.targets()).filteredOn(t -> t.what().equals("throughput >= 2x curl+sha256sum"))
                .singleElement().satisfies(t -> assertThat(t.floor()).as("needs 2.40 s; C floor 2.45, JVM floor 2.30")
                        .hasValue("needs <= 2.40 s; floor 2.45 s, a JVM client's 2.30 s" + budget("2.80")));
        assertThat(report.targets()).filteredOn(t -> t.what().startsWith("rate >= 50%"))
                .singleElement().satisfies(t -> assertThat(t.floor()).as("needs 2.00 s: both floors miss")
                        .hasValue("needs <= 2.00 s; floor 2.45 s, a JVM client's 2.30 s: out of reach here"
                                + budget("2.00")));
    }

    /**
     * The minimal JVM client ran beside the floors: each wall-time target says how long it took and whether even it
     * misses the target, and the floor table shows its CPU and what the reference client adds to it.
     */
    @Test
    void theMinimalJvmClientIsMeasuredBesideEachWallTargetAndTheFloors() {
        List<PeersReport.Sample> samples = new java.util.ArrayList<>(jvmFloorSamples());
        samples.add(new PeersReport.Sample("jvm-download-floor", 3.6, 4.4, 10 * 1024, OptionalLong.of(300),
                java.util.Optional.empty(), java.util.Optional.empty(), 0.3, java.util.OptionalDouble.of(1.0)));
        PeersReport report = new PeersReport(GIB, 2, names("drill-https", "aria2c-https", "curl-https", "openssl",
                "receive-floor", "jvm-receive-floor", "jvm-download-floor", "write-floor"), samples);

        assertThat(report.targets()).filteredOn(t -> t.what().equals("throughput >= 2x curl+sha256sum"))
                .singleElement().satisfies(t -> assertThat(t.floor()).as("curl 7 s: 2x needs 3.50 s; it took 3.6")
                        .hasValue("needs <= 3.50 s; floor 2.45 s, a JVM client's 2.75 s; a minimal JVM client took "
                                + "3.60 s (misses it); at the 0.50 s drill get waited, its CPU must be <= 5.00 "
                                + "core-s/GiB (it spent 6.00; a minimal JVM client 4.40)"));
        assertThat(report.targets()).filteredOn(t -> t.what().equals("throughput >= 3x aria2c"))
                .singleElement().satisfies(t -> assertThat(t.floor().orElseThrow()).as("aria2c 8.1 s: 3x needs 2.70 s")
                        .contains("; a minimal JVM client took 3.60 s (misses it); "));
        assertThat(report.table())
                .contains("| a minimal JVM client | measured end to end: four connections, no HTTP library, each "
                        + "chunk and the whole file checked, written | 4.40 |")
                .contains("| drill get, HTTPS, over the minimal JVM client | what its HTTP library and its own code "
                        + "add | +1.60 |");
    }

    /**
     * drill get took 4 s with 6 core-s while the mirrors spent 1.0 over 2 cores: (6 + 1) / 2 = 3.5 s of CPU, so it
     * waited 0.5 s. To take 3.5 s (2x curl's 7) at that waiting, it and the mirrors may spend 2 x 3 = 6 core-s, it
     * 5. A target needing 0.9 s leaves it no CPU at all. A met target gets no budget.
     */
    @Test
    void aMissedWallTargetSaysHowMuchCpuDrillGetMaySpendAtTheTimeItWaited() {
        PeersReport report = new PeersReport(GIB, 2, names("drill-https", "aria2c-https", "curl-https", "openssl",
                "receive-floor", "write-floor"), List.of(
                costed("drill-https", 4, 6, 2, 1.0), costed("aria2c-https", 13, 6, 1, 1.2),
                costed("curl-https", 7, 6, 1, 0.9), costed("openssl", 0.45, 0.4, 0.05, -1),
                costed("receive-floor", 3, 0.8, 0.3, 0.9), costed("write-floor", 1.5, 1.5, 1.5, -1)));

        assertThat(report.targets()).filteredOn(t -> t.what().startsWith("throughput >= 2x"))
                .singleElement().satisfies(t -> assertThat(t.floor().orElseThrow()).as("2x curl, missed")
                        .endsWith("; at the 0.50 s drill get waited, its CPU must be <= 5.00 core-s/GiB (it spent "
                                + "6.00)"));
        assertThat(report.targets()).filteredOn(t -> t.what().startsWith("rate >= 50%"))
                .singleElement().satisfies(t -> assertThat(t.floor().orElseThrow()).as("needs 0.90 s")
                        .endsWith("; at the 0.50 s drill get waited, not even with no CPU of its own"));
        assertThat(report.targets()).filteredOn(t -> t.what().startsWith("throughput >= 3x"))
                .singleElement().satisfies(t -> assertThat(t.floor().orElseThrow()).as("3x aria2c, met at 3.25x")
                        .doesNotContain("waited"));
    }

    @Test
    void withoutEveryFloorPartThereIsNoFloorAndNoFloorColumn() {
        PeersReport report = new PeersReport(GIB, 2, names("drill-https", "openssl", "receive-floor"), List.of(
                costed("drill-https", 4, 6, 2, 1.0), costed("openssl", 1, 1.0, 0.2, -1),
                costed("receive-floor", 3, 0.8, 0.3, 0.9)));

        assertThat(report.floor()).as("no write-floor row").isEmpty();
        assertThat(report.table()).doesNotContain("floor here").doesNotContain("**floor**");
    }

    @Test
    void theTableShowsTheFloorsPartsAndHowFarTheClientIsAboveThem() {
        String table = withFloors().table();

        assertThat(table).contains("| receive and decrypt | curl into /dev/null, one mirror | 0.80 |")
                .contains("| write the file | dd into a new file, fdatasync | 1.50 |")
                .contains("| hash it twice (each chunk, then the whole file) | openssl dgst, 2x user time | 1.60 |")
                .contains("| **floor** | the sum | **4.10** |")
                .contains("| drill get, HTTPS | 1.46x the floor, +1.90 core-s/GiB | 6.00 |")
                .contains("Least wall time on 2 cores, the floor and the mirrors' CPU with no core ever idle: 2.55 s "
                        + "(drill get, HTTPS: 4.00 s)")
                .contains("| CPU <= 4 core-s per GiB | 6.00 core-s/GiB | NO | floor 4.10 core-s/GiB: out of reach here |");
    }

    @Test
    void userAndSystemTimesAreEachTheirOwnMedian() {
        PeersReport report = new PeersReport(GIB, 2, names("openssl"), List.of(
                costed("openssl", 1, 3, 1, -1), costed("openssl", 1, 4, 0.5, -1), costed("openssl", 1, 5, 3, -1)));

        PeersReport.Row row = report.row("openssl").orElseThrow();
        assertThat(row.cpuSeconds()).as("median CPU").isEqualTo(4);
        assertThat(row.userSeconds()).as("median of user 2, 3.5, 2").isEqualTo(2);
        assertThat(row.systemSeconds()).as("median of system 1, 0.5, 3 (not CPU minus user)").isEqualTo(1);
    }

    @Test
    void coreSecondsAreScaledToAGibibyte() {
        PeersReport report = new PeersReport(GIB / 4, names("drill-https"),
                List.of(sample("drill-https", 1, 0.75, 100, 100)));

        assertThat(report.targets()).filteredOn(t -> t.what().startsWith("CPU"))
                .extracting(PeersReport.Target::measured).containsExactly("3.00 core-s/GiB");
    }

    @Test
    void tableHasARowPerContenderAndTheTargets() {
        PeersReport report = new PeersReport(GIB, names("drill-https", "curl-https"), List.of(
                sample("drill-https", 2, 3, 100, 120), sample("curl-https", 5, 4, 10, 3)));

        String table = report.table();

        assertThat(table).contains("| drill-https description | 1 | 2.00 s | 537 MB/s | 3.00 s | 3.00 | 100 MiB "
                + "| 120 ms | - |");
        assertThat(table).contains("| curl-https description | 1 | 5.00 s | 215 MB/s | 4.00 s | 4.00 | 10 MiB | 3 ms "
                + "| 2.50x |");
        assertThat(table).contains("| throughput >= 2x curl+sha256sum | 2.50x | yes |");
    }

    @Test
    void withoutTheReferenceClientThereAreNoRatiosOrTargets() {
        PeersReport report = new PeersReport(GIB, names("curl-https"), List.of(sample("curl-https", 5, 4, 10, 3)));

        assertThat(report.targets()).isEmpty();
        assertThat(report.table()).contains("| ? |").doesNotContain("target");
    }

    @Test
    void aBlackholeRunIsJudgedAgainstTheHealthyMedian() {
        PeersReport report = new PeersReport(GIB, names("drill-https", "drill-https+blackhole"), List.of(
                sample("drill-https", 2, 3, 100, 120), sample("drill-https+blackhole", 3.2, 3.3, 100, 120)));

        assertThat(report.targets()).filteredOn(t -> t.what().startsWith("blackholed"))
                .extracting(PeersReport.Target::measured, PeersReport.Target::met)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("+1.20 s", true));
    }

    private static PeersReport.Sample faulted(long recoverMs, Recovery.Outcome outcome, long detectMs) {
        Recovery r = new Recovery(detectMs < 0 ? java.util.Optional.empty()
                : java.util.Optional.of(java.time.Duration.ofMillis(detectMs)), java.time.Duration.ofMillis(recoverMs),
                outcome, 100e6, 50e6);
        return new PeersReport.Sample("drill-https+blackhole", 3, 3, 100 * 1024, OptionalLong.of(120),
                java.util.Optional.empty(), java.util.Optional.of(new Recovery.Measured.Judged(r)));
    }

    @Test
    void p99IsTheNearestRankSoTheSlowestOfTwentyAndTheSecondSlowestOfTwoHundred() {
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = i + 1;
        }
        double[] twoHundred = new double[200];
        for (int i = 0; i < 200; i++) {
            twoHundred[i] = i + 1;
        }

        assertThat(PeersReport.p99(twenty)).as("p99 of 1..20").isEqualTo(20);
        assertThat(PeersReport.p99(twoHundred)).as("p99 of 1..200 (rank 198)").isEqualTo(198);
    }

    @Test
    void recoveryIsSummedUpAsMedianAndP99AndJudgedAgainstOneSecond() {
        PeersReport report = new PeersReport(GIB, names("drill-https", "drill-https+blackhole"), List.of(
                sample("drill-https", 2, 3, 100, 120), faulted(600, Recovery.Outcome.RECOVERED, 520),
                faulted(0, Recovery.Outcome.NEVER_DIPPED, -1), faulted(900, Recovery.Outcome.RECOVERED, 700)));

        PeersReport.RecoveryRow row = report.recovery("drill-https+blackhole").orElseThrow();
        assertThat(row.recoverMedianMillis()).as("median of 0, 600, 900 ms").isEqualTo(600);
        assertThat(row.recoverP99Millis()).as("p99 of three runs: the slowest").isEqualTo(900);
        assertThat(row.detectMedianMillis()).as("median of the two detections").hasValue(610);
        assertThat(row.undetected()).as("runs without a detection").isEqualTo(1);
        assertThat(report.targets()).filteredOn(t -> t.what().contains("time to recover"))
                .extracting(PeersReport.Target::measured, PeersReport.Target::met)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("900 ms (p99 of 3 = the slowest)", true));
        assertThat(report.table()).contains("| drill-https+blackhole | 3 of 3 | 610 ms (1 never) | 700 ms (1 never) "
                + "| 600 ms | 900 ms | 0 |").contains("| blackholed mirror: total <= healthy + 1.5 s |");
    }

    @Test
    void aRunWhoseFrozenMirrorHeldNothingCountsAsUndetectedAndIsToldApart() {
        PeersReport report = new PeersReport(GIB, names("drill-https", "drill-https+blackhole"), List.of(
                sample("drill-https", 2, 3, 100, 120), faulted(600, Recovery.Outcome.RECOVERED, 520),
                faulted(0, Recovery.Outcome.UNTOUCHED, -1), faulted(0, Recovery.Outcome.NEVER_DIPPED, -1)));

        PeersReport.RecoveryRow row = report.recovery("drill-https+blackhole").orElseThrow();
        assertThat(row.undetected()).as("runs without a detection").isEqualTo(2);
        assertThat(row.untouched()).as("of which with nothing on the frozen mirror").isEqualTo(1);
        assertThat(row.notRecovered()).as("an untouched run is not one never back to rate").isZero();
        assertThat(report.table()).contains("| drill-https+blackhole | 3 of 3 | 520 ms (2 never, 1 with nothing on "
                + "it) |");
        assertThat(report.json().get("recovery")).asList().singleElement()
                .satisfies(m -> assertThat(((java.util.Map<?, ?>) m).get("untouched")).isEqualTo(1));
    }

    @Test
    void aRunNeverBackToRateOrNotJudgedFailsTheRecoveryTarget() {
        PeersReport slow = new PeersReport(GIB, names("drill-https", "drill-https+blackhole"), List.of(
                sample("drill-https", 2, 3, 100, 120), faulted(400, Recovery.Outcome.RECOVERED, 300),
                faulted(2500, Recovery.Outcome.NOT_RECOVERED, 300)));
        PeersReport unjudged = new PeersReport(GIB, names("drill-https", "drill-https+blackhole"), List.of(
                sample("drill-https", 2, 3, 100, 120), faulted(400, Recovery.Outcome.RECOVERED, 300),
                new PeersReport.Sample("drill-https+blackhole", 3, 3, 100 * 1024, OptionalLong.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.of(new Recovery.Measured.Unjudged("too close to the end")))));

        assertThat(slow.targets()).filteredOn(t -> t.what().contains("time to recover"))
                .extracting(PeersReport.Target::measured, PeersReport.Target::met)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "2500 ms (p99 of 2 = the slowest); 1 run(s) never back to rate", false));
        assertThat(unjudged.targets()).filteredOn(t -> t.what().contains("time to recover"))
                .extracting(PeersReport.Target::measured, PeersReport.Target::met)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "400 ms (p99 of 1 = the slowest); 1 run(s) not judged", false));
    }
}
