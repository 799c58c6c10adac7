package io.outagedrill.harness.junit;

import java.lang.annotation.Annotation;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ModifierSupport;

/** Where the extensions keep things per test class, and which class-level annotation is in scope for a test. */
final class ClassScope {
    private ClassScope() {
    }

    /**
     * The context of the test class a method (or a method's invocation, for templates) belongs to: its store lives
     * as long as the class, and looking a key up there also finds what an enclosing class stored.
     */
    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** {@code type} on the test class, else on a class enclosing it (for {@code @Nested} classes). */
    static <A extends Annotation> Optional<A> onClass(ExtensionContext context, Class<A> type) {
        for (Class<?> c = context.getRequiredTestClass(); c != null;
             c = ModifierSupport.isStatic(c) ? null : c.getEnclosingClass()) {
            Optional<A> found = AnnotationSupport.findAnnotation(c, type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
