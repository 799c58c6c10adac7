package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import io.outagedrill.harness.thirdparty.NodeScripts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault proxy's control API (what {@code drill toxiproxy} serves) driven by a Toxiproxy client this project did
 * not write: the npm package toxiproxy-node-client, run by Node.js as a Node user of Toxiproxy would run it. Every
 * call it makes must succeed with the answer it expects, its errors must be HTTP errors it can report, and the
 * toxics it sets must act on the bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToxiproxyNodeClientTest {
    /** What the upstream sends on every connection before it closes: 100 ASCII bytes. */
    private static final byte[] UPSTREAM_BYTES = "0123456789".repeat(10).getBytes(StandardCharsets.US_ASCII);

    @Test
    void theNodeClientCreatesUpdatesAndRemovesProxiesAndToxicsThatThenActOnTheBytes(@TempDir Path work)
            throws Exception {
        NodeScripts.requirePackage("toxiproxy-node-client");
        try (ToxiproxyServer server = ToxiproxyServer.start();
             ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = Thread.ofVirtual().start(() -> serve(upstream));
            String upstreamAddress = "127.0.0.1:" + upstream.getLocalPort();

            JsonNode seen = NodeScripts.run(work, "", "toxiproxy-node-client.js", server.controlUri().toString(),
                    upstreamAddress);

            assertThat(seen.path("version").asText()).as("version").contains("2.12.0");
            JsonNode created = seen.path("created");
            assertThat(created.path("name").asText()).isEqualTo("cdn");
            assertThat(created.path("upstream").asText()).isEqualTo(upstreamAddress);
            assertThat(created.path("enabled").asBoolean()).isTrue();
            assertThat(created.path("listen").asText()).as("listen, as the server bound it")
                    .startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
            assertThat(seen.path("added").path("attributes").path("bytes").asInt()).isEqualTo(5);
            assertThat(seen.path("updated").path("attributes").path("bytes").asInt()).as("after update").isEqualTo(7);
            JsonNode latency = seen.path("latency");
            assertThat(latency.path("type").asText()).isEqualTo("latency");
            assertThat(latency.path("stream").asText()).isEqualTo("upstream");
            assertThat(latency.path("toxicity").asDouble()).isEqualTo(0.5);
            assertThat(latency.path("attributes").path("latency").asInt()).isEqualTo(300);
            assertThat(latency.path("attributes").path("jitter").asInt()).isEqualTo(10);
            assertThat(seen.path("cutAfterRemove").path("attributes").path("bytes").asInt())
                    .as("the other toxic, after the latency was removed").isEqualTo(7);
            assertThat(seen.path("slowAfterRemove").asText()).as("the removed toxic, asked for again")
                    .isEqualTo("Error: Request failed with status code 404");
            assertThat(seen.path("disabled").path("enabled").asBoolean()).isFalse();
            assertThat(seen.path("enabledAgain").path("enabled").asBoolean()).isTrue();
            assertThat(seen.path("enabledAgain").path("listen").asText()).as("listen kept across disable and enable")
                    .isEqualTo(created.path("listen").asText());
            assertThat(seen.path("populated")).extracting(JsonNode::asText).containsExactly("origin");
            assertThat(seen.path("all")).extracting(JsonNode::asText).containsExactly("cdn", "origin");
            assertThat(seen.path("unknownType").asText()).as("an unknown toxic type, as the client reports it")
                    .isEqualTo("Error: Request failed with status code 400");
            assertThat(seen.path("missingProxy").asText()).as("an unknown proxy, as the client reports it")
                    .isEqualTo("Error: Request failed with status code 404");

            assertThat(readAll(server.proxies().listenAddress("cdn").orElseThrow()))
                    .as("through cdn, whose limit_data the Node client set to 7 bytes")
                    .isEqualTo("0123456");
            assertThat(readAll(server.proxies().listenAddress("origin").orElseThrow()))
                    .as("through origin, which has no toxic").isEqualTo(new String(UPSTREAM_BYTES,
                            StandardCharsets.US_ASCII));
            upstream.close();
            serving.join();
        }
    }

    /** Sends {@link #UPSTREAM_BYTES} on each connection and closes it, until the socket is closed. */
    private static void serve(ServerSocket upstream) {
        while (!upstream.isClosed()) {
            try (Socket connection = upstream.accept(); OutputStream out = connection.getOutputStream()) {
                out.write(UPSTREAM_BYTES);
            } catch (IOException closedOrReset) {
                // closed by the test, or a peer that went away: the loop's condition decides
            }
        }
    }

    private static String readAll(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
