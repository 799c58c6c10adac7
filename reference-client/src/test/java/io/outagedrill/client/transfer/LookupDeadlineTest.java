package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resolver that never answers for a mirror's name: OkHttp bounds no lookup, so without a limit of the client's
 * own one connection waited on it until the deadline and the honest mirror listed next was never tried.
 */
class LookupDeadlineTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(3 * CHUNK + 99, 5);

    @TempDir
    Path dir;

    private final RecordingListener events = new RecordingListener();

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void aNameThatNeverResolvesFailsAfterTheConnectTimeoutAndTheNextMirrorServes() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        Dns hanging = host -> {
            if (!host.equals("hanging.test")) {
                return Dns.SYSTEM.lookup(host);
            }
            try {
                never.await();
                throw new AssertionError("the latch is never released");
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw new UnknownHostException(host + ": interrupted");
            }
        };
        try (RangeMirror honest = new RangeMirror("honest", CONTENT)) {
            Mirror unanswered = new Mirror("hanging", URI.create("http://hanging.test:9/video.bin"), 1, "", "hanging");
            Target target = TestFiles.target("video.bin", CONTENT, CHUNK, List.of(unanswered, honest.mirror()));
            TransferConfig config = TransferConfig.builder().seed(3).policy("sequential").connections(1)
                    .connectTimeout(Duration.ofMillis(400)).backoffBase(Duration.ofMillis(20)).backoffJitter(0)
                    .maxRetriesPerMirror(1).hedging(false).statusFeeds(false).deadline(Duration.ofSeconds(10))
                    .build();
            DownloadResult result = Downloader.builder().httpClient(new OkHttpClient.Builder().dns(hanging).build())
                    .config(config).listener(events).build()
                    .download(TestFiles.verified(target, 1), DownloadRequest.into(dir));

            assertThat(Sha256.ofFile(result.path())).as("SHA-256 of the delivered file; events:%n%s",
                    events.transcript()).isEqualTo(Sha256.of(CONTENT));
            assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript())
                    .filteredOn(f -> f.mirror().equals("hanging.test")).isNotEmpty().allSatisfy(f -> {
                        assertThat(f.kind()).isEqualTo(FailureKind.DNS);
                        assertThat(f.reason()).contains("no answer within 400 ms");
                    });
            assertThat(interrupted).as("lookups left waiting on the resolver were interrupted").hasPositiveValue();
        } finally {
            never.countDown();
        }
    }

    /**
     * A thread factory may refuse a thread (null, as its contract allows): the lookup then runs on the caller's
     * thread, instead of a NullPointerException that ended the download as a bug in the client (seen when a
     * download's factory refused a slot while another slot was resolving a mirror's name).
     */
    @Test
    void aThreadFactoryThatRefusesLeavesTheLookupToTheCallersThread() throws UnknownHostException {
        java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();
        Thread caller = Thread.currentThread();
        AtomicInteger onCaller = new AtomicInteger();
        Dns answering = host -> {
            if (Thread.currentThread() == caller) {
                onCaller.incrementAndGet();
            }
            return List.of(loopback);
        };

        Dns bounded = io.outagedrill.client.transfer.http.LookupDeadline.wrap(answering, Duration.ofSeconds(5),
                task -> null);

        assertThat(bounded.lookup("mirror.test")).containsExactly(loopback);
        assertThat(onCaller).as("lookups run on the calling thread").hasValue(1);
    }
}
