package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.testing.Http2HeaderFlood;
import io.outagedrill.client.testing.LoopbackTls;
import io.outagedrill.client.testing.ScriptedMirror;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client builder other commands use without a {@link Downloader} ({@code drill route}'s probes and status
 * reads, the harness's world routing): it offers HTTP/1.1 alone, as the downloader does, so that a mirror whose
 * HTTP/2 header block never ends cannot fill their heap either, and a probe measures the protocol downloads use.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpClientsTest {
    @TempDir
    Path dir;

    @Test
    void aBuiltClientOffersHttp11AloneToAMirrorThatPrefersHttp2() throws IOException {
        LoopbackTls tls = new LoopbackTls();
        Http2HeaderFlood flood = new Http2HeaderFlood(64 * 1024);
        try (ScriptedMirror mirror = ScriptedMirror.overTlsPreferringHttp2(tls.serverSockets(), flood,
                (first, last, n, out) -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        .getBytes(StandardCharsets.US_ASCII)))) {
            OkHttpClient client = HttpClients.builder(tls.caPem(dir), Dns.SYSTEM).callTimeout(10, TimeUnit.SECONDS)
                    .build();

            String body;
            try (Response response = client.newCall(new Request.Builder().url(mirror.url("/status")).build())
                    .execute()) {
                body = response.body().string();
            } catch (IOException e) {
                throw new AssertionError("expected the mirror's HTTP/1.1 answer; the call failed (%s) after the client "
                        .formatted(e) + "offered %s and the mirror sent %d bytes of HTTP/2 header frames"
                        .formatted(mirror.protocolsOffered(), flood.sent()), e);
            }

            assertThat(body).as("the body of the HTTP/1.1 answer").isEqualTo("ok");
            assertThat(mirror.protocolsOffered()).as("the protocols offered, connection by connection").isNotEmpty()
                    .allSatisfy(offered -> assertThat(offered).containsExactly("http/1.1"));
        }
    }
}
