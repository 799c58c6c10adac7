package io.outagedrill.fakes.containers;

import java.util.Map;

/**
 * A Testcontainers setting the containers world needs that Testcontainers 2 reads from the environment only
 * ({@code System.getenv}: neither a system property nor {@code ~/.testcontainers.properties} counts), so a
 * running JVM cannot give it to itself: {@code ./drill} exports both, the build's surefire sets both, and a Maven
 * goal's user exports them before {@code mvn}.
 */
public enum EnvironmentSwitch {
    /**
     * Ryuk, Testcontainers' reaper, is an image no registry here can give; {@link ContainerJanitor} removes the
     * containers by label instead.
     */
    RYUK_DISABLED("TESTCONTAINERS_RYUK_DISABLED", "true"),
    /**
     * Every container uses host networking, so the host is the loopback; without it Testcontainers, itself inside
     * a container (it finds {@code /.dockerenv}), looks for a bridge network's gateway.
     */
    HOST_OVERRIDE("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");

    private final String variable;
    private final String value;

    EnvironmentSwitch(String variable, String value) {
        this.variable = variable;
        this.value = value;
    }

    /** The environment variable's name. */
    public String variable() {
        return variable;
    }

    /** {@code NAME=VALUE}, as a shell exports it. */
    public String assignment() {
        return variable + "=" + value;
    }

    /** Whether {@code environment} sets it as Testcontainers would take it (the reaper: "true"; the host: any). */
    public boolean isSetIn(Map<String, String> environment) {
        String set = environment.get(variable);
        return this == RYUK_DISABLED ? Boolean.parseBoolean(set) : set != null && !set.isBlank();
    }
}
