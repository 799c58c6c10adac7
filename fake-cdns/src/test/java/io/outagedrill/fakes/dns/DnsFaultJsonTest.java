package io.outagedrill.fakes.dns;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario files and the admin API carry DNS faults as JSON; every kind must round-trip by type name. */
class DnsFaultJsonTest {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyFaultRoundTripsWithATypeName() throws Exception {
        for (DnsFault fault : List.of(new DnsFault.NxDomain(), new DnsFault.ServFail(), new DnsFault.EmptyAnswer(),
                new DnsFault.Slow(250), new DnsFault.Stale(), new DnsFault.Stale("127.0.0.99"))) {
            String text = json.writeValueAsString(fault);
            assertThat(json.readValue(text, DnsFault.class)).as(text).isEqualTo(fault);
        }
        assertThat(json.readValue("{\"type\":\"slow\",\"delayMillis\":900}", DnsFault.class))
                .isEqualTo(new DnsFault.Slow(900));
        assertThat(json.writeValueAsString(new DnsFault.EmptyAnswer())).isEqualTo("{\"type\":\"empty-answer\"}");
        assertThat(json.readValue("{\"type\":\"stale\"}", DnsFault.class))
                .isEqualTo(new DnsFault.Stale("127.255.255.254"));
    }
}
