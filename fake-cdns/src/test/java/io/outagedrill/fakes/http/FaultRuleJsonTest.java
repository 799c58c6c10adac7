package io.outagedrill.fakes.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.fakes.content.GeneratedFile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API (a later step) will carry rules as JSON; every rule and scope must round-trip. */
class FaultRuleJsonTest {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyRuleRoundTripsWithATypeName() throws Exception {
        List<FaultRule> rules = List.of(
                FaultRule.Status.tooManyRequests(3), FaultRule.Status.of(500),
                FaultRule.Redirect.found("https://x.test/a"), new FaultRule.IgnoreRange(),
                new FaultRule.WrongContentRange(10, 99L), new FaultRule.SwapContent(GeneratedFile.of("v", 100, 2)),
                new FaultRule.SlowFirstByte(500), new FaultRule.Dribble(1024, 100), FaultRule.Stall.after(10),
                new FaultRule.CutShort(7), FaultRule.Endless.upTo64MiB(), FaultRule.CorruptBytes.at(1, 2),
                new FaultRule.Gzip());
        for (FaultRule rule : rules) {
            String text = json.writeValueAsString(rule);
            assertThat(json.readValue(text, FaultRule.class)).as(text).isEqualTo(rule);
            assertThat(text).as("behaviour stays out of the JSON").doesNotContain("phase");
        }
        assertThat(json.writeValueAsString(FaultRule.Status.of(503))).contains("\"type\":\"status\"");
        assertThat(json.readValue("{\"type\":\"swap-content\",\"replacement\":{\"name\":\"v\",\"size\":100,\"seed\":2}}",
                FaultRule.class)).isEqualTo(new FaultRule.SwapContent(GeneratedFile.of("v", 100, 2)));
    }

    @Test
    void scopeRoundTripsAndOmitsWhatIsUnset() throws Exception {
        Scope scope = Scope.onPath("/v/**").bytes(0, 99).afterRequests(1).times(2).probability(0.5, 7);
        assertThat(json.readValue(json.writeValueAsString(scope), Scope.class)).isEqualTo(scope);
        assertThat(json.writeValueAsString(Scope.all())).doesNotContain("path", "bytes", "times", "probability");
        assertThat(json.readValue("{}", Scope.class)).isEqualTo(Scope.all());
    }
}
