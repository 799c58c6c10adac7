package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class ContainersConditionTest {
    /**
     * Images built from other sources than this checkout's (another checkout on the same engine ran prepare.sh last,
     * or this one's code changed since) skip the containers tests with the line that says how to rebuild them, as a
     * missing image does: they used to fail {@code ./mvnw verify} on every machine shared by two checkouts.
     */
    @Test
    void aStaleImageSkipsTheTestSayingHowToRebuildIt() {
        String stale = "outage-drill/fault-proxy:current is stale: built from sources 0123456789abcdef, this "
                + "checkout's are fedcba9876543210; run containers/prepare.sh to rebuild it";

        ConditionEvaluationResult result = ContainersCondition.onStaleImages("EmbeddedFaultProxyContainerTest",
                Optional.of(stale));

        assertThat(result.isDisabled()).as("a test of images built from other code").isTrue();
        assertThat(result.getReason()).as("why").hasValue(
                "containers test EmbeddedFaultProxyContainerTest skipped: " + stale);
        assertThat(ContainersCondition.onStaleImages("EmbeddedFaultProxyContainerTest", Optional.empty())
                .isDisabled()).as("images of this checkout's sources").isFalse();
    }
}
