package io.outagedrill.fakes.testing;

/**
 * Names of what test classes that run side by side ({@code junit.jupiter.execution.parallel}) must not use at the
 * same time, for {@code @ResourceLock}.
 */
public final class SharedResources {
    /**
     * The containers of this JVM: a class that starts containers, or checks that none of this JVM's is left
     * ({@code ContainerJanitor.own()}), holds it, so that it neither sees nor leaves another class's containers.
     */
    public static final String OWN_CONTAINERS = "io.outagedrill.containers-of-this-jvm";

    private SharedResources() {
    }
}
