package io.outagedrill.fakes.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.fakes.tls.CertificateKind;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A topology whose providers do not share one scheme, as real publishers run them (a plain-HTTP object store beside
 * HTTPS CDNs): each provider serves its own, the signed manifest says which, edges fill over their origin's scheme
 * and serve over their own, and certificate switches reach the HTTPS providers only.
 */
@Timeout(60)
class TopologyMixedSchemesTest {
    private static final String FILE = "video.mp4";

    private Topology topology;

    @AfterEach
    void close() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void eachProviderServesItsOwnSchemeAndTheSignedManifestListsEachMirrorWithIt() throws IOException {
        topology = Topology.builder().seed(3)
                .provider("cloudflare")
                .provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE).https(false))
                .provider("origin", p -> p.kind(ProviderKind.ORIGIN).https(false))
                .provider("fastly", p -> p.edgeOf("origin")) // HTTPS, filling from a plain-HTTP origin
                .provider("bunny", p -> p.edgeOf("cloudflare").https(false)) // the other way round
                .file(FILE, 64 << 10, 16 << 10)
                .manifestReplicas(1)
                .start();

        Map<String, String> schemes = new LinkedHashMap<>();
        topology.manifests().latest(ContentPaths.manifestPath(FILE)).orElseThrow().target().mirrors()
                .forEach(m -> schemes.put(m.provider(), m.url().getScheme()));
        assertThat(schemes).as("each signed mirror URL's scheme, by provider").containsExactly(
                Map.entry("cloudflare", "https"), Map.entry("b2", "http"), Map.entry("origin", "http"),
                Map.entry("fastly", "https"), Map.entry("bunny", "http"));
        assertThat(topology.manifests().latest(ContentPaths.manifestPath(FILE)).orElseThrow().target().mirrors())
                .as("status pages and manifest replicas stay HTTPS beside the plain providers")
                .allSatisfy(m -> assertThat(m.status().getScheme()).isEqualTo("https"));
        assertThat(topology.manifestUrls(FILE)).allSatisfy(u -> assertThat(u).startsWith("https://"));
        assertThat(topology.isHttps()).as("every part HTTPS").isFalse();
        assertThat(topology.anyHttps()).as("some part HTTPS").isTrue();

        OkHttpClient http = client();
        String sha256 = topology.file(FILE).sha256();
        for (URI url : topology.mirrorUrls(FILE)) {
            assertThat(fetchSha256(http, url)).as("the bytes served at %s", url).isEqualTo(sha256);
        }
    }

    @Test
    void aCertificateSwitchReachesAnHttpsProviderAndIsRefusedForAPlainOneSayingWhich() throws IOException {
        topology = Topology.builder().seed(4)
                .provider("cloudflare")
                .provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE).https(false))
                .file(FILE, 16 << 10, 16 << 10)
                .manifestReplicas(1)
                .start();

        topology.tls("cloudflare").present(CertificateKind.EXPIRED);

        OkHttpClient http = client();
        URI cloudflare = topology.mirrorUrls(FILE).get(0);
        assertThatThrownBy(() -> fetchSha256(http, cloudflare)).as("fetching %s with an expired certificate", cloudflare)
                .isInstanceOf(SSLException.class);
        assertThat(fetchSha256(http, topology.mirrorUrls(FILE).get(1))).as("the plain-HTTP store, untouched")
                .isEqualTo(topology.file(FILE).sha256());
        assertThatThrownBy(() -> topology.tls("b2")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("provider b2 serves plain HTTP, so it has no certificate to switch; HTTPS "
                        + "providers here: [cloudflare]");
    }

    @Test
    void aPlainTopologyKeepsItsControlSidePlainWhileOneProviderServesHttps() throws IOException {
        topology = Topology.builder().seed(5).https(false)
                .provider("cloudflare", p -> p.https(true))
                .provider("fastly")
                .file(FILE, 16 << 10, 16 << 10)
                .manifestReplicas(1)
                .start();

        assertThat(topology.manifestUrls(FILE)).allSatisfy(u -> assertThat(u).startsWith("http://"));
        assertThat(topology.mirrorUrls(FILE)).extracting(URI::getScheme).containsExactly("https", "http");
        assertThat(topology.anyHttps()).as("clients need the CA for cloudflare").isTrue();
        assertThat(fetchSha256(client(), topology.mirrorUrls(FILE).getFirst())).isEqualTo(topology.file(FILE).sha256());
    }

    private OkHttpClient client() throws IOException {
        return HttpClients.trustOnly(new OkHttpClient.Builder().dns(topology.dns()::lookup),
                topology.caCertificate()).build();
    }

    private static String fetchSha256(OkHttpClient http, URI url) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(url.toString()).build()).execute()) {
            assertThat(response.code()).as("GET %s", url).isEqualTo(200);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body().bytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
