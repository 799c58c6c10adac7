package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DNS fault acts in the world's resolver, which a separate process never asks: its run must say the fault did
 * not reach it instead of passing an outage it never saw (curl used to pass akamai-2021-07-22 with no note).
 */
class DnsReachTest {
    private static final Scenario SCENARIO = ScenarioLoader.parse("dns.yaml", "dns", """
            name: dns
            description: one DNS fault inside a repeat, one outside
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
            slos:
              - corruptFilesAccepted: 0
            """);

    @Test
    void theNoteNamesEveryDnsFaultAndEveryClientItCannotReach() {
        assertThat(DnsReach.notes(SCENARIO.timeline(), List.of("curl", "aria2c"))).containsExactly(
                "dns.servfail (servfail), dns.slow (slow-dns) did not reach curl, aria2c: a separate process is given "
                        + "each host's address up front and never looks a name up, so DNS faults reach in-process "
                        + "clients only; this run's SLOs about them judged curl, aria2c as if nothing had happened");
    }

    @Test
    void noNoteWhenEveryClientAsksTheResolverOrThereIsNoDnsFault() {
        assertThat(DnsReach.notes(SCENARIO.timeline(), List.of())).isEmpty();
        assertThat(DnsReach.notes(List.of(), List.of("curl"))).isEmpty();
    }
}
