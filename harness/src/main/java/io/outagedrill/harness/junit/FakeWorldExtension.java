package io.outagedrill.harness.junit;

import io.outagedrill.fakes.topology.Topology;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * Starts the worlds {@link FakeWorld} asks for and hands them to fields and parameters. Worlds are kept per test
 * class in the class's {@link ExtensionContext.Store}, keyed by the annotation's values, and a {@link Topology} is
 * {@link AutoCloseable}: the store closes each one when its class ends, after every {@code @AfterAll}.
 *
 * <p>Class-level worlds and static fields are dealt with before all tests; instance fields before each test
 * (JUnit registers an extension named on an instance field only once the instance exists).
 *
 * <p>A world on {@link World#CONTAINERS} that cannot start here (no Docker engine, no images) is not started: the
 * class (class-level annotation, static field) or each test that needs it (instance field, test method parameter)
 * is aborted before anything starts, as a failed assumption is, with the one line {@link OutageScenarioExtension}
 * prints ({@link World#skipUnlessAvailable}); a parameter resolver cannot abort, JUnit would report a failure.
 * Such a world's containers go when the class's store closes the world, also when a test failed.
 */
public final class FakeWorldExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace WORLDS =
            ExtensionContext.Namespace.create(FakeWorldExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<FakeWorld> own = AnnotationSupport.findAnnotation(testClass, FakeWorld.class);
        List<Field> statics = annotatedFields(testClass, ModifierSupport::isStatic);
        // Every world the class needs before all tests can start here, or none is started.
        own.map(WorldSpec::of).ifPresent(FakeWorldExtension::skipUnlessWorldCanStart);
        for (Field field : statics) {
            skipUnlessWorldCanStart(specFor(Optional.of(field.getAnnotation(FakeWorld.class)), context));
        }
        if (own.isPresent()) {
            world(WorldSpec.of(own.get()), context);
        }
        for (Field field : statics) {
            inject(field, null, context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        List<Object> instances = context.getRequiredTestInstances().getAllInstances();
        for (Object instance : instances) {
            for (Field field : annotatedFields(instance.getClass(), ModifierSupport::isNotStatic)) {
                skipUnlessWorldCanStart(specFor(Optional.of(field.getAnnotation(FakeWorld.class)), context));
            }
        }
        for (Parameter parameter : context.getRequiredTestMethod().getParameters()) {
            Optional<FakeWorld> annotation = Optional.ofNullable(parameter.getAnnotation(FakeWorld.class));
            if (parameter.getType() == Topology.class && (annotation.isPresent() || classSpec(context).isPresent())) {
                skipUnlessWorldCanStart(specFor(annotation, context));
            }
        }
        for (Object instance : instances) {
            for (Field field : annotatedFields(instance.getClass(), ModifierSupport::isNotStatic)) {
                inject(field, instance, context);
            }
        }
    }

    /** Aborts the class or test with one line saying how to get the world, when it cannot start here. */
    private static void skipUnlessWorldCanStart(WorldSpec spec) {
        spec.world().skipUnlessAvailable("@FakeWorld " + spec.describe());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Topology.class
                && (parameter.isAnnotated(FakeWorld.class) || classSpec(context).isPresent());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return world(specFor(parameter.findAnnotation(FakeWorld.class), context), context);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e.getCause());
        }
    }

    private static void inject(Field field, Object instance, ExtensionContext context)
            throws IllegalAccessException {
        String name = field.getDeclaringClass().getSimpleName() + "." + field.getName();
        if (field.getType() != Topology.class) {
            throw new ExtensionConfigurationException("@FakeWorld field %s is a %s: expected a %s".formatted(
                    name, field.getType().getName(), Topology.class.getName()));
        }
        if (ModifierSupport.isFinal(field)) {
            throw new ExtensionConfigurationException("@FakeWorld field " + name + " is final: it must be "
                    + "assignable to receive the world");
        }
        field.setAccessible(true);
        field.set(instance, world(specFor(Optional.of(field.getAnnotation(FakeWorld.class)), context), context));
    }

    /** The world {@code spec} asks for, started now unless this class or an enclosing one has it already. */
    private static Topology world(WorldSpec spec, ExtensionContext context) {
        return ClassScope.classContext(context).getStore(WORLDS).getOrComputeIfAbsent(spec, FakeWorldExtension::start,
                Topology.class);
    }

    private static Topology start(WorldSpec spec) {
        try {
            return spec.start();
        } catch (ParameterResolutionException notFound) {
            throw new ExtensionConfigurationException(notFound.getMessage(), notFound);
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("could not start " + spec.describe() + ": " + e.getMessage(),
                    e);
        }
    }

    /** An annotation's own values, or, when it has none, the class's world (else the plain default one). */
    private static WorldSpec specFor(Optional<FakeWorld> annotation, ExtensionContext context) {
        WorldSpec own = annotation.map(WorldSpec::of).orElse(WorldSpec.UNSET);
        return own.equals(WorldSpec.UNSET) ? classSpec(context).orElse(WorldSpec.UNSET) : own;
    }

    private static Optional<WorldSpec> classSpec(ExtensionContext context) {
        return ClassScope.onClass(context, FakeWorld.class).map(WorldSpec::of);
    }

    private static List<Field> annotatedFields(Class<?> type, Predicate<Field> which) {
        return AnnotationSupport.findAnnotatedFields(type, FakeWorld.class, which, HierarchyTraversalMode.TOP_DOWN);
    }
}
