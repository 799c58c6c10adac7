package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference client, in this process or as {@code drill get}, takes a plain-HTTP mirror exactly when its job says
 * the world serves plain HTTP ({@link DownloadJob#plainHttp()}): a signed manifest over HTTPS naming one mirror over
 * plain HTTP is downloaded then, and refused as an insecure mirror otherwise, as the shipped client refuses it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlainHttpJobTest {
    private static final String PATH = "/clip.mp4";

    @TempDir
    Path dir;

    private final LoopbackDns dns = new LoopbackDns();
    private final TestCertificateAuthority ca = TestCertificateAuthority.create();
    private final GeneratedFile file = GeneratedFile.of("clip.mp4", 256 << 10, 5);
    private FakeCdn manifests;
    private FakeCdn plain;

    @BeforeEach
    void start() {
        manifests = FakeCdn.builder("manifests.test").https(ca).dns(dns).start();
        plain = FakeCdn.builder("b2.test").dns(dns).host(PATH, file).start();
    }

    @AfterEach
    void stop() {
        manifests.close();
        plain.close();
    }

    @ParameterizedTest(name = "{0}, plain HTTP allowed: {1}")
    @CsvSource({"reference, true", "reference, false", "reference-cli, true", "reference-cli, false"})
    void aPlainHttpMirrorIsTakenExactlyWhenTheJobAllowsIt(String client, boolean plainHttp) throws Exception {
        DownloadJob job = job(plainHttp);

        DownloadOutcome outcome = SystemsUnderTest.named(client, Clock.systemUTC()).start(job, o -> {
        }).await();

        if (plainHttp) {
            assertThat(outcome.verified()).as("%s's download from the plain-HTTP mirror; exit %d, output: %s",
                    client, outcome.exitCode(), outcome.output()).isTrue();
        } else {
            assertThat(outcome.exitCode()).as("%s's exit code (3: manifest rejected); output: %s", client,
                    outcome.output()).isEqualTo(3);
            assertThat(outcome.output()).as("%s's words", client).contains("INSECURE_MIRROR");
            assertThat(outcome.file()).as("%s's file", client).isEmpty();
        }
    }

    /** A manifest over HTTPS naming the plain-HTTP mirror only, signed with a key the job trusts. */
    private DownloadJob job(boolean plainHttp) throws Exception {
        JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "plain-http-test");
        Path trust = dir.resolve("keys.jwks");
        ManifestKeys.addToPublicSet(key, trust);
        Target target = new Target(file.name(), file.size(), file.sha256(), "video/mp4", 64 << 10,
                file.chunkHashes(64 << 10), List.of(new Mirror("b2", plain.url(PATH), 1, "", "b2")));
        String jws = new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP)
                .sign(new Manifest(target, Instant.now().plusSeconds(3600), 1, List.of()));
        manifests.files().host("/clip.jws", HostedContent.ofBytes("clip.jws", jws.getBytes(StandardCharsets.US_ASCII)));
        URI mirror = plain.url(PATH);
        return new DownloadJob("client-1", List.of(manifests.url("/clip.jws")), trust,
                ca.writePem(dir.resolve("ca.pem")), dns.asMap(), List.of(mirror),
                List.of(URI.create("http://" + plain.address().getAddress().getHostAddress() + ":" + plain.port()
                        + PATH)), dir.resolve("out"), file.name(), file.size(), file.sha256(), "adaptive", Map.of(),
                Duration.ofSeconds(30), null, plainHttp);
    }
}
