package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Each built-in adapter declares what its downloader can tell; measurements and reports read only this. */
class CapabilityTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void theReferenceClientReportsEverythingInProcessAndAsAProcess() {
        assertThat(SystemsUnderTest.named("reference", CLOCK).reports()).containsExactlyInAnyOrder(Capability.values());
        assertThat(SystemsUnderTest.named("reference-cli", CLOCK).reports())
                .containsExactlyInAnyOrder(Capability.values());
    }

    @Test
    void curlsMirrorLoopReportsOnlyWhichMirrorFailed() {
        assertThat(SystemsUnderTest.named("curl", CLOCK).reports()).containsExactly(Capability.MIRROR_FAILURES);
    }

    @Test
    void aria2cReportsNothingWhileItRuns() {
        assertThat(SystemsUnderTest.named("aria2c", CLOCK).reports()).isEmpty();
    }

    @Test
    void aCommandMayPrintTheReferenceClientsEventLines() {
        assertThat(SystemsUnderTest.named("cmd:my-tool {urls}", CLOCK).reports())
                .containsExactlyInAnyOrder(Capability.values());
    }

    @Test
    void aUsersOwnAdapterReportsNothingUntilItSaysSo() {
        SystemUnderTest own = new SystemUnderTest() {
            @Override
            public String name() {
                return "own";
            }

            @Override
            public RunningDownload start(DownloadJob job, java.util.function.Consumer<Observation> observer) {
                throw new UnsupportedOperationException("not started in this test");
            }
        };

        assertThat(own.reports()).isEmpty();
    }
}
