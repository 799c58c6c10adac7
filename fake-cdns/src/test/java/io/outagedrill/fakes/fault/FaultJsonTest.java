package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.network.ToxicSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.fakes.dns.DnsFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.status.Impact;
import io.outagedrill.fakes.tls.CertificateKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every fault family is Jackson-ready: written with its {@code family} and read back equal, and names its kind. */
class FaultJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Fault> ONE_OF_EACH = List.of(
            new ToxicFault("slow", "cdn", "latency", ToxicSpec.Stream.UPSTREAM, 0.5, Map.of("latency", 200L)),
            new ProxyDownFault("gone", "cdn"),
            new HttpFault("five", "cdn", Scope.onPath("/v/*").times(2), FaultRule.Status.unavailable(7)),
            new SwapContentFault("v2", "cdn", null, "setup.exe"),
            new ResolverFault("nx", "cdn", Duration.ofSeconds(30), new DnsFault.NxDomain()),
            new TlsFault("cert", "cdn", CertificateKind.SELF_SIGNED),
            new StatusPageFault("page", "cdn", Impact.MINOR, "Elevated errors"),
            new CacheFlushFault("cold", "cdn"),
            new ManifestFault("old", 1, new ReplicaFault.Rollback(4L)),
            new WrongFileMirrorFault("wrong", null, "cdn"));

    @Test
    void everyFamilyRoundTrips() throws Exception {
        for (Fault fault : ONE_OF_EACH) {
            String json = JSON.writeValueAsString(fault);
            assertThat(JSON.readValue(json, Fault.class)).as(json).isEqualTo(fault);
        }
    }

    @Test
    void kindsAreTheNamesScenarioFilesWrite() {
        assertThat(ONE_OF_EACH).extracting(Fault::kind).containsExactly("toxic.latency", "toxic.down", "http.status",
                "http.swap-content", "dns.nxdomain", "tls.self-signed", "status-page.degraded", "cache.flush",
                "manifest.rollback", "manifest.wrong-file-mirror");
    }

    @Test
    void aToxicReadsAsAToxiproxyClientWritesIt() throws Exception {
        Fault read = JSON.readValue("""
                {"family": "toxic", "id": "cut", "target": "cdn", "type": "limit_data", "attributes": {"bytes": 1024}}
                """, Fault.class);
        assertThat(read).isEqualTo(new ToxicFault("cut", "cdn", "limit_data", ToxicSpec.Stream.DOWNSTREAM, 1.0,
                Map.of("bytes", 1024L)));
    }
}
