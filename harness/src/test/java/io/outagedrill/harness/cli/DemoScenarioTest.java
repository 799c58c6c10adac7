package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code drill demo}'s options written into the bundled demo scenario. */
class DemoScenarioTest {
    private static final long MIB = 1L << 20;

    @Test
    void theBundledDemoIsTheScenarioFile() {
        Scenario demo = DemoScenario.load();
        assertThat(demo.name()).isEqualTo("demo");
        assertThat(demo.topology().files().getFirst().size()).isEqualTo(8 * MIB);
        assertThat(demo.topology().providers()).extracting(p -> p.name())
                .containsExactly("cloudflare", "fastly", "bunny");
    }

    @Test
    void aSizeReplacesTheFilesAndMovesTheCorruptByteToTheSameShareOfIt() {
        long shipped = corruptOffsets(DemoScenario.load()).getFirst();

        long shippedSize = DemoScenario.load().topology().files().getFirst().size();
        Scenario twice = DemoScenario.load(2 * shippedSize, 512 * 1024L);

        assertThat(twice.topology().files().getFirst().size()).isEqualTo(2 * shippedSize);
        assertThat(twice.topology().files().getFirst().chunkSize()).isEqualTo(512 * 1024L);
        assertThat(corruptOffsets(twice)).containsExactly(shipped * 2);
    }

    private static List<Long> corruptOffsets(Scenario scenario) {
        return scenario.timeline().stream().map(Step::action).filter(Step.Action.Apply.class::isInstance)
                .map(a -> ((Step.Action.Apply) a).fault()).filter(HttpFault.class::isInstance)
                .map(f -> ((HttpFault) f).rule()).filter(FaultRule.CorruptBytes.class::isInstance)
                .flatMap(r -> ((FaultRule.CorruptBytes) r).offsets().stream()).toList();
    }
}
