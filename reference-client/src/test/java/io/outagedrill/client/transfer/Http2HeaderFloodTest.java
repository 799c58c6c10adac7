package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.testing.Http2HeaderFlood;
import io.outagedrill.client.testing.LoopbackTls;
import io.outagedrill.client.testing.ScriptedMirror;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Dns;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hostile mirror that speaks HTTP/2 whenever a client offers it, and answers with a header block that never ends
 * ({@link Http2HeaderFlood}). HTTP/2's frames are read on OkHttp's own thread, where the framing budget is not
 * armed, and OkHttp keeps the block's empty entries without limit: the client offers HTTP/1.1 alone, so the same
 * mirror, asked over HTTP/1.1, serves the file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Http2HeaderFloodTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(4 * CHUNK, 11);

    @TempDir
    Path dir;

    private final LoopbackTls tls = new LoopbackTls();
    private final RecordingListener events = new RecordingListener();

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"CONSCRYPT", "JDK"})
    void aMirrorThatFloodsHttp2HeadersIsAskedOverHttp11AndServesTheFile(TlsProvider provider) throws IOException {
        if (provider == TlsProvider.CONSCRYPT) {
            assumeThat(Conscrypt.isAvailable()).as("Conscrypt's native library loads here").isTrue();
        }
        Http2HeaderFlood flood = new Http2HeaderFlood(2 * 1024 * 1024);
        try (ScriptedMirror mirror = ScriptedMirror.overTlsPreferringHttp2(tls.serverSockets(), flood,
                ScriptedMirror.partial(CONTENT, ""))) {
            var target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(new Mirror("hostile",
                    URI.create(mirror.url("/video.bin")), 1, "", "")));
            DownloadResult result;
            try (Downloader downloader = Downloader.builder().listener(events)
                    .httpClient(HttpClients.builder(tls.caPem(dir), Dns.SYSTEM, provider).build())
                    .config(TransferConfig.builder().firstByteTimeout(Duration.ofSeconds(5)).build()).build()) {
                result = downloader.download(TestFiles.verified(target, 1), DownloadRequest.into(dir));
            } catch (DownloadFailedException e) {
                throw new AssertionError(("expected the file served over HTTP/1.1; the download failed (%s) after "
                        + "the mirror was offered %s and sent %d bytes of HTTP/2 header frames; events:%n%s")
                        .formatted(e.getMessage(), mirror.protocolsOffered(), flood.sent(), events.transcript()), e);
            }

            assertThat(Sha256.ofFile(result.path())).as("the delivered file").isEqualTo(Sha256.of(CONTENT));
            assertThat(mirror.protocolsOffered()).as("--tls %s: the protocols offered, connection by connection",
                    provider).isNotEmpty().allSatisfy(offered -> assertThat(offered).containsExactly("http/1.1"));
            assertThat(flood.sent()).as("bytes of HTTP/2 header frames the mirror got to send").isZero();
        }
    }
}
