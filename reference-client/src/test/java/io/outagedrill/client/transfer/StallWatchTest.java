package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.manifest.Mirror;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relative stall rule on its own, with hand-made time and byte counts. */
class StallWatchTest {
    private static final long MS = 1_000_000;
    private static final long CHUNK = 4 << 20;
    /** A frontier (first unverified chunk) that none of a test's attempts holds, unless it says otherwise. */
    private static final int ELSEWHERE = 1_000;

    private final MirrorHealth mirror = new MirrorHealth(new Mirror("a", URI.create("https://a.test/f"), 1, "", "a"),
            0, "a.test");
    private final StallWatch watch = new StallWatch(500 * MS, CHUNK);

    /** An attempt on {@code on} that began receiving at time 0 with the download at {@code total} bytes. */
    private static Attempt receiving(int chunk, MirrorHealth on, long total) {
        Attempt a = new Attempt(chunk, on, false, 0);
        a.progressed(0, total);
        a.phase = Attempt.Phase.RECEIVING;
        return a;
    }

    @Test
    void anIdleConnectionWhosePeersDeliverTwoChunksIsStalledAfterTheFloor() {
        Attempt idle = receiving(0, mirror, 0);
        Attempt busy = receiving(1, mirror, 0);
        idle.progressed(0, 1000);

        busy.progressed(499 * MS, 1000 + 3 * CHUNK);
        assertThat(watch.check(List.of(idle, busy), ELSEWHERE, 1000 + 3 * CHUNK, 499 * MS))
                .as("before the floor").isEmpty();
        busy.progressed(500 * MS, 1001 + 3 * CHUNK);
        assertThat(watch.check(List.of(idle, busy), ELSEWHERE, 1001 + 3 * CHUNK, 500 * MS))
                .as("the busy one keeps going")
                .containsExactly(idle);
        assertThat(idle.stalledReason()).contains("no data for 500 ms").contains("12 MiB");
        assertThat(watch.check(List.of(idle, busy), ELSEWHERE, 1000 + 4 * CHUNK, 600 * MS)).as("judged once").isEmpty();
    }

    @Test
    void aWatcherThatFirstLooksLateStillSeesThePeersBytesSinceTheConnectionWentQuiet() {
        Attempt idle = receiving(0, mirror, 0);
        idle.progressed(5 * MS, 1024);

        assertThat(watch.check(List.of(idle), ELSEWHERE, 1024 + 23 * CHUNK, 900 * MS))
                .as("first look after the peers delivered 23 chunks").containsExactly(idle);
    }

    @Test
    void withoutPeersDeliveringTheFixedStallLimitStaysTheRule() {
        Attempt idle = receiving(0, mirror, 0);

        assertThat(watch.check(List.of(idle), ELSEWHERE, 2 * CHUNK - 1, 10_000 * MS))
                .as("peers delivered under two chunks")
                .isEmpty();
        assertThat(idle.stalledReason()).isNull();
    }

    @Test
    void aByteResetsTheIdleTime() {
        Attempt slow = receiving(0, mirror, 0);
        slow.progressed(400 * MS, 3 * CHUNK);

        assertThat(watch.check(List.of(slow), ELSEWHERE, 3 * CHUNK, 800 * MS))
                .as("400 ms idle since its last byte").isEmpty();
        assertThat(watch.check(List.of(slow), ELSEWHERE, 6 * CHUNK, 900 * MS))
                .as("500 ms idle, peers delivered 3 chunks since")
                .containsExactly(slow);
    }

    @Test
    void onlyBytesReceivedWhileItWasIdleCount() {
        Attempt idle = receiving(0, mirror, 10 * CHUNK);

        assertThat(watch.check(List.of(idle), ELSEWHERE, 11 * CHUNK, 1000 * MS))
                .as("one chunk since it went idle").isEmpty();
    }

    @Test
    void aCancelledAttemptIsNotJudged() {
        Attempt lost = receiving(0, mirror, 0);
        lost.cancel();

        assertThat(watch.check(List.of(lost), ELSEWHERE, 3 * CHUNK, 1000 * MS)).isEmpty();
        assertThat(lost.stalledReason()).isNull();
    }

    /** A mirror that has served a chunk in this download, its first byte after {@code ttfbMillis}. */
    private static MirrorHealth served(long ttfbMillis) {
        MirrorHealth m = new MirrorHealth(new Mirror("b", URI.create("https://b.test/f"), 1, "", "b"), 1, "b.test");
        m.onSuccess(CHUNK, 1_000 * MS, ttfbMillis * MS);
        return m;
    }

    /** An attempt that sent its request at time 0 with the download at {@code total} bytes, no headers yet. */
    private Attempt waiting(MirrorHealth on, long total) {
        Attempt a = new Attempt(0, on, false, 0);
        a.progressed(0, total);
        a.phase = Attempt.Phase.AWAITING_HEADERS;
        return a;
    }

    @Test
    void aRequestWithoutHeadersWhosePeersDeliverTwoChunksIsStalledAfterTheFloor() {
        Attempt idle = waiting(served(10), 0);

        assertThat(watch.check(List.of(idle), ELSEWHERE, 3 * CHUNK, 499 * MS)).as("before the floor").isEmpty();
        assertThat(watch.check(List.of(idle), ELSEWHERE, 3 * CHUNK, 500 * MS)).containsExactly(idle);
        assertThat(idle.stalledReason()).startsWith("no response headers for 500 ms").contains("12 MiB");
    }

    @Test
    void aRequestWithoutHeadersIsNotJudgedWhileAloneOrWhileItsPeersAreSlow() {
        Attempt alone = waiting(served(10), 0);

        assertThat(watch.check(List.of(alone), ELSEWHERE, 0, 10_000 * MS)).as("nobody delivered").isEmpty();
        assertThat(watch.check(List.of(alone), ELSEWHERE, 2 * CHUNK - 1, 10_000 * MS))
                .as("peers under two chunks").isEmpty();
        assertThat(alone.stalledReason()).isNull();
    }

    @Test
    void afterARedirectTheHeaderWaitIsJudgedByTheMirrorItWentTo() {
        Attempt redirected = waiting(served(10), 0); // assigned to a mirror whose headers come in 10 ms
        MirrorHealth cold = served(400); // redirected to one known to take 400 ms: 1600 ms before it is stalled
        redirected.call(new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder().url("https://b.test/f")
                .build()), cold, 0, 0);

        assertThat(watch.check(List.of(redirected), ELSEWHERE, 3 * CHUNK, 1_000 * MS))
                .as("past the assigned mirror's 500 ms floor, within the target's 1600 ms").isEmpty();
        assertThat(watch.check(List.of(redirected), ELSEWHERE, 3 * CHUNK, 1_600 * MS)).containsExactly(redirected);
    }

    @Test
    void theHeaderWaitOnARedirectTargetStartsWithTheHopNotTheFirstRequest() {
        Attempt redirected = waiting(served(10), 0); // asked at 0 ms
        MirrorHealth cold = served(400); // its target takes 400 ms to answer: 1600 ms before it is stalled
        // The redirecting mirror answered 302 at 1000 ms; the request to the target went then.
        redirected.call(new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder().url("https://b.test/f")
                .build()), cold, 1_000 * MS, 0);

        assertThat(watch.check(List.of(redirected), ELSEWHERE, 3 * CHUNK, 2_000 * MS))
                .as("1000 ms after the hop: within the target's 1600 ms, though 2000 ms after the first request")
                .isEmpty();
        assertThat(watch.check(List.of(redirected), ELSEWHERE, 3 * CHUNK, 2_600 * MS)).as("1600 ms after the hop")
                .containsExactly(redirected);
    }

    @Test
    void aMirrorKnownToBeSlowToItsFirstByteWaitsInProportion() {
        MirrorHealth cold = served(400);

        assertThat(watch.headerFloorNanos(cold, false)).as("4 x its 400 ms").isEqualTo(1_600 * MS);
        assertThat(watch.headerFloorNanos(served(10), false)).as("4 x 10 ms is under the floor").isEqualTo(500 * MS);
        Attempt waiting = waiting(cold, 0);
        assertThat(watch.check(List.of(waiting), ELSEWHERE, 20 * CHUNK, 1_599 * MS))
                .as("within 4 x its usual wait").isEmpty();
        assertThat(watch.check(List.of(waiting), ELSEWHERE, 20 * CHUNK, 1_600 * MS)).containsExactly(waiting);
    }

    @Test
    void aMirrorWhoseFirstConnectionWasSlowWaitsTwiceThatThoughItsWarmAnswersAreFast() {
        MirrorHealth m = served(400); // its first chunk: a new connection, TLS handshake and headers on a busy machine
        for (int i = 0; i < 10; i++) {
            m.onSuccess(CHUNK, 1_000 * MS, 5 * MS); // then answers on warm connections
        }

        assertThat(m.timeToFirstByteMillis()).as("the average, pulled down by warm answers").isLessThan(125);
        assertThat(watch.headerFloorNanos(m, false)).as("2 x its slowest 400 ms, above 4 x its average")
                .isEqualTo(800 * MS);
        Attempt newConnection = waiting(m, 0);
        assertThat(watch.check(List.of(newConnection), ELSEWHERE, 20 * CHUNK, 799 * MS)).as("within twice its slowest")
                .isEmpty();
        assertThat(watch.check(List.of(newConnection), ELSEWHERE, 20 * CHUNK, 800 * MS)).containsExactly(newConnection);
    }

    @Test
    void theFrontierChunkIsJudgedAtHalfTheFloorWhileOthersKeepTheWholeFloor() {
        MirrorHealth near = served(5);
        Attempt frontier = receiving(7, near, 0);
        Attempt later = receiving(9, near, 0);

        assertThat(watch.check(List.of(frontier, later), 7, 3 * CHUNK, 249 * MS)).as("before half the floor")
                .isEmpty();
        assertThat(watch.check(List.of(frontier, later), 7, 3 * CHUNK, 250 * MS))
                .as("chunk 7 holds back the whole-file hash; chunk 9 does not").containsExactly(frontier);
        assertThat(frontier.stalledReason()).startsWith("no data for 250 ms");
        assertThat(watch.check(List.of(later), 7, 3 * CHUNK, 499 * MS)).isEmpty();
        assertThat(watch.check(List.of(later), 7, 3 * CHUNK, 500 * MS)).containsExactly(later);
    }

    @Test
    void theFrontiersFloorStaysAboveARetransmissionAfterALostPacket() {
        assertThat(watch.bodyFloorNanos(served(5), true)).as("half the floor: 200 ms + 2 x 5 ms is under it")
                .isEqualTo(250 * MS);
        assertThat(watch.bodyFloorNanos(served(60), true)).as("200 ms + 2 x 60 ms, a far mirror's round trip")
                .isEqualTo(320 * MS);
        assertThat(watch.bodyFloorNanos(served(200), true)).as("never above the whole floor").isEqualTo(500 * MS);
        assertThat(watch.bodyFloorNanos(mirror, true)).as("its first chunk: no first-byte time to go by")
                .isEqualTo(500 * MS);
        assertThat(watch.bodyFloorNanos(served(5), false)).as("any chunk but the frontier: the whole floor")
                .isEqualTo(500 * MS);

        Attempt far = receiving(0, served(60), 0);
        assertThat(watch.check(List.of(far), 0, 3 * CHUNK, 319 * MS)).as("a lost packet's silence").isEmpty();
        assertThat(watch.check(List.of(far), 0, 3 * CHUNK, 320 * MS)).containsExactly(far);
    }

    @Test
    void theFrontierChunkStillNeedsItsPeersToDeliverTwoChunks() {
        Attempt frontier = receiving(0, served(5), 0);

        assertThat(watch.check(List.of(frontier), 0, 2 * CHUNK - 1, 10_000 * MS)).as("peers under two chunks")
                .isEmpty();
    }

    @Test
    void theFrontierChunksHeaderWaitIsHalvedOnlyDownToItsMirrorsOwnFirstByteTimes() {
        Attempt fast = waiting(served(10), 0);
        assertThat(watch.check(List.of(fast), 0, 3 * CHUNK, 249 * MS)).isEmpty();
        assertThat(watch.check(List.of(fast), 0, 3 * CHUNK, 250 * MS)).as("4 x 10 ms is under half the floor")
                .containsExactly(fast);

        Attempt cold = waiting(served(400), 0);
        assertThat(watch.check(List.of(cold), 0, 20 * CHUNK, 1_599 * MS)).as("4 x its 400 ms still holds")
                .isEmpty();
        assertThat(watch.check(List.of(cold), 0, 20 * CHUNK, 1_600 * MS)).containsExactly(cold);
    }

    @Test
    void aMirrorsFirstAnswerIsLeftToTheFirstByteLimit() {
        Attempt first = waiting(mirror, 0);

        assertThat(watch.check(List.of(first), ELSEWHERE, 100 * CHUNK, 10_000 * MS))
                .as("a mirror that has not served yet: no wait of its own to compare with").isEmpty();
        assertThat(first.stalledReason()).isNull();
    }

    @Test
    void aWholeFileStreamIsNeitherAHeaderWaitNorAChunkBody() {
        Attempt streaming = new Attempt(0, mirror, false, 0);
        streaming.progressed(0, 0);

        assertThat(watch.check(List.of(streaming), ELSEWHERE, 20 * CHUNK, 10_000 * MS)).isEmpty();
    }

    /**
     * A connection whose thread has fallen behind (not scheduled on a busy machine, or writing to a slow disk) is
     * silent too, but its mirror's bytes wait unread in its socket: neither cut nor taken over while they do, and
     * judged as before once they have been read. A real loopback connection, its bytes sent and not read.
     */
    @Test
    void aConnectionWithBytesWaitingUnreadIsTheReadersSilenceNotTheMirrors() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.Socket client = io.outagedrill.client.BudgetedSockets.direct().createSocket()) {
            client.connect(server.getLocalSocketAddress(), 5_000);
            try (java.net.Socket sending = server.accept()) {
                sending.getOutputStream().write(new byte[1000]);
                sending.getOutputStream().flush();
                Attempt behind = receiving(7, served(5), 0);
                behind.socket = io.outagedrill.client.transfer.http.SocketSeen.of(client);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> behind.waitingUnread() == 1000);

                assertThat(watch.check(List.of(behind), ELSEWHERE, 20 * CHUNK, 10_000 * MS))
                        .as("silent 10 s while the peers delivered 20 chunks, 1000 bytes waiting unread").isEmpty();
                assertThat(watch.takeoverDue(List.of(behind), 7, 20 * CHUNK, 10_000 * MS))
                        .as("the frontier's attempt, its bytes waiting unread").isNull();
                assertThat(behind.stalledReason()).isNull();

                client.getInputStream().readNBytes(1000);
                assertThat(watch.takeoverDue(List.of(behind), 7, 20 * CHUNK, 10_000 * MS))
                        .as("read up, and nothing more sent").isSameAs(behind);
                assertThat(watch.check(List.of(behind), 7, 20 * CHUNK, 10_000 * MS))
                        .as("read up, and nothing more sent").containsExactly(behind);
            }
        }
    }

    /**
     * A mirror that paces its sending (nginx's limit_rate: bursts, then pauses of some 270 ms) and went on after a
     * 300 ms silence is allowed twice that before a cut and that before a takeover of the frontier chunk; a mirror
     * that has shown no such silence is cut and taken over as before, and no mirror's allowance passes four floors.
     */
    @Test
    void aMirrorThatPacesItsSendingIsAllowedItsRhythmButNoMoreThanFourFloors() {
        MirrorHealth paced = served(5);
        paced.resumedAfter(300 * MS);
        Attempt frontier = receiving(7, paced, 0);
        Attempt other = receiving(9, paced, 0);

        assertThat(watch.takeoverDue(List.of(frontier), 7, 3 * CHUNK, 299 * MS)).as("taken over at 299 ms").isNull();
        assertThat(watch.takeoverDue(List.of(frontier), 7, 3 * CHUNK, 300 * MS)).as("at 300 ms").isSameAs(frontier);
        assertThat(watch.check(List.of(frontier, other), 7, 3 * CHUNK, 599 * MS)).as("cut at 599 ms").isEmpty();
        assertThat(watch.check(List.of(frontier, other), 7, 3 * CHUNK, 600 * MS)).as("cut at 600 ms")
                .containsExactlyInAnyOrder(frontier, other);

        MirrorHealth steady = served(5);
        assertThat(watch.bodyFloorNanos(steady, true)).as("the frontier floor of a mirror never silent")
                .isEqualTo(250 * MS);
        assertThat(watch.bodyFloorNanos(steady, false)).isEqualTo(500 * MS);
        MirrorHealth frozenOnce = served(5);
        frozenOnce.resumedAfter(4_000 * MS);
        assertThat(watch.bodyFloorNanos(frozenOnce, false)).as("after a 4 s silence gone on from: four floors")
                .isEqualTo(2_000 * MS);
    }

    @Test
    void theFrontierChunkIsDueForATakeoverAfterAQuarterOfTheFloorOnceItsPeersDeliveredAChunk() {
        Attempt frontier = receiving(7, served(5), 0);
        Attempt later = receiving(9, served(5), 0);

        assertThat(watch.takeoverDue(List.of(frontier, later), 7, 3 * CHUNK, 124 * MS)).as("before 125 ms").isNull();
        assertThat(watch.takeoverDue(List.of(frontier, later), 7, CHUNK - 1, 200 * MS))
                .as("the peers delivered under a chunk").isNull();
        assertThat(watch.takeoverDue(List.of(later, frontier), 7, CHUNK, 125 * MS))
                .as("a quarter of the 500 ms floor, the peers a chunk: only the frontier's attempt")
                .isSameAs(frontier);
        assertThat(watch.takeoverDue(List.of(later), 7, 3 * CHUNK, 10_000 * MS))
                .as("no other chunk is ever taken over").isNull();
        assertThat(frontier.stalledReason()).as("a takeover is not a cut").isNull();
    }

    @Test
    void noTakeoverOfAHedgeAnAttemptTakenOverAlreadyOrCutOrOnAMirrorThatHasNotServed() {
        Attempt hedge = new Attempt(7, served(5), true, 0);
        hedge.progressed(0, 0);
        hedge.phase = Attempt.Phase.RECEIVING;
        Attempt takenOver = receiving(7, served(5), 0);
        takenOver.supersede();
        Attempt cut = receiving(7, served(5), 0);
        cut.stall("cut");
        Attempt firstChunk = receiving(7, mirror, 0);

        for (Attempt a : List.of(hedge, takenOver, cut, firstChunk)) {
            assertThat(watch.takeoverDue(List.of(a), 7, 100 * CHUNK, 10_000 * MS)).as("hedge %s, taken over %s, "
                    + "cut %s", a.hedge, a.superseded(), a.stalledReason()).isNull();
        }
    }

    @Test
    void aHeaderWaitIsTakenOverNoSoonerThanTwiceItsMirrorsFirstByteAndItsSlowest() {
        Attempt near = waiting(served(5), 0);
        Attempt cold = waiting(served(300), 0);

        assertThat(watch.takeoverDue(List.of(near), 0, 3 * CHUNK, 125 * MS)).as("2 x 5 ms is under 125 ms")
                .isSameAs(near);
        assertThat(watch.takeoverDue(List.of(cold), 0, 3 * CHUNK, 599 * MS)).as("an edge that answers in 300 ms")
                .isNull();
        assertThat(watch.takeoverDue(List.of(cold), 0, 3 * CHUNK, 600 * MS)).isSameAs(cold);
    }

    @Test
    void anAttemptTakenOverIsStillJudgedAtTheFrontiersFloor() {
        Attempt takenOver = receiving(7, served(5), 0);
        takenOver.supersede();

        assertThat(watch.check(List.of(takenOver), 8, 3 * CHUNK, 249 * MS)).isEmpty();
        assertThat(watch.check(List.of(takenOver), 8, 3 * CHUNK, 250 * MS))
                .as("the frontier has moved on past its chunk, but it is judged as the frontier it was")
                .containsExactly(takenOver);
    }

    @Test
    void aShortFloorsTakeoverWaitsNoLessThanATenthOfASecond() {
        StallWatch quick = new StallWatch(100 * MS, CHUNK);
        Attempt frontier = receiving(7, served(5), 0);

        assertThat(quick.takeoverDue(List.of(frontier), 7, 3 * CHUNK, 99 * MS))
                .as("a quarter of 100 ms would be 25 ms: a busy machine's scheduling hiccup").isNull();
        assertThat(quick.takeoverDue(List.of(frontier), 7, 3 * CHUNK, 100 * MS)).isSameAs(frontier);
    }
}
