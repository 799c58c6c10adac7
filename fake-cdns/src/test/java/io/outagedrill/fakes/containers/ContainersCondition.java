package io.outagedrill.fakes.containers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link RequiresImages}: enabled only where the engine and the images are, and the images of containers/prepare.sh
 * were built from this checkout's sources ({@link ImageSources}). A skip is printed once per JVM and reason (stderr),
 * so a build without Docker, or with images of other code, says in one line how to get them instead of nothing.
 *
 * <p>A stale image skips, as a missing one does and as the harness's containers tests do (through {@code
 * ContainersWorld.unavailableReason}): it is no image of this code, so these tests have nothing to run, but nothing
 * failed either. The engine's {@code :current} images are one per machine, so on a machine with several checkouts
 * any checkout but the last to run prepare.sh has images of other code, and any source change makes them so;
 * failing here failed {@code ./mvnw verify} for all of those. {@code .ci/run} runs prepare.sh before verify, so
 * there they always run.
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
        List<String> ours = Arrays.stream(annotation.get().value()).filter(image -> image.startsWith("outage-drill/"))
                .toList();
        return onStaleImages(context.getDisplayName(), ImageSources.staleAmong(ours));
    }

    /** Skipped, saying why and how to rebuild, when {@code stale} says the images are of other code; else enabled. */
    static ConditionEvaluationResult onStaleImages(String test, Optional<String> stale) {
        return stale.map(why -> skip("containers test " + test + " skipped: " + why))
                .orElseGet(() -> ConditionEvaluationResult.enabled("the engine and the images are there"));
    }

    private static ConditionEvaluationResult skip(String reason) {
        if (PRINTED.add(reason)) {
            System.err.println(reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
