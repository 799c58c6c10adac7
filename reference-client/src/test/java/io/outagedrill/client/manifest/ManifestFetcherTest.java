package io.outagedrill.client.manifest;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;
import io.outagedrill.client.testing.DrippingServer;
import io.outagedrill.client.testing.Http2HeaderFlood;
import io.outagedrill.client.testing.LoopbackTls;
import io.outagedrill.client.testing.ScriptedMirror;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TlsProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.outagedrill.client.manifest.ManifestFixtures.manifest;
import static io.outagedrill.client.manifest.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ManifestFetcherTest {

    private static final JWK KEY = ManifestKeys.generate(ManifestAlgorithm.EdDSA, "ed-1");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    private final MockWebServer first = new MockWebServer();
    private final MockWebServer second = new MockWebServer();
    private ManifestFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        first.start(InetAddress.getLoopbackAddress(), 0);
        second.start(InetAddress.getLoopbackAddress(), 0);
        fetcher = fetcher(ManifestJson.Options.ALLOW_PLAIN_HTTP);
    }

    private ManifestFetcher fetcher(ManifestJson.Options options) {
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(new JWKSet(KEY).toPublicJWKSet()),
                VersionStore.inMemory(), CLOCK, ManifestVerifier.DEFAULT_SKEW, options);
        return new ManifestFetcher(http, verifier, events::add, CLOCK);
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    private static String jws(long version) {
        return new ManifestSigner(KEY).sign(manifest("video.mp4", version));
    }

    private static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/video.mp4.jws";
        }
    }

    @Test
    void firstReplicaFailsSecondServesAValidManifest() throws Exception {
        first.enqueue(new MockResponse.Builder().code(503).build());
        second.enqueue(ok(jws(4)));
        String a = first.url("/video.mp4.jws").toString();
        String b = second.url("/video.mp4.jws").toString();

        VerifiedManifest result = fetcher.fetch(List.of(a, b));

        assertThat(result.manifest().version()).isEqualTo(4);
        assertThat(result.source()).isEqualTo(b);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class, e -> {
            assertThat(e.source()).isEqualTo(a);
            assertThat(e.reason()).isEqualTo("UNREACHABLE");
            assertThat(e.message()).contains("expected HTTP 200, saw HTTP 503");
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(DownloadEvent.ManifestAccepted.class, e -> {
            assertThat(e.source()).isEqualTo(b);
            assertThat(e.version()).isEqualTo(4);
            assertThat(e.signed()).isTrue();
        });
    }

    @Test
    void aReplicaAnsweringWithAnotherFilesManifestIsRefusedWhenTheFileIsNamed() throws Exception {
        // Mix-and-match: the same key signed setup.exe's manifest, valid and unexpired; a hostile replica serves it
        // for video.mp4. Its version must not be recorded either: it was never accepted.
        VersionStore versions = VersionStore.inMemory();
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(new JWKSet(KEY).toPublicJWKSet()), versions,
                CLOCK, ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP).expectingFile("video.mp4");
        ManifestFetcher expecting = new ManifestFetcher(http, verifier, events::add, CLOCK);
        first.enqueue(ok(new ManifestSigner(KEY).sign(manifest("setup.exe", 9))));
        second.enqueue(ok(jws(4)));

        VerifiedManifest result = expecting.fetch(List.of(first.url("/video.mp4.jws").toString(),
                second.url("/video.mp4.jws").toString()));

        assertThat(result.manifest().file()).isEqualTo("video.mp4");
        assertThat(events.getFirst()).isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class, e -> {
            assertThat(e.reason()).isEqualTo("WRONG_FILE");
            assertThat(e.message()).contains("expected a manifest for video.mp4, saw a valid one for setup.exe");
        });
        assertThat(versions.highest("setup.exe")).as("version recorded for the refused manifest's file").isEmpty();
    }

    @Test
    void withoutANamedFileAnotherFilesValidManifestIsAccepted() throws Exception {
        // What --file is for: a signature alone does not say which file was asked for.
        first.enqueue(ok(new ManifestSigner(KEY).sign(manifest("setup.exe", 9))));

        assertThat(fetcher.fetch(List.of(first.url("/video.mp4.jws").toString())).manifest().file())
                .isEqualTo("setup.exe");
    }

    @Test
    void signedAndUnsignedReplicasTogetherAreRefusedBeforeAnyRequest() {
        List<String> mixed = List.of(first.url("/video.mp4.jws").toString(), "/tmp/video.meta4");

        assertThatThrownBy(() -> fetcher.fetch(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 signed manifest(s) and 1 unsigned .meta4 file(s)");
        assertThat(first.getRequestCount()).as("requests made").isZero();
    }

    @Test
    void aReplicaDrippingItsBodyIsAbandonedAtTheCopyTimeLimitAndTheNextCopyIsTried() throws Exception {
        // No call timeout of its own: the per-copy limit must come from the fetcher, as in the CLI.
        OkHttpClient plain = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(new JWKSet(KEY).toPublicJWKSet()),
                VersionStore.inMemory(), CLOCK, ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP);
        ManifestFetcher limited = new ManifestFetcher(plain, verifier, events::add, CLOCK, Duration.ofMillis(700));
        second.enqueue(ok(jws(3)));
        try (DrippingServer dripping = DrippingServer.drippingBody()) {
            String a = dripping.url("/video.mp4.jws");
            String b = second.url("/video.mp4.jws").toString();

            VerifiedManifest result = assertTimeoutPreemptively(Duration.ofSeconds(8), () -> limited.fetch(List.of(a, b)),
                    "expected the dripping copy to be abandoned after 700 ms, saw the fetch still waiting on it");

            assertThat(result.source()).isEqualTo(b);
            assertThat(events.getFirst()).isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class, e -> {
                assertThat(e.source()).isEqualTo(a);
                assertThat(e.reason()).isEqualTo("UNREACHABLE");
                assertThat(e.message()).contains(a, "limit of 700 ms per manifest copy");
            });
        }
    }

    @Test
    void theDefaultCopyTimeLimitIsTenSeconds() {
        assertThat(ManifestFetcher.DEFAULT_COPY_TIME_LIMIT).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void sendsIdentityEncodingOnly() throws Exception {
        first.enqueue(ok(jws(1)));

        fetcher.fetch(List.of(first.url("/m.jws").toString()));

        RecordedRequest request = first.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeaders().get("Accept-Encoding")).isEqualTo("identity");
    }

    @Test
    void allReplicasBadListsEachAndGivesTheReasonOfTheLastManifestReceived() throws Exception {
        first.enqueue(new MockResponse.Builder().code(503).build());
        JWK attacker = ManifestKeys.generate(ManifestAlgorithm.EdDSA, "ed-1");
        second.enqueue(ok(new ManifestSigner(attacker).sign(manifest())));
        String a = first.url("/m.jws").toString();
        String b = second.url("/m.jws").toString();
        String c = closedPortUrl();

        ManifestRejectedException e = assertRejected(() -> fetcher.fetch(List.of(a, b, c)), Reason.BAD_SIGNATURE,
                "no usable manifest among 3 replica(s)", a + ": expected HTTP 200, saw HTTP 503",
                b + ": expected a valid EdDSA signature", c + ": unreachable");

        assertThat(events).extracting(ev -> ((DownloadEvent.ManifestRejected) ev).reason())
                .containsExactly("UNREACHABLE", "BAD_SIGNATURE", "UNREACHABLE");
        assertThat(e.getMessage()).contains("(UNREACHABLE)", "(BAD_SIGNATURE)");
    }

    @Test
    void noneAnsweredIsUnreachable() throws Exception {
        first.enqueue(new MockResponse.Builder().code(404).build());

        assertRejected(() -> fetcher.fetch(List.of(first.url("/m.jws").toString(), closedPortUrl())),
                Reason.UNREACHABLE, "saw HTTP 404");
    }

    /**
     * OkHttp reads a 503's delay-seconds {@code Retry-After} as an int (to retry a 0 at once) and threw
     * NumberFormatException past 2147483647: not an IOException, so it left the fetcher, and the replicas after the
     * one that sent it were never tried.
     */
    @Test
    void aRetryAfterTooLargeForAnIntIsAnUnreachableReplicaAndTheNextIsTried() throws Exception {
        first.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "2147483648").build());
        second.enqueue(ok(jws(4)));
        String a = first.url("/video.mp4.jws").toString();

        VerifiedManifest result = fetcher.fetch(List.of(a, second.url("/video.mp4.jws").toString()));

        assertThat(result.manifest().version()).as("the second replica's manifest; events: %s", events).isEqualTo(4);
        assertThat(events.getFirst()).isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class, e -> {
            assertThat(e.source()).isEqualTo(a);
            assertThat(e.reason()).isEqualTo("UNREACHABLE");
            assertThat(e.message()).contains("expected HTTP 200, saw HTTP 503");
        });
    }

    /**
     * A negative Content-Length made OkHttp's body reader throw IllegalArgumentException ("byteCount < 0") out of the
     * fetcher: the replica is refused as that replica's failure instead, and the next one is tried.
     */
    @Test
    void aNegativeContentLengthIsThatReplicasFailureAndTheNextIsTried() throws Exception {
        first.enqueue(new MockResponse.Builder(ok(jws(4))).setHeader("Content-Length", "-5").build());
        second.enqueue(ok(jws(4)));
        String a = first.url("/video.mp4.jws").toString();

        VerifiedManifest result = fetcher.fetch(List.of(a, second.url("/video.mp4.jws").toString()));

        assertThat(result.source()).as("events: %s", events).isEqualTo(second.url("/video.mp4.jws").toString());
        assertThat(events.getFirst()).isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class, e -> {
            assertThat(e.source()).isEqualTo(a);
            assertThat(e.reason()).isEqualTo("UNREACHABLE");
            assertThat(e.message()).contains("answered with Content-Length -5, which is not a length");
        });
    }

    /**
     * A replica over HTTPS that speaks HTTP/2 whenever offered it and then sends a header block without end (which
     * OkHttp would keep without limit, read on a thread the framing budget does not cover): asked over HTTP/1.1
     * alone, it serves the manifest.
     */
    @Test
    void aReplicaThatFloodsHttp2HeadersIsAskedOverHttp11(@TempDir Path dir) throws Exception {
        LoopbackTls tls = new LoopbackTls();
        Http2HeaderFlood flood = new Http2HeaderFlood(2 * 1024 * 1024);
        byte[] manifest = jws(4).getBytes(StandardCharsets.US_ASCII);
        try (ScriptedMirror replica = ScriptedMirror.overTlsPreferringHttp2(tls.serverSockets(), flood,
                (first, last, n, out) -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n".formatted(manifest.length)
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(manifest);
                })) {
            OkHttpClient trusting = HttpClients.builder(tls.caPem(dir), Dns.SYSTEM, TlsProvider.JDK).build();
            ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(new JWKSet(KEY).toPublicJWKSet()),
                    VersionStore.inMemory(), CLOCK, ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.ALLOW_PLAIN_HTTP);

            VerifiedManifest result = new ManifestFetcher(trusting, verifier, events::add, CLOCK)
                    .fetch(List.of(replica.url("/video.mp4.jws")));

            assertThat(result.manifest().version()).as("the replica's manifest; events: %s", events).isEqualTo(4);
            assertThat(replica.protocolsOffered()).as("the protocols offered, connection by connection")
                    .isNotEmpty().allSatisfy(offered -> assertThat(offered).containsExactly("http/1.1"));
            assertThat(flood.sent()).as("bytes of HTTP/2 header frames the replica got to send").isZero();
        }
    }

    /** OkHttp quotes a status line it cannot parse in its exception, up to 256 KiB as the replica sent it. */
    @Test
    void aStatusLineOfGarbageReachesTheRejectionEscapedAndCut() {
        first.enqueue(new MockResponse.Builder().status("\u001b]52;c;cHduZWQ=\u0007" + "x".repeat(100_000)).build());

        fetcher.fetch(List.of(first.url("/m.jws").toString(), fetcherFallback()));

        assertThat(events.getFirst()).isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class, e -> {
            assertThat(e.message()).as("the replica's text, escaped").contains("\\u001B]52;c;cHduZWQ=")
                    .doesNotContain("\u001b", "\u0007");
            assertThat(e.message().length()).as("length of: %s", e.message()).isLessThan(400);
        });
    }

    private String fetcherFallback() {
        second.enqueue(ok(jws(4)));
        return second.url("/video.mp4.jws").toString();
    }

    @Test
    void stopsReadingAnEndlessBody() {
        Buffer huge = new Buffer().write(new byte[(int) ManifestFetcher.MAX_BYTES + 100_000]);
        first.enqueue(new MockResponse.Builder().code(200).chunkedBody(huge, 64 * 1024).build());

        assertRejected(() -> fetcher.fetch(List.of(first.url("/m.jws").toString())), Reason.MALFORMED,
                "at most " + ManifestFetcher.MAX_BYTES + " bytes");
    }

    @Test
    void refusesContentEncodingItDidNotAskFor() {
        first.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Encoding", "gzip").body("x").build());

        assertRejected(() -> fetcher.fetch(List.of(first.url("/m.jws").toString())), Reason.MALFORMED,
                "saw Content-Encoding: gzip");
    }

    @Test
    void doesNotFollowRedirects() {
        first.enqueue(new MockResponse.Builder().code(302).addHeader("Location", second.url("/m.jws")).build());
        second.enqueue(ok(jws(1)));

        assertRejected(() -> fetcher.fetch(List.of(first.url("/m.jws").toString())), Reason.UNREACHABLE,
                "HTTP 302", "redirects are not followed");
        assertThat(second.getRequestCount()).isZero();
    }

    @Test
    void plainHttpLocationRejectedUnlessAllowed() {
        ManifestFetcher strict = fetcher(ManifestJson.Options.STRICT);

        assertRejected(() -> strict.fetch(List.of(first.url("/m.jws").toString())), Reason.INSECURE_MIRROR,
                "expected an https URL, saw plain http");
        assertThat(first.getRequestCount()).isZero();
    }

    @Test
    void readsLocalFilesAndMetalink(@TempDir Path dir) throws IOException {
        Path jws = Files.writeString(dir.resolve("video.mp4.jws"), jws(2) + "\n");
        Path meta4 = dir.resolve("example.meta4");
        try (InputStream in = getClass().getResourceAsStream("sample.meta4")) {
            Files.write(meta4, in.readAllBytes());
        }

        assertThat(fetcher.fetch(List.of(dir.resolve("missing.jws").toString(), jws.toString())).manifest().version())
                .isEqualTo(2);
        VerifiedManifest unsigned = fetcher.fetch(List.of(meta4.toString()));
        assertThat(unsigned.signed()).isFalse();
        assertThat(unsigned.manifest().file()).isEqualTo("example.ext");
        assertThat(events.getFirst()).isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class,
                e -> assertThat(e.message()).isEqualTo("no such file"));
    }

    @Test
    void aManifestPathThatIsAFolderIsSaidInWordsNotAsAJavaException(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("video.mp4.jws"));

        assertThatThrownBy(() -> fetcher.fetch(List.of(folder.toString())))
                .isInstanceOf(ManifestRejectedException.class);

        assertThat(events.getFirst()).isInstanceOfSatisfying(DownloadEvent.ManifestRejected.class,
                e -> assertThat(e.message()).isEqualTo("is a folder, not a manifest file"));
    }

    @Test
    void metalinkOverHttpGoesToTheMetalinkReader() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("sample.meta4")) {
            first.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(in.readAllBytes())).build());
        }

        assertThat(fetcher.fetch(List.of(first.url("/dl/example.meta4").toString())).signed()).isFalse();
    }
}
