package io.outagedrill.fakes.fault;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;

import java.util.Arrays;
import java.util.Objects;

/**
 * An HTTP-level fault in the target's fake server: the server's own {@link FaultRule}, where and how often as its
 * {@link Scope}. A scope with a probability draws from a random seeded with the world's seed and the fault id (the
 * scope's own seed is replaced), so the same seed replays the same draws and two faults do not share them.
 *
 * @param scope null for every request
 */
public record HttpFault(String id, String target, Scope scope, FaultRule rule) implements ServerFault {
    public HttpFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
        Objects.requireNonNull(rule, "rule: required, e.g. {\"type\": \"status\", \"code\": 503}");
        scope = scope == null ? Scope.all() : scope;
    }

    @Override
    public String kind() {
        return "http." + typeName(rule.getClass());
    }

    /** The rule's JSON {@code type} name, which is also its kind's name after {@code http.}. */
    static String typeName(Class<? extends FaultRule> rule) {
        return Arrays.stream(FaultRule.class.getAnnotation(JsonSubTypes.class).value())
                .filter(type -> type.value() == rule).map(JsonSubTypes.Type::name).findFirst()
                .orElseThrow(() -> new IllegalStateException(rule + " has no JSON type name"));
    }
}
