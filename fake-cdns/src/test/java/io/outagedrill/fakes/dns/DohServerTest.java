package io.outagedrill.fakes.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The world's DNS faults over HTTPS: curl, pointed at the DoH server with {@code --doh-url}, reaches a name the world
 * resolves and fails with "could not resolve" once the name has a fault; the wire answers are the UDP server's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DohServerTest {
    private final LoopbackDns names = new LoopbackDns();
    private final FaultyResolver resolver = new FaultyResolver(names, Clock.systemUTC());
    private final TestCertificateAuthority ca = TestCertificateAuthority.create();
    private DohServer server;
    private HttpClient http;
    private InetAddress cdn;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        cdn = InetAddress.getByName("127.0.0.9");
        names.register("cdn.test", cdn);
        server = DohServer.start(resolver, ca, InetAddress.getLoopbackAddress());
        http = HttpClient.newBuilder().sslContext(ca.clientSslContext()).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private static byte[] query(String host, int type) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(host + "."), type, DClass.IN));
        query.getHeader().setID(0); // RFC 8484 §4.1: 0, so that caches see identical queries as identical
        return query.toWire();
    }

    private HttpResponse<byte[]> post(byte[] body, String type) throws Exception {
        return http.send(HttpRequest.newBuilder(server.url()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type).header("Accept", DohServer.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(server.url().resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aQueryByPostOrGetIsAnsweredWithTheAddressAndItsTtlAsMaxAge() throws Exception {
        resolver.ttl("cdn.test", Duration.ofSeconds(30));

        HttpResponse<byte[]> posted = post(query("cdn.test", Type.A), DohServer.MEDIA_TYPE);
        String dns = Base64.getUrlEncoder().withoutPadding().encodeToString(query("cdn.test", Type.A));
        HttpResponse<byte[]> got = get(DohServer.PATH + "?dns=" + dns);

        for (HttpResponse<byte[]> response : List.of(posted, got)) {
            assertThat(response.statusCode()).as("%s %s", response.request().method(), response.uri()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(DohServer.MEDIA_TYPE);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=30");
            Message answer = new Message(response.body());
            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answer.getSection(Section.ANSWER)).singleElement()
                    .isInstanceOfSatisfying(ARecord.class, a -> assertThat(a.getAddress()).isEqualTo(cdn));
        }
    }

    @Test
    void aFaultIsItsRcodeAndANegativeAnswerIsNotToBeCached() throws Exception {
        resolver.fault("cdn.test", new DnsFault.ServFail());

        HttpResponse<byte[]> response = post(query("cdn.test", Type.A), DohServer.MEDIA_TYPE);

        assertThat(response.statusCode()).as("DNS failures travel inside a 200, as RFC 8484 says").isEqualTo(200);
        assertThat(Rcode.string(new Message(response.body()).getRcode())).isEqualTo("SERVFAIL");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=0");
    }

    @Test
    void whatIsNotADohQueryGetsTheStatusThatSaysWhy() throws Exception {
        HttpResponse<byte[]> otherType = post(query("cdn.test", Type.A), "application/json");
        assertThat(otherType.statusCode()).as("another media type").isEqualTo(415);
        // Refused before its body was read, the connection closes after the answer: said, so that no client sends
        // its next request on it (the JDK's client does not send a POST again, and failed with "Broken pipe").
        assertThat(otherType.headers().firstValue("Connection")).as("a refusal's Connection header").hasValue("close");
        assertThat(post(new byte[] {1, 2, 3}, DohServer.MEDIA_TYPE).statusCode()).as("not a DNS message")
                .isEqualTo(400);
        assertThat(post(new byte[DohServer.MAX_QUERY + 1], DohServer.MEDIA_TYPE).statusCode()).as("too long")
                .isEqualTo(413);
        // Read whole before the refusal: closed with most of it unread, the connection was reset, and the reset
        // could reach the client before the 413 did ("header parser received no bytes", once in a CI run).
        assertThat(post(new byte[3 * DohServer.MAX_QUERY], DohServer.MEDIA_TYPE).statusCode())
                .as("three times too long").isEqualTo(413);
        assertThat(get(DohServer.PATH).statusCode()).as("GET without dns").isEqualTo(400);
        assertThat(get(DohServer.PATH + "?dns=***").statusCode()).as("dns not base64url").isEqualTo(400);
        assertThat(get("/resolve?name=cdn.test").statusCode()).as("another path").isEqualTo(404);
        HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(server.url())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(query("cdn.test", Type.A))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(put.statusCode()).as("PUT").isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");

        assertThat(post(query("cdn.test", Type.A), DohServer.MEDIA_TYPE).statusCode()).as("still answering")
                .isEqualTo(200);
    }

    /**
     * A body that cannot be read (here a chunk whose size is not hex) is a bad request: it is no query over the size
     * limit, and a 413 saying "at most 4096 bytes" would send its sender looking for a size problem it does not have.
     */
    @Test
    void aMalformedBodyIsABadRequestNotATooLargeOne() throws Exception {
        String status = rawStatusLine("POST " + DohServer.PATH + " HTTP/1.1\r\n"
                + "Host: " + server.url().getHost() + ":" + server.url().getPort() + "\r\n"
                + "Content-Type: " + DohServer.MEDIA_TYPE + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                + "\r\nZZ\r\nabc\r\n0\r\n\r\n");

        assertThat(status).as("the status line for a 3-byte body in a malformed chunk").startsWith("HTTP/1.1 400 ");
    }

    /** The status line the server answers {@code request} (sent as it is, over TLS) with. */
    private String rawStatusLine(String request) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ca.clientSslContext().getSocketFactory()
                .createSocket(server.url().getHost(), server.url().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return answer.lines().findFirst().orElse("(no answer)");
        }
    }

    @Test
    void aSlowAnswerHoldsOnlyItsOwnRequestAndBeyondTheLimitTheServerSaysBusy() throws Exception {
        server.close();
        server = DohServer.start(resolver, ca, InetAddress.getLoopbackAddress(), 1);
        names.register("fast.test", cdn);
        resolver.fault("cdn.test", new DnsFault.Slow(60_000));

        CompletableFuture<HttpResponse<byte[]>> held = http.sendAsync(HttpRequest.newBuilder(server.url())
                .header("Content-Type", DohServer.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(query("cdn.test", Type.A))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(post(query("fast.test", Type.A), DohServer.MEDIA_TYPE).statusCode())
                        .as("a second query while the slow one holds the only slot").isEqualTo(503));
        assertThat(held).as("the slow answer, still held").isNotDone();

        resolver.clearFault("cdn.test");

        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).as("released at once by the clear").isEqualTo(200);
        assertThat(post(query("fast.test", Type.A), DohServer.MEDIA_TYPE).statusCode()).isEqualTo(200);
    }

    @Test
    void curlResolvesThroughItAndFailsToResolveOnceTheNameHasAFault() throws Exception {
        HttpServer origin = HttpServer.create(new InetSocketAddress(cdn, 0), 8);
        origin.createContext("/", exchange -> {
            byte[] body = "from the world's address\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        Path caPem = Files.writeString(dir.resolve("ca.pem"), ca.pem());
        try {
            String url = "http://cdn.test:" + origin.getAddress().getPort() + "/";

            Curl healthy = curl(caPem, url);
            assertThat(healthy.exit()).as("curl's exit; it said: %s", healthy.output()).isZero();
            assertThat(healthy.output()).contains("from the world's address");

            resolver.fault("cdn.test", new DnsFault.ServFail());
            Curl failed = curl(caPem, url);
            assertThat(failed.exit()).as("curl's exit 6, could not resolve host; it said: %s", failed.output())
                    .isEqualTo(6);
        } finally {
            origin.stop(0);
        }
    }

    private record Curl(int exit, String output) {
    }

    /** curl as a user runs it with DoH: the world's CA trusted for the DoH server, no proxy, bounded in time. */
    private Curl curl(Path caPem, String url) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "20",
                "--cacert", caPem.toString(), "--doh-url", server.url().toString(), url));
        Path log = dir.resolve("curl.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("curl finished within 30 s").isTrue();
        return new Curl(process.exitValue(), Files.readString(log));
    }
}
