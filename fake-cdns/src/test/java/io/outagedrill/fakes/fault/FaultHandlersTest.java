package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.dns.DnsFault;
import io.outagedrill.fakes.http.ActiveFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.status.Impact;
import io.outagedrill.fakes.tls.CertificateKind;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import io.outagedrill.fakes.topology.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each family's handler, applied and cleared by id on a real in-process world, seen through the world's handles. */
@Timeout(60)
class FaultHandlersTest {
    private static final long SEED = 3;
    private static Topology world;
    private AppliedFaults faults;

    @BeforeAll
    static void start() {
        world = Topology.builder().seed(SEED).provider("fastly", p -> p.group("edge"))
                .provider("bunny", p -> p.group("edge")).provider("origin").file("video.mp4", 64 * 1024)
                .file("setup.exe", 32 * 1024).manifestReplicas(2).start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void heal() throws Exception {
        faults.clearAll();
    }

    private AppliedFaults faults() {
        faults = new AppliedFaults(world);
        return faults;
    }

    @Test
    void anHttpFaultOnAGroupActsOnEveryMemberWithItsProbabilitySeededFromTheWorldAndItsId() throws Exception {
        AppliedFaults applied = faults();
        applied.apply(new HttpFault("partial", "edge", Scope.onPath("/v/*").probability(0.5, 99),
                FaultRule.Status.of(503)));

        long expectedSeed = FaultContext.of(world).seedFor("partial");
        for (String provider : new String[] {"fastly", "bunny"}) {
            assertThat(world.http(provider).active()).as(provider).singleElement().satisfies(active -> {
                assertThat(active.rule()).isEqualTo(FaultRule.Status.of(503));
                assertThat(active.scope()).isEqualTo(Scope.onPath("/v/*").probability(0.5, expectedSeed));
            });
        }
        assertThat(world.http("origin").active()).as("outside the group").isEmpty();

        assertThat(applied.clear("partial")).isTrue();
        assertThat(world.http("fastly").active()).isEmpty();
        assertThat(world.http("bunny").active()).isEmpty();
        assertThat(applied.clear("partial")).as("already cleared").isFalse();
    }

    @Test
    void swapContentServesTheWorldsOwnFileOfThatName() throws Exception {
        faults().apply(new SwapContentFault("v2", "fastly", null, "setup.exe"));
        assertThat(world.http("fastly").active()).singleElement().extracting(ActiveFault::rule)
                .isEqualTo(new FaultRule.SwapContent(world.file("setup.exe")));
    }

    @Test
    void aToxicGoesToTheProxyAsWrittenAndACorruptToxicWithoutASeedGetsOneDerivedFromTheId() throws Exception {
        AppliedFaults applied = faults();
        applied.apply(new ToxicFault("slow", "fastly", "latency", ToxicSpec.Stream.UPSTREAM, 0.5,
                Map.of("latency", 200L)));
        applied.apply(new ToxicFault("flip", "fastly", "corrupt", ToxicSpec.Stream.DOWNSTREAM, 1, Map.of()));

        List<ToxicSpec> toxics = world.network().toxics("fastly");
        assertThat(toxics).extracting(ToxicSpec::name).containsExactlyInAnyOrder("slow-fastly", "flip-fastly");
        ToxicSpec latency = toxics.stream().filter(t -> t.name().equals("slow-fastly")).findFirst().orElseThrow();
        assertThat(latency.toxicity()).isEqualTo(0.5);
        assertThat(latency.stream()).isEqualTo(ToxicSpec.Stream.UPSTREAM);
        assertThat(latency.attributes().get("latency").longValue()).isEqualTo(200);
        ToxicSpec corrupt = toxics.stream().filter(t -> t.name().equals("flip-fastly")).findFirst().orElseThrow();
        assertThat(corrupt.attributes().get("seed").longValue()).isEqualTo(FaultContext.of(world).seedFor("flip"));

        applied.clearAll();
        assertThat(world.network().toxics("fastly")).isEmpty();
    }

    @Test
    void proxyDownTakesTheLinkDownUntilCleared() throws Exception {
        AppliedFaults applied = faults();
        applied.apply(new ProxyDownFault("gone", "bunny"));
        assertThat(world.network().link("bunny").up()).isFalse();
        applied.clear("gone");
        assertThat(world.network().link("bunny").up()).isTrue();
    }

    /**
     * Two faults that set the same thing of one target overlap as a timeline writes them: clearing the first left the
     * link up (and the name answering) while the second was still on, and its window said it was.
     */
    @Test
    void overlappingFaultsOnOneTargetActUntilTheLastIsClearedTheNewestWinning() throws Exception {
        AppliedFaults applied = faults();
        String host = world.provider("fastly").hostname();
        applied.apply(new ProxyDownFault("down-a", "bunny"));
        applied.apply(new ProxyDownFault("down-b", "bunny"));
        applied.apply(new ResolverFault("nx", "fastly", Duration.ofSeconds(30), new DnsFault.NxDomain()));
        applied.apply(new ResolverFault("servfail", "fastly", Duration.ofSeconds(30), new DnsFault.ServFail()));
        applied.apply(new TlsFault("expired", "fastly", CertificateKind.EXPIRED));
        applied.apply(new TlsFault("wrong-host", "fastly", CertificateKind.WRONG_HOST));

        applied.clear("down-a");
        applied.clear("nx");
        applied.clear("expired");
        assertThat(world.network().link("bunny").up()).as("the link, down-b still on").isFalse();
        assertThat(world.dns().fault(host)).as("the answer, servfail still on").contains(new DnsFault.ServFail());
        assertThat(world.tls("fastly").presenting()).as("the certificate, wrong-host still on")
                .isEqualTo(CertificateKind.WRONG_HOST);

        applied.apply(new ResolverFault("nx-again", "fastly", Duration.ofSeconds(30), new DnsFault.NxDomain()));
        applied.clear("nx-again");
        assertThat(world.dns().fault(host)).as("the newest cleared: the one before it answers again")
                .contains(new DnsFault.ServFail());

        applied.clear("down-b");
        applied.clear("servfail");
        applied.clear("wrong-host");
        assertThat(world.network().link("bunny").up()).as("the link, every fault cleared").isTrue();
        assertThat(world.dns().fault(host)).as("the answer, every fault cleared").isEmpty();
        assertThat(world.tls("fastly").presenting()).isEqualTo(CertificateKind.VALID);
    }

    @Test
    void aDnsFaultAnswersForTheTargetsHostnameAndSetsItsTtl() throws Exception {
        AppliedFaults applied = faults();
        applied.apply(new ResolverFault("nx", "fastly", Duration.ofSeconds(30), new DnsFault.NxDomain()));
        String host = world.provider("fastly").hostname();
        assertThat(world.dns().fault(host)).contains(new DnsFault.NxDomain());
        applied.clear("nx");
        assertThat(world.dns().fault(host)).isEmpty();
    }

    @Test
    void tlsAndStatusPageFaultsAreTakenBackOnClear() throws Exception {
        AppliedFaults applied = faults();
        applied.apply(new TlsFault("cert", "fastly", CertificateKind.EXPIRED));
        applied.apply(new StatusPageFault("incident", "fastly", Impact.MAJOR, null));
        assertThat(world.tls("fastly").presenting()).isEqualTo(CertificateKind.EXPIRED);
        assertThat(world.status("fastly").status().indicator()).isEqualTo(Impact.MAJOR);

        applied.clearAll();
        assertThat(world.tls("fastly").presenting()).isEqualTo(CertificateKind.VALID);
        assertThat(world.status("fastly").status().indicator()).isEqualTo(Impact.NONE);
    }

    @Test
    void aManifestFaultActsOnTheNamedReplicaOnly() throws Exception {
        AppliedFaults applied = faults();
        applied.apply(new ManifestFault("old", 2, new ReplicaFault.Rollback()));
        var replicas = world.manifestReplicas();
        assertThat(world.manifests().replica(replicas.get(0).hostname()).fault()).isEmpty();
        assertThat(world.manifests().replica(replicas.get(1).hostname()).fault()).contains(new ReplicaFault.Rollback());
        applied.clear("old");
        assertThat(world.manifests().replica(replicas.get(1).hostname()).fault()).isEmpty();
    }

    @Test
    void wrongFileMirrorSignsTheNamedProvidersUrlForTheOtherFile() throws Exception {
        faults().apply(new WrongFileMirrorFault("swap", null, "bunny"));
        assertThat(world.manifests().replica(world.manifestReplicas().getFirst().hostname()).fault())
                .get().isInstanceOfSatisfying(ReplicaFault.WrongFileMirror.class, wrong -> {
                    assertThat(wrong.mirror().provider()).isEqualTo("bunny");
                    assertThat(wrong.mirror().url().getPath()).endsWith("setup.exe");
                });
    }

    @Test
    void whatTheWorldCannotActOutIsRefusedNotIgnored() {
        AppliedFaults applied = faults();
        assertThatThrownBy(() -> applied.apply(new CacheFlushFault("cold", "fastly")))
                .isInstanceOf(FaultNotApplicableException.class).hasMessageContaining("fastly caches nothing");
        assertThatThrownBy(() -> applied.apply(new HttpFault("x", "akamai", null, FaultRule.Status.of(500))))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no provider or group akamai; known: [bunny, edge, fastly, origin]");
        assertThat(applied.activeIds()).as("nothing recorded for refused faults").isEmpty();
    }
}
