package io.outagedrill.harness.scenario;

import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.fault.ProxyDownFault;
import io.outagedrill.fakes.fault.ToxicFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.harness.scenario.ClientGroup.Client;
import io.outagedrill.harness.scenario.Step.Action;
import io.outagedrill.harness.scenario.Step.Trigger;
import io.outagedrill.harness.scenario.Topology.Backend;
import io.outagedrill.harness.scenario.Topology.FileSpec;
import io.outagedrill.harness.scenario.Topology.ManifestSpec;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Topology.ProviderKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioLoaderTest {
    static final Path FULL = Path.of("src/test/resources/scenarios/full-example.yaml");

    @Test
    void fullExampleLoadsIntoTheExpectedRecords() {
        Scenario s = ScenarioLoader.load(FULL);

        assertThat(s.name()).isEqualTo("full-example");
        assertThat(s.source()).isEqualTo("https://example.com/post-mortem");
        assertThat(s.tags()).containsExactly("real-incident", "http-5xx", "flapping");
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.compress()).isEqualTo(600);
        assertThat(s.wallTime(Duration.ofMinutes(1))).isEqualTo(Duration.ofMillis(100));
        assertThat(s.clock()).isEqualTo(LocalTime.of(11, 5));

        Topology t = s.topology();
        assertThat(t.providers()).containsExactly(
                new Provider("origin", ProviderKind.ORIGIN, "origin.test", "eu", "origin", true, null,
                        Backend.IN_PROCESS),
                new Provider("cloudflare", ProviderKind.CDN_EDGE, "cloudflare.test", "eu", "cloudflare", true, "origin",
                        Backend.IN_PROCESS),
                new Provider("fastly", ProviderKind.CDN_EDGE, "cdn-backup.test", null, "fastly-net", true, null,
                        Backend.IN_PROCESS),
                new Provider("b2", ProviderKind.OBJECT_STORE, "b2.test", null, "b2", false, null, Backend.S3PROXY));
        assertThat(t.files()).containsExactly(
                new FileSpec("video.mp4", 64L << 20, 4L << 20, List.of("cloudflare", "fastly", "b2"), 42),
                new FileSpec("small.bin", 1000, 4L << 20, List.of("origin", "cloudflare", "fastly", "b2"), 7));
        assertThat(t.manifest()).isEqualTo(new ManifestSpec(2, Duration.ofHours(1), 7));
        assertThat(t.resolve("fastly-net")).extracting(Provider::name).containsExactly("fastly");

        assertThat(s.clients()).containsExactly(
                new ClientGroup("clients-1", 20, new Client.Reference(), "adaptive", Duration.ofSeconds(30),
                        "video.mp4", Map.of("stall-timeout", "2s", "connections", 4)),
                new ClientGroup("curl-loop", 1, new Client.Command("my-dl {urls} -o {output}"), null,
                        Duration.ZERO, "small.bin", Map.of()));

        assertThat(s.timeline()).containsExactly(
                new Step(new Trigger.At(Duration.ofMinutes(23), "11:28"), new Action.Apply(new HttpFault(
                        "cf-500", "cloudflare", Scope.onPath("/video*").bytes(0, 4L << 20).afterRequests(2).times(10)
                        .probability(0.28, 0), new FaultRule.Status(500, 5))), "errors begin"),
                new Step(new Trigger.At(Duration.ofMinutes(30), "30m"), new Action.Apply(new ToxicFault(
                        "slow", "fastly-net", "latency", ToxicSpec.Stream.UPSTREAM, 0.5,
                        Map.of("latency", 200L, "jitter", 50L))), null),
                new Step(new Trigger.AtProgress(0.4, Step.ProgressOf.ANY_CLIENT),
                        new Action.Apply(new ManifestFault("manifest-old", 2, ReplicaFault.Expired.anHourAgo())), null),
                new Step(new Trigger.At(Duration.ofHours(1), "1h"), new Action.Repeat(Duration.ofMinutes(5), 3, List.of(
                        new Step(new Trigger.At(Duration.ZERO, "0s"),
                                new Action.Apply(new ProxyDownFault("flap", "b2")), null),
                        new Step(new Trigger.At(Duration.ofSeconds(150), "2m30s"), new Action.Clear("flap"), null))),
                        null),
                new Step(new Trigger.At(Duration.ofHours(2), "2h"), new Action.Clear("cf-500"), null),
                new Step(new Trigger.At(Duration.ofHours(2), "2h"), new Action.ClearAll(), null));
        assertThat(((Action.Apply) s.timeline().get(1).action()).fault().kind()).isEqualTo("toxic.latency");

        assertThat(s.slos()).containsExactly(
                new Slo.CompleteWithin(0.99, Duration.ofSeconds(30), Slo.Window.WHOLE_RUN),
                new Slo.CompleteWithin(0.9, Duration.ofMinutes(1), new Slo.Window(Slo.Phase.DURING, "cf-500")),
                new Slo.CorruptFilesAccepted(0, Slo.Window.WHOLE_RUN),
                new Slo.MaxFailoversPerDownload(3, new Slo.Window(Slo.Phase.BEFORE, "slow")),
                new Slo.MaxWastedPercent(12.5, new Slo.Window(Slo.Phase.AFTER, "cf-500")),
                new Slo.TimeToRecover("cf-500", Slo.Edge.START, Duration.ofSeconds(5)),
                new Slo.ExpectRejection(3, "EXPIRED", Slo.Window.WHOLE_RUN));
    }

    /**
     * The schema an editor checks a scenario file against (the files' yaml-language-server line) did not require
     * {@code slos}, so a scenario the loader refuses for having none showed no error there. The schema pass now
     * refuses it, in the words of the loader's own check.
     */
    @Test
    void theSchemaRefusesAScenarioWithoutSlosAsTheLoaderDoes() throws LocatedYaml.SyntaxError {
        ObjectNode demo = (ObjectNode) LocatedYaml.parse(ScenarioLoader.builtInText("demo").orElseThrow()).root();
        assertThat(SchemaCheck.validate(demo)).as("the schema's issues with the shipped demo").isEmpty();

        ObjectNode without = demo.deepCopy();
        without.remove("slos");
        ObjectNode empty = demo.deepCopy();
        empty.putArray("slos");

        SchemaCheck.Issue needsAnSlo = new SchemaCheck.Issue("/slos", false, ScenarioChecker.NEEDS_AN_SLO);
        assertThat(SchemaCheck.validate(without)).as("the schema's issues with a scenario without slos")
                .containsExactly(needsAnSlo);
        assertThat(SchemaCheck.validate(empty)).as("the schema's issues with a scenario whose slos are []")
                .containsExactly(needsAnSlo);
    }

    @Test
    void everyFaultKindInTheSchemaHasARecordAndBack() {
        List<String> inSchema = new java.util.ArrayList<>();
        SchemaCheck.kindsInSchema().forEachRemaining(inSchema::add);
        assertThat(inSchema).containsExactlyInAnyOrderElementsOf(FaultKinds.names());
        for (String kind : inSchema) {
            assertThat(SchemaCheck.schemaTree().at("/$defs/fault." + kind.replace("/", "~1")).isObject())
                    .as(kind).isTrue();
        }
    }
}
