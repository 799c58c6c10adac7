package io.outagedrill.control;

import java.time.Instant;
import java.util.List;

/** Everything the routing controller decides, each with its reasons: the controller's audit trail. */
public sealed interface RoutingEvent {

    Instant at();

    /** Plain words for a person. */
    String describe();

    record Probed(Instant at, ProbeResult result) implements RoutingEvent {
        public String describe() {
            return "probe " + result.describe();
        }
    }

    /** A provider's status page says something new (read every round; told when it changes). */
    record StatusRead(Instant at, String mirror, String indicator) implements RoutingEvent {
        public String describe() {
            return "%s: its status page says %s".formatted(mirror, indicator);
        }
    }

    record Demoted(Instant at, String mirror, String reason) implements RoutingEvent {
        public String describe() {
            return "%s demoted: %s".formatted(mirror, reason);
        }
    }

    record Restored(Instant at, String mirror, String reason) implements RoutingEvent {
        public String describe() {
            return "%s restored: %s".formatted(mirror, reason);
        }
    }

    /** A re-signed manifest went out with the mirrors in this order. */
    record Published(Instant at, long version, List<String> order, List<String> reasons) implements RoutingEvent {
        public String describe() {
            return "published version %d, mirrors in order %s (%s)".formatted(version, String.join(", ", order),
                    String.join("; ", reasons));
        }
    }

    /** The order should change but no manifest was signed, and why. */
    record Withheld(Instant at, String reason) implements RoutingEvent {
        public String describe() {
            return "manifest left as it was: " + reason;
        }
    }

    /** Publishing failed; the next round tries again. */
    record PublishFailed(Instant at, long version, String reason) implements RoutingEvent {
        public String describe() {
            return "publishing version %d failed: %s".formatted(version, reason);
        }
    }
}
