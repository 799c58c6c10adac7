package io.outagedrill.harness.scenario;

/**
 * Something a timeline step applies, named by {@code id} so a later step can clear it and an SLO can
 * refer to it. One record per kind; the kind names ({@code fault:} in YAML) are {@code LAYER.NAME} so the
 * layer is always visible: {@code toxic.*} (TCP, through the fault proxy), {@code http.*}, {@code dns.*},
 * {@code tls.*}, {@code status-page.*}, {@code cache.flush}, {@code manifest.*}.
 */
public sealed interface Fault
        permits ToxicFault, HttpFault, DnsFault, TlsFault, StatusPageFault, Fault.CacheFlush, ManifestFault {

    String id();

    /** The kind as written in YAML, e.g. {@code http.status}. */
    default String kind() {
        return FaultKinds.nameOf(this);
    }

    /** A provider name or failure group; {@code manifest} for manifest faults. */
    String target();

    /** Empty an edge's cache so the next requests go to its origin (Fastly 2021's cold caches). */
    record CacheFlush(String id, String target) implements Fault {
    }
}
