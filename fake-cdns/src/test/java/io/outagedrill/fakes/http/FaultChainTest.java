package io.outagedrill.fakes.http;

import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.http.FaultRule.CorruptBytes;
import io.outagedrill.fakes.http.FaultRule.CutShort;
import io.outagedrill.fakes.http.FaultRule.Dribble;
import io.outagedrill.fakes.http.FaultRule.Endless;
import io.outagedrill.fakes.http.FaultRule.Gzip;
import io.outagedrill.fakes.http.FaultRule.IgnoreRange;
import io.outagedrill.fakes.http.FaultRule.Redirect;
import io.outagedrill.fakes.http.FaultRule.Stall;
import io.outagedrill.fakes.http.FaultRule.Status;
import io.outagedrill.fakes.http.FaultRule.SwapContent;
import io.outagedrill.fakes.http.FaultRule.WrongContentRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How the rules acting on one response combine, without a server: the chain and its body stages alone. */
@Timeout(20)
class FaultChainTest {
    static final byte[] BYTES = "0123456789abcdefghij".getBytes();

    final Faults faults = new Faults();

    @Test
    void withoutRulesTheResponseIsHonest() throws IOException {
        FaultedResponse honest = FaultChain.NONE.run();
        HostedContent hosted = HostedContent.ofBytes("a", BYTES);
        assertThat(honest.answer()).isEmpty();
        assertThat(honest.content(hosted)).isSameAs(hosted);
        assertThat(honest.honoursRange()).isTrue();
        assertThat(honest.contentRange(new ByteRange(2, 5), 20)).isEqualTo("bytes 2-5/20");
        assertThat(honest.bodyLength(4)).isEqualTo(4);
        assertThat(honest.announcesLength()).isTrue();
        assertThat(honest.contentEncoding()).isEmpty();
        assertThat(send(honest, 0, BYTES)).isEqualTo(BYTES);
    }

    /**
     * Per client, each client address lets its own first request through and has its own second one failed; over
     * the fleet (the default), the second request of all is the only one.
     */
    @Test
    void aPerClientScopeCountsEachClientsRequestsApart() {
        ActiveFault perClient = faults.add(new Status(503, null), Scope.all().afterRequests(1).once().countPerClient());
        List<Boolean> acted = new ArrayList<>();
        for (String client : List.of("127.0.0.2", "127.0.0.3", "127.0.0.2", "127.0.0.3", "127.0.0.2", "127.0.0.3")) {
            acted.add(!faults.chainFor("/a", null, client).steps().isEmpty());
        }
        assertThat(acted).as("requests from .2, .3, .2, .3, .2, .3").containsExactly(false, false, true, true,
                false, false);
        assertThat(perClient.appliedCount()).isEqualTo(2);
        perClient.clear();

        ActiveFault fleet = faults.add(new Status(503, null), Scope.all().afterRequests(1).once());
        acted.clear();
        for (String client : List.of("127.0.0.2", "127.0.0.3", "127.0.0.2", "127.0.0.3")) {
            acted.add(!faults.chainFor("/a", null, client).steps().isEmpty());
        }
        assertThat(acted).as("over the fleet").containsExactly(false, true, false, false);
        assertThat(fleet.appliedCount()).isEqualTo(1);
    }

    @Test
    void stepsRunInPhaseOrderWhateverTheOrderTheyWereAddedIn() {
        List<ActiveFault> added = List.of(faults.add(new Dribble(1, 1)), faults.add(new Gzip()),
                faults.add(Stall.after(1)), faults.add(CorruptBytes.at(1)), faults.add(new CutShort(1)),
                faults.add(new IgnoreRange()), faults.add(Endless.upTo64MiB()),
                faults.add(new FaultRule.SlowFirstByte(0)));
        List<FaultRule.Phase> phases = FaultChain.of(added).steps().stream().map(s -> s.rule().phase()).toList();
        assertThat(phases).containsExactly(FaultRule.Phase.BEFORE_HEADERS, FaultRule.Phase.CONTENT,
                FaultRule.Phase.RANGE, FaultRule.Phase.BODY_BYTES, FaultRule.Phase.ENCODING,
                FaultRule.Phase.WIRE_CUT, FaultRule.Phase.WIRE_HOLD, FaultRule.Phase.WIRE_PACE);
    }

    @Test
    void theFirstAnswerWinsAndEndsTheChain() throws IOException {
        FaultedResponse response = run(Status.of(503), Status.of(500), Redirect.found("https://x.test/"),
                new IgnoreRange());
        assertThat(response.answer()).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(503));
        assertThat(response.honoursRange()).as("a rule after the answer must not act").isTrue();

        FaultedResponse redirected = run(new Faults(), Redirect.found("https://x.test/"), Status.of(503));
        assertThat(redirected.answer()).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(302));
    }

    @Test
    void ofEveryOtherKindTheFirstAddedActs() throws IOException {
        GeneratedFile first = GeneratedFile.of("first", 10, 1);
        FaultedResponse response = run(new SwapContent(first), new SwapContent(GeneratedFile.of("second", 10, 2)),
                WrongContentRange.shifted(100), WrongContentRange.total(7), new Endless(50), new Endless(60));
        assertThat(response.content(HostedContent.ofBytes("a", BYTES))).isEqualTo(first);
        assertThat(response.contentRange(new ByteRange(0, 9), 20)).isEqualTo("bytes 100-109/20");
        assertThat(response.bodyLength(10)).isEqualTo(50);
        assertThat(response.announcesLength()).isFalse();
    }

    @Test
    void ofTwoRulesOfOneKindOnlyTheOneThatActsCountsAndIsReported() {
        List<FaultEvent> events = new ArrayList<>();
        faults.addListener(events::add);
        ActiveFault first = faults.add(new Dribble(1, 1));
        ActiveFault second = faults.add(new Dribble(2, 1));

        FaultChain chain = faults.chainFor("/a", new ByteRange(0, 9));

        assertThat(chain.steps()).extracting(FaultChain.Step::source).containsExactly(first);
        assertThat(first.appliedCount()).as("applied count of the dribble that acts").isEqualTo(1);
        assertThat(second.appliedCount()).as("applied count of the dribble the first one shadows").isZero();
        assertThat(events).extracting(FaultEvent::faultId).as("rules reported as acting").containsExactly(first.id());
    }

    @Test
    void aShadowedRuleKeepsItsBudgetForARequestItActsOn() {
        ActiveFault first = faults.add(new Dribble(1, 1), Scope.all().once());
        ActiveFault second = faults.add(new Dribble(2, 1), Scope.all().once());

        assertThat(faults.chainFor("/a", null).steps()).extracting(FaultChain.Step::source).containsExactly(first);
        assertThat(faults.chainFor("/a", null).steps()).extracting(FaultChain.Step::source)
                .as("the second dribble, its one request not spent while the first shadowed it")
                .containsExactly(second);
        assertThat(faults.chainFor("/a", null).steps()).isEmpty();
    }

    @Test
    void afterRequestsCountsTheMatchingRequestsARuleDidNotActOnToo() {
        // Two dribbles: the first acts on two requests and shadows the second meanwhile; the second lets two
        // matching requests through first, so it acts from the third. Counted only when consulted, it started at
        // the fifth. The same for a rule an answer replaces.
        ActiveFault first = faults.add(new Dribble(1, 1), Scope.all().times(2));
        ActiveFault second = faults.add(new Dribble(2, 1), Scope.all().afterRequests(2));

        List<ActiveFault> actedOn = new ArrayList<>();
        for (int request = 1; request <= 3; request++) {
            actedOn.add(faults.chainFor("/a", null).steps().getFirst().source());
        }

        assertThat(actedOn).as("the dribble acting on requests 1 to 3").containsExactly(first, first, second);
    }

    @Test
    void rulesThatJoinAllCountAndAreReported() {
        List<FaultEvent> events = new ArrayList<>();
        faults.addListener(events::add);
        ActiveFault first = faults.add(CorruptBytes.at(1));
        ActiveFault second = faults.add(CorruptBytes.at(2));

        faults.chainFor("/a", new ByteRange(0, 9));

        assertThat(List.of(first.appliedCount(), second.appliedCount())).as("applied counts of both corruptions")
                .containsExactly(1L, 1L);
        assertThat(events).extracting(FaultEvent::faultId).containsExactly(first.id(), second.id());
    }

    @Test
    void anAnswerLeavesTheBodyRulesAddedBeforeItUncountedButNotASlowFirstByte() {
        List<FaultEvent> events = new ArrayList<>();
        faults.addListener(events::add);
        ActiveFault dribble = faults.add(new Dribble(1, 1));
        ActiveFault slow = faults.add(new FaultRule.SlowFirstByte(0));
        ActiveFault status = faults.add(Status.of(503));

        FaultChain chain = faults.chainFor("/a", new ByteRange(0, 9));

        assertThat(chain.steps()).extracting(FaultChain.Step::source).containsExactly(slow, status);
        assertThat(dribble.appliedCount()).as("applied count of a dribble the 503 replaces").isZero();
        assertThat(List.of(slow.appliedCount(), status.appliedCount())).containsExactly(1L, 1L);
        assertThat(events).extracting(FaultEvent::faultId).as("rules reported as acting")
                .containsExactly(slow.id(), status.id());
    }

    @Test
    void corruptedOffsetsAddUpAndAByteInBothRulesIsInvertedOnce() throws IOException {
        FaultedResponse response = run(CorruptBytes.at(11, 13), CorruptBytes.at(13, 15));
        byte[] sent = send(response, 10, java.util.Arrays.copyOfRange(BYTES, 10, 20));

        byte[] expected = java.util.Arrays.copyOfRange(BYTES, 10, 20);
        for (int offset : new int[]{11, 13, 15}) {
            expected[offset - 10] = (byte) ~expected[offset - 10];
        }
        assertThat(sent).isEqualTo(expected);
    }

    @Test
    void gzipEncodesTheCorruptedBytesWhateverTheOrderAdded() throws IOException {
        FaultedResponse response = run(new Gzip(), CorruptBytes.at(0));
        assertThat(response.contentEncoding()).hasValue("gzip");
        assertThat(response.announcesLength()).isFalse();
        byte[] sent = send(response, 0, BYTES);

        byte[] corrupted = BYTES.clone();
        corrupted[0] = (byte) ~corrupted[0];
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(sent))) {
            assertThat(in.readAllBytes()).isEqualTo(corrupted);
        }
    }

    @Test
    void aCutCountsEncodedBytes() throws IOException {
        FaultedResponse response = run(new CutShort(12), new Gzip());
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        assertThatThrownBy(() -> write(response, wire, BYTES)).isInstanceOf(ConnectionAbort.class);
        assertThat(wire.toByteArray()).hasSize(12).startsWith((byte) 0x1f, (byte) 0x8b);
    }

    @Test
    void aCutAtTheVeryEndOfTheBodyStillCloses() throws IOException {
        FaultedResponse response = run(new CutShort(BYTES.length));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        assertThatThrownBy(() -> write(response, wire, BYTES)).isInstanceOf(ConnectionAbort.class)
                .hasMessageContaining("after " + BYTES.length);
        assertThat(wire.toByteArray()).isEqualTo(BYTES);
    }

    @Test
    void atTheSameCountACutComesBeforeAStall() throws IOException {
        // A stall that held would hold for a minute and time the test out.
        FaultedResponse response = run(Stall.after(5), new CutShort(5));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        assertThatThrownBy(() -> write(response, wire, BYTES)).isInstanceOf(ConnectionAbort.class)
                .hasMessageContaining("cut short");
        assertThat(wire.toByteArray()).hasSize(5);
    }

    @Test
    void clearingAStallReleasesTheBody() throws Exception {
        ActiveFault stall = faults.add(Stall.after(5));
        FaultedResponse response = FaultChain.of(faults.active()).run();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                write(response, wire, BYTES);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> wire.size() == 5);
        assertThat(sending).as("held after 5 bytes").isNotDone();
        stall.clear();
        sending.get(5, TimeUnit.SECONDS);
        assertThat(wire.toByteArray()).isEqualTo(BYTES);
    }

    @Test
    void aStallThatIsNotClearedClosesWhenItsHoldRunsOut() throws IOException {
        FaultedResponse response = run(new Stall(3, 0));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        assertThatThrownBy(() -> write(response, wire, BYTES)).isInstanceOf(ConnectionAbort.class)
                .hasMessageContaining("stalled after 3");
        assertThat(wire.toByteArray()).hasSize(3);
    }

    @Test
    void dribbledPiecesEndWhereAStallFalls() throws IOException {
        ActiveFault stall = faults.add(Stall.after(5));
        faults.add(new Dribble(3, 1));
        FaultedResponse response = FaultChain.of(faults.active()).run();
        stall.clear(); // released before it holds: the stall passes at once, but still splits the body
        List<Integer> pieces = new ArrayList<>();
        OutputStream wire = new OutputStream() {
            @Override
            public void write(int b) {
                pieces.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pieces.add(len);
            }
        };
        write(response, wire, java.util.Arrays.copyOf(BYTES, 10));
        assertThat(pieces).containsExactly(3, 2, 3, 2);
    }

    private FaultedResponse run(FaultRule... rules) throws IOException {
        return run(faults, rules);
    }

    /** Adds the rules in order, as a test would, and runs the chain of all of them acting on one response. */
    private static FaultedResponse run(Faults faults, FaultRule... rules) throws IOException {
        for (FaultRule rule : rules) {
            faults.add(rule);
        }
        return FaultChain.of(faults.active()).run();
    }

    private static byte[] send(FaultedResponse response, long firstOffset, byte[] bytes) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream body = response.body(wire, firstOffset)) {
            body.write(bytes);
        }
        return wire.toByteArray();
    }

    private static void write(FaultedResponse response, OutputStream wire, byte[] bytes) throws IOException {
        OutputStream body = response.body(wire, 0);
        body.write(bytes);
        body.close();
    }
}
