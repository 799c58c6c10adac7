package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReferenceClientProcessTest {

    @Test
    void aGroupOptionBecomesTheFlagOfTheSameName() {
        assertThat(ReferenceClientProcess.flag("stall-timeout", "2s")).containsExactly("--stall-timeout", "2s");
    }

    @Test
    void aSwitchIsTurnedOnOrOffByItsFlagAloneAsTheCommandLineSpellsIt() {
        assertThat(ReferenceClientProcess.flag("hedging", "false")).containsExactly("--no-hedging");
        assertThat(ReferenceClientProcess.flag("status-feeds", "true")).containsExactly("--status-feeds");
    }
}
