package io.outagedrill.harness.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a scenario's routing controller did that SLOs judge: when it published a re-signed manifest, and how the
 * providers' mirrors are named in downloads' records (their host names).
 *
 * @param published each publication's instant, in order
 * @param hostnames provider name to the host name its mirrors go by
 */
public record RoutingLog(List<Instant> published, Map<String, String> hostnames) {
    /** A run without a routing controller. */
    public static final RoutingLog NONE = new RoutingLog(List.of(), Map.of());

    public RoutingLog {
        published = List.copyOf(published);
        hostnames = Map.copyOf(hostnames);
    }
}
