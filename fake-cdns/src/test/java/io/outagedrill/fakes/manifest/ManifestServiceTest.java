package io.outagedrill.fakes.manifest;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.manifest.VersionStore;
import io.outagedrill.client.transfer.DownloadFailedException;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.testing.RawHttp;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each manifest-service fault twice: what goes over the wire, and how the reference client's fetcher
 * (replica A first, then B) reacts to it.
 */
@Timeout(60)
class ManifestServiceTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    static final Instant EXPIRES = Instant.parse("2026-07-01T00:00:00Z");
    static final String PATH = "/manifests/video.bin.jws";
    static final String A = "manifests-a.test";
    static final String B = "manifests-b.test";
    static final GeneratedFile VIDEO = GeneratedFile.of("video.bin", 300_000, 1);
    /** Same size, other bytes: "another genuine file". */
    static final GeneratedFile OTHER = GeneratedFile.of("other.bin", 300_000, 2);

    static final LoopbackDns dns = new LoopbackDns();
    static FakeCdn cdn;
    static ManifestService manifests;

    @TempDir
    Path dir;
    final List<DownloadEvent> events = new CopyOnWriteArrayList<>();
    final OkHttpClient http = new OkHttpClient.Builder().dns(dns::lookup).callTimeout(Duration.ofSeconds(10)).build();
    ManifestFetcher fetcher;
    String v1;

    @BeforeAll
    static void start() {
        cdn = FakeCdn.builder("cloudflare.test").dns(dns).host("/v/video.bin", VIDEO).host("/v/other.bin", OTHER)
                .start();
        manifests = ManifestService.builder().clock(CLOCK).dns(dns).start();
    }

    @AfterAll
    static void stop() {
        manifests.close();
        cdn.close();
    }

    @BeforeEach
    void publishAndMakeAClient() {
        manifests.withdraw(PATH);
        v1 = manifests.publish(PATH, manifest(1));
        TrustStore trust = TrustStore.load(manifests.writeTrustStore(dir.resolve("keys.jwks")));
        ManifestVerifier verifier = new ManifestVerifier(trust, VersionStore.inMemory(), CLOCK,
                ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP);
        fetcher = new ManifestFetcher(http, verifier, events::add, CLOCK);
    }

    @AfterEach
    void heal() {
        manifests.clearFaults();
        http.connectionPool().evictAll();
    }

    static Manifest manifest(long version) {
        return Manifests.forContent(VIDEO, 64 * 1024, List.of(Manifests.mirror(cdn, "/v/video.bin")), EXPIRES,
                version);
    }

    private VerifiedManifest fetch() {
        return fetcher.fetch(manifests.urls(PATH));
    }

    private static RawHttp.Response wire(String replica) throws Exception {
        return RawHttp.get(manifests.replica(replica).cdn().address(), PATH);
    }

    private static String body(RawHttp.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static Manifest payload(String jws) throws Exception {
        return ManifestJson.parse(JWSObject.parse(jws).getPayload().toBytes(), ManifestJson.Options.ALLOW_PLAIN_HTTP);
    }

    private static boolean verifiesWithServiceKey(String jws) throws Exception {
        return JWSObject.parse(jws).verify(new ECDSAVerifier(manifests.publicKeys().getKeys().getFirst().toECKey()));
    }

    private void assertRejectedThenBWins(Reason reason) {
        VerifiedManifest accepted = fetch();
        assertThat(accepted.source()).contains(B);
        assertThat(events).first().isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class, rejected -> {
            assertThat(rejected.source()).contains(A);
            assertThat(rejected.reason()).isEqualTo(reason.name());
        });
    }

    @Test
    void healthyReplicasServeTheSignedManifestWithTypedHeaders() throws Exception {
        RawHttp.Response a = wire(A);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("application/jose");
        assertThat(a.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(body(a)).isEqualTo(v1).isEqualTo(body(wire(B)));
        JWSObject jws = JWSObject.parse(v1);
        assertThat(jws.getHeader().getType()).isEqualTo(ManifestSigner.TYPE);
        assertThat(jws.getHeader().getKeyID()).isEqualTo(manifests.keyId());
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES256");

        VerifiedManifest accepted = fetch();
        assertThat(accepted.source()).contains(A);
        assertThat(accepted.manifest()).isEqualTo(manifest(1));
        assertThat(manifests.urls(PATH)).containsExactly(manifests.replica(A).url(PATH).toString(),
                manifests.replica(B).url(PATH).toString());
    }

    @Test
    void refusedReplicaRefusesConnectionsAndTheClientMovesToB() throws Exception {
        manifests.fault(A, new ReplicaFault.Refused());
        InetSocketAddress address = manifests.replica(A).cdn().address();
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);

        assertRejectedThenBWins(Reason.UNREACHABLE);

        manifests.clearFault(A);
        assertThat(wire(A).status()).isEqualTo(200);
    }

    @Test
    void unavailableReplicaAnswers503AndTheClientMovesToB() throws Exception {
        manifests.fault(A, new ReplicaFault.Unavailable());
        assertThat(wire(A).status()).isEqualTo(503);

        assertRejectedThenBWins(Reason.UNREACHABLE);
        assertThat(((DownloadEvent.ManifestRejected) events.getFirst()).message()).contains("503");
    }

    /** Clearing the replica's HTTP faults directly left the replica holding a handle to a rule that was gone. */
    @Test
    void unavailableAgainAfterTheHttpFaultsWereClearedAnswers503Again() throws Exception {
        manifests.fault(A, new ReplicaFault.Unavailable());
        manifests.replica(A).cdn().faults().clear();
        assertThat(wire(A).status()).as("the 503 rule cleared with the replica's other HTTP faults").isEqualTo(200);

        manifests.fault(A, new ReplicaFault.Unavailable());
        assertThat(wire(A).status()).as("status after applying Unavailable again").isEqualTo(503);
        assertThat(manifests.replica(A).cdn().faults().active()).as("503 rules installed").hasSize(1);
    }

    @Test
    void expiredReplicaServesAValidlySignedStaleManifestAndTheClientRejectsIt() throws Exception {
        manifests.fault(A, ReplicaFault.Expired.anHourAgo());
        String served = body(wire(A));
        assertThat(verifiesWithServiceKey(served)).isTrue();
        assertThat(payload(served).expires()).isEqualTo(CLOCK.instant().minus(Duration.ofHours(1)));

        assertRejectedThenBWins(Reason.EXPIRED);
    }

    @Test
    void rollbackReplicaServesTheOlderSignedVersionAfterTheClientAcceptedTheNewer() throws Exception {
        manifests.publish(PATH, manifest(2));
        assertThat(fetch().manifest().version()).isEqualTo(2);
        events.clear();

        manifests.fault(A, new ReplicaFault.Rollback());
        assertThat(body(wire(A))).as("the version-1 token exactly as signed then").isEqualTo(v1);

        assertRejectedThenBWins(Reason.ROLLBACK);
        assertThat(fetch().manifest().version()).isEqualTo(2);
    }

    @Test
    void rollbackWithOneVersionPublishedServesVersionMinusOneSigned() throws Exception {
        manifests.withdraw(PATH);
        manifests.publish(PATH, manifest(5));
        manifests.fault(A, new ReplicaFault.Rollback());

        String served = body(wire(A));
        assertThat(verifiesWithServiceKey(served)).isTrue();
        assertThat(payload(served).version()).isEqualTo(4);
    }

    @Test
    void badSignatureReplicaFlipsOneSignatureBitAndTheClientRejectsIt() throws Exception {
        manifests.fault(A, new ReplicaFault.BadSignature());
        String served = body(wire(A));
        assertThat(served.substring(0, served.lastIndexOf('.'))).isEqualTo(v1.substring(0, v1.lastIndexOf('.')));
        assertThat(served).isNotEqualTo(v1).hasSameSizeAs(v1);
        assertThat(verifiesWithServiceKey(served)).isFalse();

        assertRejectedThenBWins(Reason.BAD_SIGNATURE);
    }

    /**
     * Each form of a foreign key is a valid JWS of the latest manifest that the publisher's key did not sign, and the
     * client refuses it for the reason its form is about.
     */
    @Test
    void foreignKeyReplicaServesTheManifestSignedByAnAttackersKeyAndTheClientRejectsEachForm() throws Exception {
        Map<ReplicaFault.ForeignKey.Form, Reason> expected = Map.of(
                ReplicaFault.ForeignKey.Form.UNKNOWN_KID, Reason.UNKNOWN_KEY,
                ReplicaFault.ForeignKey.Form.SAME_KID, Reason.BAD_SIGNATURE,
                ReplicaFault.ForeignKey.Form.EMBEDDED_JWK, Reason.FORBIDDEN_HEADER);
        for (var form : ReplicaFault.ForeignKey.Form.values()) {
            events.clear();
            manifests.fault(A, new ReplicaFault.ForeignKey(form));
            String served = body(wire(A));
            JWSObject jws = JWSObject.parse(served);
            assertThat(payload(served)).as(form + ": the latest manifest").isEqualTo(payload(v1));
            assertThat(verifiesWithServiceKey(served)).as(form + ": not the publisher's signature").isFalse();
            assertThat(jws.getHeader().getKeyID()).as(form + ": kid").isEqualTo(
                    form == ReplicaFault.ForeignKey.Form.UNKNOWN_KID ? ForeignKeys.ATTACKER_KID : manifests.keyId());
            if (form == ReplicaFault.ForeignKey.Form.EMBEDDED_JWK) {
                assertThat(jws.verify(new ECDSAVerifier(jws.getHeader().getJWK().toECKey())))
                        .as("valid under the key it carries").isTrue();
            }

            assertRejectedThenBWins(expected.get(form));
        }
    }

    @Test
    void algNoneReplicaServesAnUnsignedJwsAndTheClientRejectsIt() throws Exception {
        manifests.fault(A, ReplicaFault.Unsigned.algNone());
        String served = body(wire(A));
        assertThat(served).endsWith(".");
        assertThat(new String(new com.nimbusds.jose.util.Base64URL(served.substring(0, served.indexOf('.'))).decode(),
                StandardCharsets.UTF_8)).contains("\"alg\":\"none\"").contains(manifests.keyId());

        assertRejectedThenBWins(Reason.ALG_NONE);
    }

    @Test
    void plainJsonReplicaServesTheBareManifestAndTheClientRejectsIt() throws Exception {
        manifests.fault(A, ReplicaFault.Unsigned.plainJson());
        RawHttp.Response a = wire(A);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        assertThat(ManifestJson.parse(a.body(), ManifestJson.Options.ALLOW_PLAIN_HTTP)).isEqualTo(manifest(1));

        assertRejectedThenBWins(Reason.MALFORMED);
    }

    @Test
    void wrongFileMirrorIsSignedSoTheClientAcceptsItAndThenRefusesTheBytes() throws Exception {
        Mirror liar = Manifests.mirror(cdn, "/v/other.bin");
        manifests.fault(A, new ReplicaFault.WrongFileMirror(liar));
        String served = body(wire(A));
        assertThat(verifiesWithServiceKey(served)).isTrue();
        assertThat(payload(served).target().mirrors()).containsExactly(liar);
        assertThat(payload(served).target().sha256()).isEqualTo(VIDEO.sha256()).isNotEqualTo(OTHER.sha256());

        VerifiedManifest accepted = fetch();
        assertThat(accepted.source()).as("the signature holds").contains(A);

        TransferConfig config = TransferConfig.builder().seed(7).allowPlainHttp(true).maxRetriesPerMirror(0)
                .backoffBase(Duration.ofMillis(20)).backoffJitter(0).stallTimeout(Duration.ofSeconds(2))
                .firstByteTimeout(Duration.ofSeconds(2)).minSpeed(0).build();
        Downloader downloader = Downloader.builder().config(config).httpClient(http).listener(events::add).build();
        assertThatThrownBy(() -> downloader.download(accepted, DownloadRequest.into(dir.resolve("out"))))
                .isInstanceOf(DownloadFailedException.class);
        assertThat(events).filteredOn(DownloadEvent.ChunkRejected.class::isInstance)
                .map(e -> ((DownloadEvent.ChunkRejected) e).reason()).first().asString().contains("SHA-256");
        assertThat(dir.resolve("out").resolve("video.bin")).doesNotExist();
    }

    @Test
    void otherFileServesAnotherFilesManifestAsSignedAndOnlyAClientAskingByNameRefusesIt() throws Exception {
        String otherPath = "/manifests/other.bin.jws";
        try {
            String otherJws = manifests.publish(otherPath, Manifests.forContent(OTHER, 64 * 1024,
                    List.of(Manifests.mirror(cdn, "/v/other.bin")), EXPIRES, 7));
            manifests.fault(A, new ReplicaFault.OtherFile("other.bin"));

            assertThat(body(wire(A))).as("other.bin's manifest exactly as signed, at video.bin's path")
                    .isEqualTo(otherJws);
            assertThat(fetch().manifest().file()).as("a client that does not say which file it wants")
                    .isEqualTo("other.bin");
            events.clear();
            TrustStore trust = TrustStore.load(manifests.writeTrustStore(dir.resolve("keys-2.jwks")));
            fetcher = new ManifestFetcher(http, new ManifestVerifier(trust, VersionStore.inMemory(), CLOCK,
                    ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP).expectingFile("video.bin"),
                    events::add, CLOCK);
            assertRejectedThenBWins(Reason.WRONG_FILE);
        } finally {
            manifests.withdraw(otherPath);
        }
    }

    @Test
    void otherFileFollowsTheOtherFilesPublishesAndWithdrawal() throws Exception {
        String otherPath = "/manifests/other.bin.jws";
        try {
            manifests.publish(otherPath, Manifests.forContent(OTHER, 64 * 1024,
                    List.of(Manifests.mirror(cdn, "/v/other.bin")), EXPIRES, 7));
            manifests.fault(A, new ReplicaFault.OtherFile("other.bin"));
            String v8 = manifests.publish(otherPath, Manifests.forContent(OTHER, 64 * 1024,
                    List.of(Manifests.mirror(cdn, "/v/other.bin")), EXPIRES, 8));

            assertThat(body(wire(A))).as("at video.bin's path after other.bin's version 8 was published")
                    .isEqualTo(v8);

            manifests.withdraw(otherPath);
            assertThat(body(wire(A))).as("at video.bin's path after other.bin was withdrawn: its own").isEqualTo(v1);
        } finally {
            manifests.withdraw(otherPath);
        }
    }

    @Test
    void otherFileNamingAFileWithNoManifestIsRefusedSayingWhichAre() {
        assertThatThrownBy(() -> manifests.fault(A, new ReplicaFault.OtherFile("nothing.bin")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other-file: expected a file with a published manifest, saw \"nothing.bin\"")
                .hasMessageContaining("[video.bin]");
    }

    @Test
    void exactBodyIsServedVerbatim() throws Exception {
        ManifestSigner stranger = new ManifestSigner(ManifestKeys.generate(ManifestAlgorithm.ES256, "stranger"),
                ManifestJson.Options.ALLOW_PLAIN_HTTP);
        String foreign = stranger.sign(manifest(9));
        manifests.fault(A, new ReplicaFault.Exact(foreign));
        assertThat(body(wire(A))).isEqualTo(foreign);

        assertRejectedThenBWins(Reason.UNKNOWN_KEY);
    }

    @Test
    void whenEveryReplicaIsBadTheErrorListsEachWithItsReason() {
        manifests.fault(A, ReplicaFault.Expired.anHourAgo());
        manifests.fault(B, new ReplicaFault.BadSignature());

        assertThatThrownBy(this::fetch).isInstanceOfSatisfying(ManifestRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
            assertThat(e.getMessage()).contains("2 replica(s)")
                    .contains(manifests.replica(A).url(PATH).toString()).contains("(EXPIRED)")
                    .contains(manifests.replica(B).url(PATH).toString()).contains("(BAD_SIGNATURE)");
        });
    }

    @Test
    void aFaultAppliesToVersionsPublishedAfterIt() throws Exception {
        manifests.fault(A, ReplicaFault.Expired.anHourAgo());
        manifests.publish(PATH, manifest(2));

        Manifest served = payload(body(wire(A)));
        assertThat(served.version()).isEqualTo(2);
        assertThat(served.expires()).isBefore(CLOCK.instant());
        assertThat(payload(body(wire(B))).expires()).isEqualTo(EXPIRES);
    }

    @Test
    void clearingAFaultServesTheLatestSignedManifestAgain() throws Exception {
        manifests.fault(A, new ReplicaFault.BadSignature());
        assertThat(manifests.replica(A).fault()).contains(new ReplicaFault.BadSignature());

        manifests.clearFault(A);

        assertThat(manifests.replica(A).fault()).isEmpty();
        assertThat(body(wire(A))).isEqualTo(v1);
        assertThat(fetch().source()).contains(A);
    }

    @Test
    void replicasCanServeHttpsWithTheTestCa() {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (ManifestService secure = ManifestService.builder().replicas("manifests-tls.test").https(ca).dns(dns)
                .clock(CLOCK).start()) {
            secure.publish(PATH, manifest(1));
            OkHttpClient tls = http.newBuilder().sslSocketFactory(ca.socketFactory(), ca.trustManager()).build();
            ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(secure.publicKeys()), VersionStore.inMemory(),
                    CLOCK, ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP);

            VerifiedManifest accepted = new ManifestFetcher(tls, verifier, events::add, CLOCK).fetch(secure.urls(PATH));

            assertThat(accepted.source()).startsWith("https://manifests-tls.test:");
            assertThat(accepted.keyId()).isEqualTo(secure.keyId());
        }
    }

    @Test
    void withdrawnManifestsAre404() throws Exception {
        manifests.withdraw(PATH);
        assertThat(wire(A).status()).isEqualTo(404);
        assertThat(manifests.latest(PATH)).isEmpty();
    }

    @Test
    void forContentDescribesTheHostedBytes() {
        Manifest m = manifest(1);
        assertThat(m.file()).isEqualTo("video.bin");
        assertThat(m.target().size()).isEqualTo(VIDEO.size());
        assertThat(m.target().sha256()).isEqualTo(VIDEO.sha256());
        assertThat(m.target().chunks()).hasSize(5).isEqualTo(VIDEO.chunkHashes(64 * 1024));
        assertThat(m.target().mirrors()).singleElement().satisfies(mirror -> {
            assertThat(mirror.provider()).isEqualTo("cloudflare");
            assertThat(mirror.url()).isEqualTo(cdn.url("/v/video.bin"));
        });
    }
}
