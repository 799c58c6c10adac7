package io.outagedrill.fakes.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.client.manifest.Mirror;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario files and the admin API carry replica faults as JSON; every kind must round-trip by type name. */
class ReplicaFaultJsonTest {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyFaultRoundTripsWithATypeName() throws Exception {
        Mirror liar = new Mirror("cloudflare", URI.create("http://cloudflare.test:8080/v/other.bin"), 1, "", null);
        List<ReplicaFault> faults = List.of(new ReplicaFault.Refused(), new ReplicaFault.Unavailable(),
                ReplicaFault.Expired.anHourAgo(), new ReplicaFault.Rollback(), new ReplicaFault.BadSignature(),
                ReplicaFault.Unsigned.algNone(), ReplicaFault.Unsigned.plainJson(),
                new ReplicaFault.WrongFileMirror(liar), new ReplicaFault.OtherFile("setup.exe"),
                new ReplicaFault.Exact("a.b.c"));
        for (ReplicaFault fault : faults) {
            String text = json.writeValueAsString(fault);
            assertThat(json.readValue(text, ReplicaFault.class)).as(text).isEqualTo(fault);
        }
        assertThat(json.readValue("{\"type\":\"expired\",\"agoSeconds\":7200}", ReplicaFault.class))
                .isEqualTo(new ReplicaFault.Expired(7200));
        assertThat(json.readValue("{\"type\":\"unsigned\",\"form\":\"PLAIN_JSON\"}", ReplicaFault.class))
                .isEqualTo(ReplicaFault.Unsigned.plainJson());
    }
}
