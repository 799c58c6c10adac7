package io.outagedrill.harness.scenario;

/**
 * What the target's status page says. Independent of what its servers do, so a page can say operational
 * during an outage (as pages often do in the first minutes) or report an outage that is over.
 *
 * @see #incident() the incident text shown, or null
 */
public sealed interface StatusPageFault extends Fault {
    String incident();

    record Operational(String id, String target, String incident) implements StatusPageFault {
    }

    record Degraded(String id, String target, String incident) implements StatusPageFault {
    }

    record MajorOutage(String id, String target, String incident) implements StatusPageFault {
    }
}
