package io.outagedrill.fakes.containers;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link RequiresImages}: enabled only where the engine and the images are; an image of containers/prepare.sh built
 * from other sources than this checkout's fails the test in one line ({@link ImageSources}). A skip is printed once
 * per JVM and reason (stderr), so a build without Docker says in one line how to get it instead of nothing at all.
 */
final class ContainersCondition implements ExecutionCondition {
    /** Set to true where a registry is reachable (GitHub's runners): registry images are pulled on demand. */
    static final String PULL_PROPERTY = "outagedrill.containers.pull";
    private static final Set<String> PRINTED = ConcurrentHashMap.newKeySet();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        var annotation = AnnotationSupport.findAnnotation(context.getElement(), RequiresImages.class);
        if (annotation.isEmpty()) {
            return ConditionEvaluationResult.enabled("no images required");
        }
        var engine = ContainerEngine.unavailableReason();
        if (engine.isPresent()) {
            return skip("containers tests skipped: " + engine.get() + "; to run them, "
                    + ContainerEngine.remedy(engine.get()));
        }
        boolean pull = Boolean.getBoolean(PULL_PROPERTY);
        for (String image : annotation.get().value()) {
            boolean local = image.startsWith("outage-drill/");
            if (!ContainerEngine.hasImage(image) && (local || !pull)) {
                return skip("containers test " + context.getDisplayName() + " skipped: image " + image
                        + " is not in the Docker engine; to get it, " + (local ? LocalImages.HOW_TO_PREPARE
                                : "docker pull it where a registry is reachable, or run with -D" + PULL_PROPERTY
                                        + "=true"));
            }
        }
        // Fails rather than skips: the images are there, and a test of them would test older code as if it were this.
        List<String> ours = Arrays.stream(annotation.get().value()).filter(image -> image.startsWith("outage-drill/"))
                .toList();
        ImageSources.staleAmong(ours).ifPresent(stale -> {
            throw new IllegalStateException(stale);
        });
        return ConditionEvaluationResult.enabled("the engine and the images are there");
    }

    private static ConditionEvaluationResult skip(String reason) {
        if (PRINTED.add(reason)) {
            System.err.println(reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
