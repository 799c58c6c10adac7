package io.outagedrill.fakes.dns;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.testing.MutableClock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class FaultyResolverTest {
    static final LoopbackDns records = new LoopbackDns();
    static FakeCdn cdn;

    final MutableClock clock = new MutableClock(Instant.parse("2025-10-20T06:48:00Z"));
    final FaultyResolver resolver = new FaultyResolver(records, clock);
    final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    static void start() {
        cdn = FakeCdn.builder("dynamodb.test").dns(records)
                .host("/hello.txt", HostedContent.ofBytes("hello", "hello".getBytes()))
                .start();
    }

    @AfterAll
    static void stop() {
        cdn.close();
    }

    @AfterEach
    void releaseAll() {
        resolver.clearFaults();
        threads.shutdownNow();
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    /** A fresh OkHttp client resolving through the resolver: a DNS fault must surface as the client sees it. */
    private int get(String path) throws IOException {
        OkHttpClient client = new OkHttpClient.Builder().dns(resolver::lookup)
                .callTimeout(Duration.ofSeconds(10)).build();
        try (Response response = client.newCall(new Request.Builder().url(cdn.url(path).toString()).build()).execute()) {
            return response.code();
        } finally {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void withoutFaultsItAnswersWhatTheRecordsSay() throws IOException {
        assertThat(resolver.lookup("DynamoDB.test")).containsExactly(cdn.address().getAddress());
        assertThat(get("/hello.txt")).isEqualTo(200);
    }

    @Test
    void anUnknownNameIsNxdomain() {
        assertThatThrownBy(() -> resolver.lookup("nobody.test"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("nobody.test").hasMessageContaining("NXDOMAIN");
    }

    @Test
    void nxdomainFailsTheOkHttpCallWithUnknownHostException() {
        resolver.fault("dynamodb.test", new DnsFault.NxDomain());

        assertThatThrownBy(() -> resolver.lookup("dynamodb.test")).isInstanceOf(UnknownHostException.class)
                .hasMessage("dynamodb.test: NXDOMAIN (no such name)");
        assertThatThrownBy(() -> get("/hello.txt")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("NXDOMAIN");
    }

    @Test
    void servfailSaysTheServerFailedNotThatTheNameIsGone() throws IOException {
        resolver.fault("dynamodb.test", new DnsFault.ServFail());

        assertThatThrownBy(() -> get("/hello.txt")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("SERVFAIL").hasMessageNotContaining("NXDOMAIN");

        resolver.clearFault("dynamodb.test");
        assertThat(get("/hello.txt")).isEqualTo(200);
    }

    @Test
    void anEmptyAnswerFailsTheOkHttpCallAndSaysTheAnswerWasEmpty() {
        resolver.fault("dynamodb.test", new DnsFault.EmptyAnswer());

        assertThatThrownBy(() -> get("/hello.txt")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("empty answer");
    }

    @Test
    void faultsAreSwitchedPerHost() throws IOException {
        records.register("other.test", address("127.0.0.1"));
        resolver.fault("other.test", new DnsFault.NxDomain());

        assertThat(resolver.lookup("dynamodb.test")).containsExactly(cdn.address().getAddress());
        assertThat(resolver.fault("other.test")).contains(new DnsFault.NxDomain());
        assertThat(resolver.fault("dynamodb.test")).isEmpty();
    }

    @Test
    void aSlowAnswerHoldsTheLookupUntilTheFaultIsCleared() {
        resolver.fault("dynamodb.test", new DnsFault.Slow(60_000));
        CompletableFuture<List<InetAddress>> lookup = CompletableFuture.supplyAsync(() -> lookupUnchecked(), threads);

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !lookup.isDone());
        resolver.clearFault("dynamodb.test");

        assertThat(lookup).succeedsWithin(Duration.ofSeconds(5)).asList().containsExactly(cdn.address().getAddress());
    }

    @Test
    void aSlowAnswerReplacedByAnotherFaultAnswersAsTheNewFaultSays() {
        resolver.fault("dynamodb.test", new DnsFault.Slow(60_000));
        CompletableFuture<List<InetAddress>> lookup = CompletableFuture.supplyAsync(() -> lookupUnchecked(), threads);
        await().atMost(Duration.ofSeconds(2)).until(() -> resolver.queries("dynamodb.test") == 1);

        resolver.fault("dynamodb.test", new DnsFault.ServFail());

        assertThat(lookup).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("SERVFAIL");
    }

    @Test
    void aShortSlowAnswerArrivesByItselfAfterItsDelay() throws UnknownHostException {
        resolver.fault("dynamodb.test", new DnsFault.Slow(50));
        long started = System.nanoTime();

        assertThat(resolver.lookup("dynamodb.test")).containsExactly(cdn.address().getAddress());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aSlowLookupThatIsInterruptedFailsAsUnknownHost() {
        resolver.fault("dynamodb.test", new DnsFault.Slow(60_000));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                resolver.lookup("dynamodb.test");
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> resolver.queries("dynamodb.test") == 1);
        thread.interrupt();

        assertThat(outcome).succeedsWithin(Duration.ofSeconds(5))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aSlowDelayIsBounded() {
        assertThatThrownBy(() -> new DnsFault.Slow(3_600_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCachedAddressStaysAfterTheRecordMovesUntilTheTtlPasses() throws UnknownHostException {
        records.register("s3.test", address("127.0.0.50"));
        resolver.ttl("s3.test", Duration.ofSeconds(60));
        assertThat(resolver.lookup("s3.test")).containsExactly(address("127.0.0.50"));

        records.register("s3.test", address("127.0.0.51"));
        clock.advance(Duration.ofSeconds(59));
        assertThat(resolver.lookup("s3.test")).as("stale until the TTL passes").containsExactly(address("127.0.0.50"));

        clock.advance(Duration.ofSeconds(1));
        assertThat(resolver.lookup("s3.test")).containsExactly(address("127.0.0.51"));
        assertThat(resolver.queries("s3.test")).isEqualTo(2);
    }

    @Test
    void aCachedEmptyAnswerOutlivesTheFaultUntilTheTtlPasses() throws IOException {
        resolver.ttl("dynamodb.test", Duration.ofSeconds(30));
        resolver.fault("dynamodb.test", new DnsFault.EmptyAnswer());
        assertThatThrownBy(() -> get("/hello.txt")).isInstanceOf(UnknownHostException.class);

        resolver.clearFault("dynamodb.test");
        assertThatThrownBy(() -> get("/hello.txt")).as("recovery gated by the TTL")
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("empty answer");

        clock.advance(Duration.ofSeconds(30));
        assertThat(get("/hello.txt")).isEqualTo(200);
    }

    @Test
    void aCachedAddressHidesANewFaultUntilTheTtlPasses() throws IOException {
        resolver.defaultTtl(Duration.ofSeconds(10));
        assertThat(get("/hello.txt")).isEqualTo(200);

        resolver.fault("dynamodb.test", new DnsFault.NxDomain());
        assertThat(get("/hello.txt")).as("the cached address still works").isEqualTo(200);

        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> get("/hello.txt")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aStaleAnswerPointsAtADeadAddressAndOutlivesItsClearUntilTheTtlPasses() throws IOException {
        resolver.ttl("dynamodb.test", Duration.ofSeconds(30));
        resolver.fault("dynamodb.test", new DnsFault.Stale());
        assertThat(resolver.lookup("dynamodb.test")).containsExactly(address("127.255.255.254"));
        // On the wire: nothing listens at the old address, on the URL's port or any other.
        assertThatThrownBy(() -> get("/hello.txt")).isInstanceOf(java.net.ConnectException.class);

        resolver.clearFault("dynamodb.test");
        clock.advance(Duration.ofSeconds(29));
        assertThat(resolver.lookup("dynamodb.test")).as("cached until the TTL passes")
                .containsExactly(address("127.255.255.254"));
        assertThatThrownBy(() -> get("/hello.txt")).isInstanceOf(java.net.ConnectException.class);

        clock.advance(Duration.ofSeconds(1));
        assertThat(resolver.lookup("dynamodb.test")).containsExactly(cdn.address().getAddress());
        assertThat(get("/hello.txt")).isEqualTo(200);
    }

    @Test
    void aStaleAddressMustBeALoopbackLiteral() {
        assertThatThrownBy(() -> new DnsFault.Stale("10.0.0.1")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new DnsFault.Stale("localhost")).hasMessageContaining("address literal");
    }

    @Test
    void servfailIsNeverCached() throws UnknownHostException {
        resolver.ttl("dynamodb.test", Duration.ofMinutes(5));
        resolver.fault("dynamodb.test", new DnsFault.ServFail());
        assertThatThrownBy(() -> resolver.lookup("dynamodb.test")).hasMessageContaining("SERVFAIL");

        resolver.clearFault("dynamodb.test");
        assertThat(resolver.lookup("dynamodb.test")).containsExactly(cdn.address().getAddress());
    }

    @Test
    void flushForgetsCachedAnswers() throws UnknownHostException {
        records.register("flush.test", address("127.0.0.60"));
        resolver.ttl("flush.test", Duration.ofMinutes(5));
        resolver.lookup("flush.test");
        records.register("flush.test", address("127.0.0.61"));

        resolver.flush();

        assertThat(resolver.lookup("flush.test")).containsExactly(address("127.0.0.61"));
    }

    private List<InetAddress> lookupUnchecked() {
        try {
            return resolver.lookup("dynamodb.test");
        } catch (UnknownHostException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
