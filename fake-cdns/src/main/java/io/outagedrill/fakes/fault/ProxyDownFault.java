package io.outagedrill.fakes.fault;

import java.util.Objects;

/**
 * The target's proxy disabled (Toxiproxy's {@code enabled: false}, not a toxic): its listener closes and open
 * connections are cut, so clients see connection refused until the fault is cleared.
 */
public record ProxyDownFault(String id, String target) implements NetworkFault {
    public ProxyDownFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
    }

    @Override
    public String kind() {
        return "toxic.down";
    }
}
