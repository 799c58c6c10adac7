package io.outagedrill.harness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository's scenarios, judged for a world of real servers in containers. */
class RealServerFitTest {
    static final Path DIR = Path.of("..", "scenarios");

    @Test
    void networkDnsAndInProcessFaultsAllActOut() {
        for (String name : List.of("primary-blackhole-mid-transfer", "reset-mid-transfer", "slow-primary",
                "all-mirrors-down-then-recover", "correlated-failure-one-cloud", "s3proxy-last-mirror-standing")) {
            Scenario scenario = ScenarioLoader.load(DIR.resolve(name + ".yaml"));

            assertThat(RealServerFit.limits(scenario)).as("limits of %s on real servers", name).isEmpty();
            assertThat(RealServerFit.varnishFronted(scenario)).as("Varnish-fronted providers of %s", name).isEmpty();
        }
    }

    @Test
    void anEdgeCacheWithItsFlushAndItsStatusAndDelayFaultsActsOutOnVarnish() {
        for (String name : List.of("fastly-2021-06-08", "edge-hides-origin-outage",
                "edge-purged-cannot-hide-origin-outage")) {
            Scenario scenario = ScenarioLoader.load(DIR.resolve(name + ".yaml"));

            assertThat(RealServerFit.blockers(scenario)).as("blockers of %s", name).isEmpty();
            assertThat(RealServerFit.limits(scenario)).as("limits of %s on real servers", name).isEmpty();
        }
        assertThat(RealServerFit.varnishFronted(ScenarioLoader.load(DIR.resolve("fastly-2021-06-08.yaml"))))
                .as("the edge of origin is Varnish already; the fault-free others stay nginx").isEmpty();
    }

    @Test
    void aProviderGivenStatusFaultsIsFrontedByVarnishInsideARepeatAndOutside() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("cloudflare-2025-11-18.yaml"));

        assertThat(RealServerFit.limits(scenario)).as("limits of %s", scenario.name()).isEmpty();
        assertThat(RealServerFit.varnishFronted(scenario)).containsExactly("cloudflare");
    }

    @Test
    void faultsOnlyTheFakeFileServerMakesAreEachNamedWithWhy() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("range-ignored.yaml"));

        List<RealServerLimit> limits = RealServerFit.limits(scenario);

        assertThat(limits).extracting(RealServerLimit::faultId, RealServerLimit::kind)
                .containsExactly(tuple("no-ranges", "http.ignore-range"));
        assertThat(limits.getFirst().describe()).startsWith("no-ranges (http.ignore-range): ")
                .contains("fake file server");
        assertThat(RealServerFit.varnishFronted(scenario)).as("no fault Varnish can make").isEmpty();
        assertThat(RealServerFit.ownCopies(scenario)).as("no corrupt bytes").isEmpty();
    }

    /** A scenario whose every fault is unplayable would pass on real servers having tested nothing: refused. */
    @Test
    void aScenarioNoneOfWhoseFaultsActOutIsRefusedNotPassedEmpty() {
        for (String name : List.of("range-ignored", "gzip-bomb", "wrong-host-certificate")) {
            Scenario scenario = ScenarioLoader.load(DIR.resolve(name + ".yaml"));

            assertThat(RealServerFit.blockers(scenario)).as("blockers of %s", name).singleElement().asString()
                    .startsWith("none of its 1 fault step(s) can be acted out on real servers, so a run would test "
                            + "nothing (");
        }
        for (String name : List.of("corrupt-bytes-one-mirror", "fastly-2021-06-08", "reset-mid-transfer")) {
            assertThat(RealServerFit.blockers(ScenarioLoader.load(DIR.resolve(name + ".yaml"))))
                    .as("blockers of %s: every fault playable", name).isEmpty();
        }
    }

    @Test
    void corruptBytesOnAPlainNginxMirrorActOutInItsOwnCopyOfTheFiles() {
        for (String name : List.of("corrupt-bytes-one-mirror", "malicious-mirror-corrupts-every-chunk")) {
            Scenario scenario = ScenarioLoader.load(DIR.resolve(name + ".yaml"));

            assertThat(RealServerFit.limits(scenario)).as("limits of %s on real servers", name).isEmpty();
            assertThat(RealServerFit.ownCopies(scenario)).as("providers of %s with their own copy", name)
                    .containsExactly("fastly");
            assertThat(RealServerFit.varnishFronted(scenario)).as("Varnish-fronted providers of %s", name).isEmpty();
        }
    }

    @Test
    void corruptBytesAreNotActedOutWhenTheScenarioServesAFileFromDisk(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String yaml = java.nio.file.Files.readString(DIR.resolve("corrupt-bytes-one-mirror.yaml"));
        String onDisk = yaml.replaceFirst("size: [0-9.]+[KMG]iB", "path: clip.bin");
        assertThat(onDisk).as("the scenario with its file on disk").isNotEqualTo(yaml);
        // As large as the generated file it stands for, so the scenario's offsets (up to 40000000) are inside it;
        // sparse, so the test writes no 64 MiB.
        try (var clip = new java.io.RandomAccessFile(dir.resolve("clip.bin").toFile(), "rw")) {
            clip.setLength(64L * 1024 * 1024);
        }
        Scenario scenario = ScenarioLoader.parse("corrupt-bytes-one-mirror.yaml", "corrupt-bytes-one-mirror", onDisk,
                dir);

        assertThat(RealServerFit.limits(scenario)).as("limits on real servers").singleElement()
                .satisfies(limit -> assertThat(limit.reason()).contains("serves a file from disk")
                        .contains("copies of generated files only"));
        assertThat(RealServerFit.ownCopies(scenario)).as("providers given a copy to corrupt").isEmpty();
    }

    @Test
    void corruptBytesOnAShareOfRequestsOnAnEdgeOrOnAVarnishFrontedProviderAreNamed() {
        Scenario scenario = ScenarioLoader.parse("inline.yaml", "inline", """
                name: inline
                description: corrupt bytes real servers can and cannot act out
                seed: 1
                topology:
                  providers:
                    - {name: origin, kind: origin}
                    - {name: fastly, kind: cdn-edge, edgeOf: origin}
                    - {name: cloudflare, kind: cdn-edge}
                    - {name: bunny, kind: cdn-edge}
                    - {name: akamai, kind: cdn-edge}
                    - {name: b2, kind: object-store, backend: s3proxy}
                  files:
                    - {name: video.mp4, size: 1MiB}
                clients:
                  - {count: 1}
                timeline:
                  - {at: 0s, apply: {id: half, fault: http.corrupt-bytes, target: akamai, offsets: [1],
                                         probability: 50%}}
                  - {at: 0s, apply: {id: edge, fault: http.corrupt-bytes, target: fastly, offsets: [1]}}
                  - {at: 0s, apply: {id: fronted-503, fault: http.status, target: cloudflare, code: 503}}
                  - {at: 0s, apply: {id: fronted, fault: http.corrupt-bytes, target: cloudflare, offsets: [1]}}
                  - {at: 0s, apply: {id: origin-lies, fault: http.corrupt-bytes, target: origin, offsets: [1]}}
                  - {at: 0s, apply: {id: on-path, fault: http.corrupt-bytes, target: bunny, offsets: [1],
                                         path: "/video*"}}
                slos:
                  - corruptFilesAccepted: 0
                """);
        String how = "; corrupt bytes are acted out as bad bytes in a plain nginx provider's own copy of the files";

        assertThat(RealServerFit.limits(scenario)).extracting(RealServerLimit::faultId, RealServerLimit::reason)
                .containsExactly(
                        tuple("half", "a real server's bad copy of a file is bad in every response that carries "
                                + "the byte; a share, count, warm-up, per-client count or byte range of requests in "
                                + "the scope is the fake file server's"),
                        tuple("edge", "provider fastly is a Varnish edge of origin, serving its cached copies" + how),
                        tuple("fronted", "provider cloudflare is a Varnish edge in front of a private origin (for "
                                + "its status or slow-first-byte faults), whose cache would go on serving good "
                                + "copies" + how));
        assertThat(RealServerFit.ownCopies(scenario)).as("providers with their own copy")
                .containsExactlyInAnyOrder("origin", "bunny");
        assertThat(RealServerFit.varnishFronted(scenario)).containsExactly("cloudflare");
    }

    @Test
    void aCorruptBytesStepOnAGroupWithAnEdgeThatCannotLieGivesNoneOfItsProvidersACopy() {
        Scenario scenario = ScenarioLoader.parse("inline.yaml", "inline", """
                name: inline
                description: corrupt bytes on a group of a plain nginx provider and a Varnish edge
                seed: 1
                topology:
                  providers:
                    - {name: origin, kind: origin}
                    - {name: bunny, kind: cdn-edge, group: mixed}
                    - {name: fastly, kind: cdn-edge, edgeOf: origin, group: mixed}
                    - {name: akamai, kind: cdn-edge}
                  files:
                    - {name: video.mp4, size: 1MiB}
                clients:
                  - {count: 1}
                timeline:
                  - {at: 0s, apply: {id: mixed-lies, fault: http.corrupt-bytes, target: mixed, offsets: [1]}}
                  - {at: 0s, apply: {id: akamai-lies, fault: http.corrupt-bytes, target: akamai, offsets: [1]}}
                slos:
                  - corruptFilesAccepted: 0
                """);

        assertThat(RealServerFit.limits(scenario)).as("the steps real servers cannot act out")
                .extracting(RealServerLimit::faultId).containsExactly("mixed-lies");
        assertThat(RealServerFit.ownCopies(scenario)).as("providers with their own copy: not bunny, whose step is "
                + "not played").containsExactly("akamai");
    }

    @Test
    void aScopeVarnishCannotPickAndAFlushOfAProviderThatCachesNothingAreNamed() {
        Scenario scenario = ScenarioLoader.parse("inline.yaml", "inline", """
                name: inline
                description: scopes and flushes real servers cannot act out
                seed: 1
                topology:
                  providers:
                    - {name: cloudflare, kind: cdn-edge}
                    - {name: b2, kind: object-store}
                  files:
                    - {name: video.mp4, size: 1MiB}
                clients:
                  - {count: 1}
                timeline:
                  - {at: 0s, apply: {id: path-only, fault: http.status, target: cloudflare, code: 503, path: "/x*"}}
                  - {at: 0s, apply: {id: flush-nothing, fault: cache.flush, target: cloudflare}}
                slos:
                  - corruptFilesAccepted: 0
                """);

        assertThat(RealServerFit.limits(scenario)).extracting(RealServerLimit::faultId, RealServerLimit::reason)
                .containsExactly(
                        tuple("path-only", "a Varnish edge's fault switch acts on every request or a share of them; "
                                + "a path, byte range, count, warm-up or per-client count in the scope is the fake "
                                + "file server's"),
                        tuple("flush-nothing", "provider cloudflare caches nothing (no edgeOf); only an edge cache of an "
                                + "origin is a Varnish edge to flush"));
        assertThat(RealServerFit.varnishFronted(scenario)).as("a fault Varnish cannot make fronts nothing").isEmpty();
    }

    @Test
    void theReportBeforeARunListsEachLimitWithWhy() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Scenario blackhole = ScenarioLoader.load(DIR.resolve("primary-blackhole-mid-transfer.yaml"));
        Scenario edge = ScenarioLoader.load(DIR.resolve("fastly-2021-06-08.yaml"));
        Scenario gzip = ScenarioLoader.load(DIR.resolve("gzip-bomb.yaml"));
        // gzip-bomb with a blackhole too: one step real servers act out, one they cannot.
        String both = java.nio.file.Files.readString(DIR.resolve("gzip-bomb.yaml")).replace(
                "    apply: {id: fastly-gzips, fault: http.gzip, target: fastly}",
                "    apply: {id: fastly-gzips, fault: http.gzip, target: fastly}\n  - at: 1s\n"
                        + "    apply: {id: b2-blackhole, fault: toxic.bandwidth, target: b2, rate: 0}")
                .replace("name: gzip-bomb", "name: gzip-and-blackhole");
        Scenario partly = ScenarioLoader.parse("gzip-and-blackhole.yaml", "gzip-and-blackhole", both, DIR);

        List<Scenario> runnable = RealServerFitReport.print(List.of(blackhole, edge, gzip, partly), out);

        assertThat(runnable).as("the scenarios left to run").containsExactly(blackhole, edge, partly);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(0, 2)).containsExactly(
                "primary-blackhole-mid-transfer: every step can be acted out on real servers",
                "fastly-2021-06-08: every step can be acted out on real servers");
        assertThat(lines.get(2)).as("a scenario none of whose faults act out").startsWith("gzip-bomb skipped, it "
                + "cannot run on real servers: none of its 1 fault step(s) can be acted out on real servers, so a "
                + "run would test nothing (fastly-gzips (http.gzip): ").endsWith("(run it with --world embedded)");
        assertThat(lines.get(3)).isEqualTo(
                "gzip-and-blackhole: 1 step(s) cannot be acted out on real servers; the run notes them, unplayed:");
        assertThat(lines.get(4)).isEqualTo("  fastly-gzips (http.gzip): real servers take HTTP faults through a "
                + "Varnish edge's fault switch, which makes status answers (without Retry-After) and slow first "
                + "bytes only; this one only the fake file server makes");
    }

    /** Run records say which world played them, so a report never compares the two as one. */
    @Test
    void theWorldsNameThemselvesForTheRunRecords() {
        assertThat(new ContainersWorld().name()).isEqualTo("containers");
        assertThat(io.outagedrill.harness.run.WorldStarter.EMBEDDED.name()).isEqualTo("embedded");
    }
}
