package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DNS fault acts in the world's resolver, which a process given fixed addresses never asks: its run must say the
 * fault did not reach it instead of passing an outage it never saw (curl used to pass akamai-2021-07-22 with no
 * note, before it asked the world's name server over HTTPS; aria2c cannot where port 53 may not be bound). A
 * manifest fault changes what the replicas serve, which curl and aria2c never fetch: their runs must say why a
 * refusal SLO failed (curl used to fail tampered-manifest with no word of why).
 */
class FaultReachTest {
    /** One DNS fault inside a repeat, one outside. */
    private static final Scenario SCENARIO = withTimeline("dns", """
              - at: 1s
                apply: {id: servfail, fault: dns.servfail, target: akamai}
              - at: 2s
                clear: servfail
              - at: 3s
                repeat:
                  every: 1s
                  times: 2
                  steps:
                    - at: 0s
                      apply: {id: slow-dns, fault: dns.slow, target: fastly, delay: 100ms}
                    - at: 500ms
                      clear: slow-dns
            """);

    /** A forged manifest from the start, and later a replica down. */
    private static final Scenario TAMPERED = withTimeline("tampered", """
              - at: 0s
                apply: {id: tampered, fault: manifest.bad-signature}
              - at: 1s
                apply: {id: replica-down, fault: manifest.down, replica: 1}
            """);

    /** The manifest pointing one mirror at another file's URL: a manifest fault that is not a {@code ManifestFault}. */
    private static final Scenario WRONG_FILE = withTimeline("wrong-file", """
              - at: 0s
                apply: {id: swap, fault: manifest.wrong-file-mirror, mirror: akamai}
            """);

    /** Two providers, one file, one client, and these timeline steps (indented as items of {@code timeline:}). */
    private static Scenario withTimeline(String name, String steps) {
        return ScenarioLoader.parse(name + ".yaml", name, """
                name: %s
                description: faults some clients cannot meet
                seed: 1
                topology:
                  providers:
                    - {name: akamai, kind: cdn-edge}
                    - {name: fastly, kind: cdn-edge}
                  files:
                    - {name: f.bin, size: 1MiB}
                clients:
                  - {count: 1}
                timeline:
                %sslos:
                  - corruptFilesAccepted: 0
                """.formatted(name, steps));
    }

    @Test
    void aFaultCountedPerClientIsNotedForClientsThatConnectFromTheSystemsAddress() {
        Scenario perClient = withTimeline("per-client", """
                  - at: 0s
                    apply: {id: second-fails, fault: http.status, target: akamai, code: 503, afterRequests: 1, times: 1,
                            perClient: true}
                  - at: 0s
                    apply: {id: fleet-wide, fault: http.status, target: fastly, code: 503, afterRequests: 5}
                """);

        assertThat(FaultReach.perClient(perClient.timeline(), List.of("cmd:dl {urls}"))).containsExactly(
                "second-fails counts requests per client, but cmd:dl {urls} connects from the address the system "
                        + "picks, so their requests count together, as one client's (per-client counts reach "
                        + "reference, reference-cli, curl, aria2c and a cmd: template that passes {source_address})");
        assertThat(FaultReach.perClient(perClient.timeline(), List.of())).as("every client with its own address")
                .isEmpty();
        assertThat(FaultReach.perClient(SCENARIO.timeline(), List.of("cmd:dl {urls}"))).as("no per-client fault")
                .isEmpty();
    }

    @Test
    void theNoteNamesEveryDnsFaultAndEveryClientItCannotReach() {
        assertThat(FaultReach.dns(SCENARIO.timeline(), List.of("aria2c", "cmd:dl {urls}"))).containsExactly(
                "dns.servfail (servfail), dns.slow (slow-dns) did not reach aria2c, cmd:dl {urls}: they do not ask "
                        + "the world's name server; DNS faults reach clients that do (reference, reference-cli, curl, "
                        + "aria2c where this process may bind port 53, the host has an IPv4 address besides "
                        + "127.0.0.1 and its flags neither turn async DNS off nor name a DNS server of their own, and a cmd: template that passes {dns_server} or {doh_url}); this run's SLOs "
                        + "about them judged aria2c, cmd:dl {urls} as if nothing had happened");
    }

    @Test
    void noNoteWhenEveryClientAsksTheResolverOrThereIsNoDnsFault() {
        assertThat(FaultReach.dns(SCENARIO.timeline(), List.of())).isEmpty();
        assertThat(FaultReach.dns(List.of(), List.of("aria2c"))).isEmpty();
    }

    @Test
    void theManifestNoteNamesTheFaultAndSaysWhyARefusalFailsForAClientThatNeverReadsTheManifest() {
        assertThat(FaultReach.manifest(TAMPERED.timeline(), List.of("curl"))).containsExactly(
                "manifest.down (replica-down) did not reach curl: it is handed the mirrors' URLs and the signed "
                        + "SHA-256, never the manifest; this run's SLOs about it judged curl as if nothing had "
                        + "happened",
                "manifest.bad-signature (tampered) did not reach curl: it is handed the mirrors' URLs and the signed "
                        + "SHA-256, never the manifest, so what the replicas serve is neither seen nor refused; an SLO "
                        + "expecting a refusal fails for curl because it does not read manifests at all");
        assertThat(FaultReach.manifest(TAMPERED.timeline(), List.of("curl", "aria2c")).getLast())
                .as("two clients").contains("did not reach curl, aria2c: they are handed")
                .endsWith("fails for curl, aria2c because they do not read manifests at all");
        assertThat(FaultReach.manifest(TAMPERED.timeline(), List.of())).isEmpty();
        assertThat(FaultReach.manifest(SCENARIO.timeline(), List.of("curl"))).as("no manifest fault").isEmpty();
        assertThat(FaultReach.dns(TAMPERED.timeline(), List.of("aria2c"))).as("no DNS fault").isEmpty();
    }

    @Test
    void aManifestPointingAMirrorAtAnotherFileIsNotedAsAServedFault() {
        assertThat(FaultReach.manifest(WRONG_FILE.timeline(), List.of("curl"))).singleElement().asString()
                .startsWith("manifest.wrong-file-mirror (swap) did not reach curl: it is handed the mirrors' URLs")
                .endsWith("an SLO expecting a refusal fails for curl because it does not read manifests at all");
    }
}
