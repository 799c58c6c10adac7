package io.outagedrill.client.transfer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the meter hears of each read: how long it waited for the network, which is a pacing mirror's rhythm
 * (StallWatch allows a mirror the silences it has gone on from), not the reader's own time between reads.
 */
@Timeout(30)
class ReadWaitTest {
    private static final int BODY = 64 * 1024;

    @Test
    void eachReadSaysHowLongItWaitedForTheServer() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            // A server that paces its sending: 16 KiB, then 300 ms of silence, four times.
            server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[BODY]))
                    .throttleBody(16 * 1024, 300, TimeUnit.MILLISECONDS).build());
            server.start();
            OkHttpClient client = new OkHttpClient();
            Call call = client.newCall(new Request.Builder().url(server.url("/media")).build());
            ByteBuffer buffer = ReadBuffers.SHARED.take();
            List<Long> waits = new CopyOnWriteArrayList<>();
            try (Response response = call.execute();
                 BodyReader reader = new BodyReader(response, call, buffer, Duration.ofSeconds(5), 0,
                         Duration.ofSeconds(5))) {
                reader.read(BODY, piece -> { }, (n, waited) -> waits.add(waited));
            } finally {
                ReadBuffers.SHARED.give(buffer);
                client.connectionPool().evictAll();
            }

            long longest = waits.stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(Duration.ofNanos(longest)).as("the longest wait of %d reads", waits.size())
                    .isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
            assertThat(waits.stream().filter(w -> w < Duration.ofMillis(50).toNanos()).count())
                    .as("reads of bytes already sent, which waited next to nothing").isPositive();
        }
    }

    /**
     * A slow disk under the reader is not the mirror's silence: a sink that takes 400 ms over its first piece (the
     * stand-in for a write that blocks, not a wait for anything) leaves every read's wait short, where the time
     * between two reads would have counted those 400 ms against the mirror and given it a leash of 800 ms.
     */
    @Test
    void theReadersOwnTimeBetweenReadsIsNotCounted() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[4 * BODY])).build());
            server.start();
            OkHttpClient client = new OkHttpClient();
            Call call = client.newCall(new Request.Builder().url(server.url("/media")).build());
            ByteBuffer buffer = ReadBuffers.SHARED.take();
            List<Long> waits = new CopyOnWriteArrayList<>();
            boolean[] slowed = {false};
            try (Response response = call.execute();
                 BodyReader reader = new BodyReader(response, call, buffer, Duration.ofSeconds(5), 0,
                         Duration.ofSeconds(5))) {
                reader.read(4 * BODY, piece -> {
                    if (!slowed[0]) {
                        slowed[0] = true;
                        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(400).toNanos());
                    }
                }, (n, waited) -> waits.add(waited));
            } finally {
                ReadBuffers.SHARED.give(buffer);
                client.connectionPool().evictAll();
            }

            assertThat(slowed[0]).as("the sink was handed a piece").isTrue();
            assertThat(Duration.ofNanos(waits.stream().mapToLong(Long::longValue).max().orElse(0)))
                    .as("the longest of %d reads' waits, after a 400 ms write", waits.size())
                    .isLessThan(Duration.ofMillis(300));
        }
    }
}
