package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Conscrypts;
import io.outagedrill.client.ReadBudget;
import io.outagedrill.client.testing.LoopbackTls;
import io.outagedrill.client.testing.ScriptedMirror;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Connections over Conscrypt's TLS ({@code EngineSocket}) give back every file descriptor they took once closed,
 * whether they ended with their response or were cancelled mid-body. Conscrypt keeps a pipe (two descriptors) in each
 * engine's native state until both its directions are closed: a socket that left the engine open held them until the
 * garbage collector came, so a long download over many connections ran out of descriptors. Isolated: it counts the
 * process's open descriptors, which other tests' servers would change.
 */
@Isolated
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsConnectionDescriptorsTest {
    private static final int CONNECTIONS = 30;
    private static final byte[] CONTENT = TestFiles.bytes(256 * 1024, 3);

    @TempDir
    Path dir;

    private final LoopbackTls tls = new LoopbackTls();

    @Test
    void everyConnectionClosedOrCancelledGivesBackItsFileDescriptors() throws Exception {
        assumeThat(Conscrypts.available()).as("Conscrypt's native library loads here").isTrue();
        assumeThat(Path.of("/proc/self/fd")).as("the process's descriptors are listed (Linux)").isDirectory();
        // A RangeFetcher another class ran on this thread left it armed; these megabytes are no response's framing.
        ReadBudget.disarm();
        try (ScriptedMirror mirror = ScriptedMirror.overTlsPreferringHttp2(tls.serverSockets(), null,
                ScriptedMirror.partial(CONTENT, ""))) {
            OkHttpClient client = HttpClients.builder(tls.caPem(dir), Dns.SYSTEM, TlsProvider.CONSCRYPT).build();
            fetchWhole(client, mirror); // what the first connection sets up once (threads, the TLS context)
            client.connectionPool().evictAll();
            long before = openDescriptors();

            for (int i = 0; i < CONNECTIONS; i++) {
                if (i % 2 == 0) {
                    fetchWhole(client, mirror);
                } else {
                    cancelMidBody(client, mirror);
                }
            }
            client.connectionPool().evictAll();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(openDescriptors())
                    .as("open file descriptors after %d TLS connections, half cancelled mid-body, all closed "
                            + "(%d before them)", CONNECTIONS, before)
                    .isLessThanOrEqualTo(before));
        }
    }

    private static void fetchWhole(OkHttpClient client, ScriptedMirror mirror) throws IOException {
        try (Response response = client.newCall(ranged(mirror)).execute()) {
            assertThat(response.body().bytes()).as("the whole range").hasSize(CONTENT.length);
        }
    }

    private static void cancelMidBody(OkHttpClient client, ScriptedMirror mirror) throws IOException {
        Call call = client.newCall(ranged(mirror));
        try (Response response = call.execute()) {
            InputStream body = response.body().byteStream();
            assertThat(body.read()).as("the body's first byte").isNotNegative();
            call.cancel();
        }
    }

    private static Request ranged(ScriptedMirror mirror) {
        return new Request.Builder().url(mirror.url("/file")).header("Range", "bytes=0-" + (CONTENT.length - 1))
                .build();
    }

    private static long openDescriptors() throws IOException {
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }
}
