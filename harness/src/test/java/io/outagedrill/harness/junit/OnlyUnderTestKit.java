package io.outagedrill.harness.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The sample test classes the extension tests run through JUnit's {@link EngineTestKit} carry this condition, so
 * they run only there: when the build finds them on its own (they are test classes too) they are skipped, and
 * their deliberate failures never fail the build.
 */
final class OnlyUnderTestKit implements ExecutionCondition {
    private static final String KEY = "outagedrill.junit.samples";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(KEY).map(Boolean::parseBoolean).orElse(false)
                ? ConditionEvaluationResult.enabled("run through the EngineTestKit")
                : ConditionEvaluationResult.disabled("a sample the extension tests run through the EngineTestKit");
    }

    /** Runs {@code sample} in the Jupiter engine, with this condition letting it through. */
    static EngineExecutionResults run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(KEY, "true")
                .selectors(selectClass(sample)).execute();
    }

    /** The messages of the failures among {@code events}, in order. */
    static List<String> failureMessages(Events events) {
        return events.failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage).orElse("(no exception)"))
                .toList();
    }
}
