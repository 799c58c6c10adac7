package io.outagedrill.fakes.topology;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The declaration checked as a whole before anything starts: each problem said, all of them at once. */
class TopologySpecTest {

    @Test
    void aTopologyWithoutProvidersIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> Topology.builder().start()).isInstanceOf(InvalidTopologyException.class)
                .hasMessage("a topology needs at least one provider");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        Topology.Builder builder = Topology.builder()
                .provider("store", p -> p.backend(ProviderBackend.S3PROXY))
                .provider("edge", p -> p.edgeOf("nowhere"))
                .provider("twin", p -> p.hostname("store.test"));

        assertThatThrownBy(builder::spec).isInstanceOfSatisfying(InvalidTopologyException.class, e -> {
            assertThat(e.problems()).containsExactly(
                    "host name store.test would belong to both provider store and provider twin",
                    "host name status.store.test would belong to both provider store and provider twin",
                    "provider store has backend S3PROXY, which serves object stores only, but its kind is CDN; give "
                            + "it kind(ProviderKind.OBJECT_STORE), or keep its backend IN_PROCESS",
                    "provider edge is an edge of nowhere, which is not declared; providers: [store, edge, twin]");
            assertThat(e.getMessage()).startsWith("the topology has 4 problems: host name store.test");
        });
    }

    @Test
    void edgesNeedAnOriginThatIsNeitherAnEdgeNorAnObjectStore() {
        assertThat(problems(Topology.builder().provider("loop", p -> p.edgeOf("loop"))))
                .containsExactly("provider loop is an edge of loop, itself");
        assertThat(problems(Topology.builder().provider("origin").provider("a", p -> p.edgeOf("origin"))
                .provider("b", p -> p.edgeOf("a"))))
                .containsExactly("provider b is an edge of a, which is itself an edge (of origin)");
        assertThat(problems(Topology.builder().provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE))
                .provider("edge", p -> p.edgeOf("b2"))))
                .containsExactly("provider edge is an edge of b2, but edges and their origins serve /FILE paths, "
                        + "and object stores /BUCKET/FILE");
    }

    @Test
    void aHostNameMayNotBeAnotherPartsStatusPageOrReplica() {
        assertThat(problems(Topology.builder().provider("a").provider("b", p -> p.hostname("status.a.test"))))
                .containsExactly("host name status.a.test would belong to both provider a and provider b");
        assertThat(problems(Topology.builder().provider("c", p -> p.hostname("manifests-b.test"))))
                .containsExactly("host name manifests-b.test would belong to both manifest replica "
                        + "manifests-b.test and provider c");
        assertThat(problems(Topology.builder().manifestReplicas(1).provider("c", p -> p.hostname("manifests-b.test"))))
                .as("with one replica, manifests-b.test is free").isEmpty();
    }

    @Test
    void builderValuesWrongOnTheirOwnAreRefusedAtOnceWithTheSameWords() {
        assertThatThrownBy(() -> Topology.builder().adminPort(70_000)).isInstanceOf(InvalidTopologyException.class)
                .hasMessage("adminPort: expected 0 to 65535, was 70000");
        assertThatThrownBy(() -> Topology.builder().toxiproxyPort(-1))
                .hasMessage("toxiproxyPort: expected 0 to 65535, was -1");
        assertThatThrownBy(() -> Topology.builder().manifestReplicas(27))
                .hasMessage("manifestReplicas: expected 1 to 26, was 27");
        assertThatThrownBy(() -> Topology.builder().manifestTtl(Duration.ZERO))
                .hasMessage("manifestTtl: expected a positive duration, was PT0S");
        assertThatThrownBy(() -> Topology.builder().file("f", 1).file("f", 2)).hasMessage("file f is declared twice");
    }

    @Test
    void aSpecMadeDirectlyIsCheckedTheSameWay() {
        ProviderSettings a = new ProviderSettings("a", "a.test", ProviderKind.CDN, "", "a", 1, null,
                ProviderBackend.IN_PROCESS, true);
        FileSpec file = new FileSpec("f.bin", 1, 1, OptionalLong.empty());

        assertThatThrownBy(() -> new TopologySpec(List.of(a, a), List.of(file, file), 1, true, 0, Clock.systemUTC(),
                Duration.ofMinutes(-1), 65_536, 0))
                .isInstanceOfSatisfying(InvalidTopologyException.class, e -> assertThat(e.problems()).containsExactly(
                        "provider a is declared twice",
                        "file f.bin is declared twice",
                        "manifestReplicas: expected 1 to 26, was 0",
                        "toxiproxyPort: expected 0 to 65535, was 65536",
                        "manifestTtl: expected a positive duration, was PT-1M"));
        assertThat(problems(List.of(a, a), 2)).as("a provider declared twice is one problem, not a host name clash too")
                .containsExactly("provider a is declared twice");
    }

    @Test
    void theBuilderFreezesWhatWasDeclaredWithItsDefaults() {
        TopologySpec spec = Topology.builder().seed(9).https(false).provider("cloudflare", p -> p.region("eu-west"))
                .provider("fastly", p -> p.edgeOf("cloudflare").priority(2))
                .provider("bunny", p -> p.https(true)).spec();

        assertThat(spec.providers()).as("a provider without a scheme of its own takes the topology's")
                .containsExactly(
                new ProviderSettings("cloudflare", "cloudflare.test", ProviderKind.CDN, "eu-west", "cloudflare", 1,
                        null, ProviderBackend.IN_PROCESS, false),
                new ProviderSettings("fastly", "fastly.test", ProviderKind.CDN, "", "fastly", 2, "cloudflare",
                        ProviderBackend.IN_PROCESS, false),
                new ProviderSettings("bunny", "bunny.test", ProviderKind.CDN, "", "bunny", 1, null,
                        ProviderBackend.IN_PROCESS, true));
        assertThat(spec.files()).as("with no file declared, video.mp4 of 8 MiB in 4 MiB chunks")
                .containsExactly(new FileSpec("video.mp4", 8L << 20, 4L << 20, OptionalLong.empty()));
        assertThat(spec.replicaNames()).containsExactly("manifests-a.test", "manifests-b.test");
        assertThat(spec).extracting(TopologySpec::seed, TopologySpec::https).containsExactly(9L, false);
    }

    private static List<String> problems(List<ProviderSettings> providers, int replicas) {
        try {
            new TopologySpec(providers, List.of(new FileSpec("f", 1, 1, OptionalLong.empty())), 1, true, replicas,
                    Clock.systemUTC(), Duration.ofDays(1), 0, 0);
            return List.of();
        } catch (InvalidTopologyException e) {
            return e.problems();
        }
    }

    private static List<String> problems(Topology.Builder builder) {
        try {
            builder.spec();
            return List.of();
        } catch (InvalidTopologyException e) {
            return e.problems();
        }
    }
}
