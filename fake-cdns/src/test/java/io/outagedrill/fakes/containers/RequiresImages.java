package io.outagedrill.fakes.containers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class only where a Docker engine is reachable and every named image is there: present in
 * the engine, or (for an image from a registry) pullable, which is assumed only with
 * {@code -Doutagedrill.containers.pull=true} since no registry is reachable on the machines this project is built
 * on. Otherwise the class is skipped, with the reason printed once per JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ContainersCondition.class)
public @interface RequiresImages {
    /** Image names, e.g. {@code outage-drill/fault-proxy:current}. */
    String[] value();
}
