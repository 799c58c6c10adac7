package io.outagedrill.harness.junit;

import io.outagedrill.harness.run.RunResult;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs the scenario an {@link OutageScenario} names and hands tests its {@link RunResult}.
 *
 * <p>Runs are kept per test class in the class's {@link ExtensionContext.Store}, keyed by the annotation's values:
 * a class-level annotation runs its scenario once before all tests, and a method-level annotation equal to one
 * already run in the class (or an enclosing class, for {@code @Nested} ones) gets that run instead of a new one.
 * The store closes the runs when the class ends (see {@link ScenarioRun#close()}).
 *
 * <p>A run on {@link World#CONTAINERS} where that world cannot start (no Docker engine, no images) is not played:
 * the class (class-level annotation) or each test in its scope is aborted, as a failed assumption is, before
 * anything resolves a {@code RunResult}; a parameter resolver cannot abort, JUnit would report a failure.
 */
public final class OutageScenarioExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace RUNS =
            ExtensionContext.Namespace.create(OutageScenarioExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        // Only the class that carries the annotation runs it: a @Nested class finds its enclosing class's run.
        Optional<OutageScenario> own = AnnotationSupport.findAnnotation(testClass, OutageScenario.class);
        if (own.isPresent()) {
            RunSpec spec = RunSpec.of(own.get());
            skipUnlessWorldCanStart(spec);
            runFor(spec, context).result();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        specInScope(context).ifPresent(OutageScenarioExtension::skipUnlessWorldCanStart);
    }

    /** Aborts the test (or class) with one line saying how to get the world, when it cannot start here. */
    private static void skipUnlessWorldCanStart(RunSpec spec) {
        spec.world().skipUnlessAvailable(spec.describe());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunSpec spec = specInScope(context).orElseThrow(() -> new ParameterResolutionException(("%s takes a "
                + "RunResult, but no @OutageScenario is in scope: annotate the method or its class %s with "
                + "@OutageScenario(\"scenario-name\")").formatted(where(parameter),
                context.getRequiredTestClass().getName())));
        try {
            return runFor(spec, context).result();
        } catch (OutageScenarioException e) {
            throw new ParameterResolutionException(e.getMessage(), e.getCause());
        }
    }

    /** The run {@code spec} asks for, played now unless this class or an enclosing one already has it. */
    private static ScenarioRun runFor(RunSpec spec, ExtensionContext context) {
        return ClassScope.classContext(context).getStore(RUNS)
                .getOrComputeIfAbsent(spec, ScenarioRun::play, ScenarioRun.class);
    }

    /** The method's own annotation, else its class's, else an enclosing class's (for {@code @Nested} classes). */
    private static Optional<RunSpec> specInScope(ExtensionContext context) {
        return context.getTestMethod()
                .flatMap(method -> AnnotationSupport.findAnnotation(method, OutageScenario.class))
                .or(() -> ClassScope.onClass(context, OutageScenario.class))
                .map(RunSpec::of);
    }

    private static String where(ParameterContext parameter) {
        AnnotatedElement owner = parameter.getDeclaringExecutable();
        return owner instanceof Method method ? method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + "(...)" : String.valueOf(owner);
    }
}
