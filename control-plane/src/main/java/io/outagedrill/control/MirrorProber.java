package io.outagedrill.control;

import io.outagedrill.client.BudgetedSockets;
import io.outagedrill.client.ReadBudget;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Downloads one chunk from one mirror, as a client would (a Range request, identity encoding), and checks it
 * against the chunk's signed SHA-256. The whole probe, from connecting to the last byte, has one time limit,
 * so a mirror that drips or stalls costs a probe round at most that long; and what a mirror may send besides the
 * chunk (headers, chunked framing) is bounded as the client bounds it ({@link ReadBudget}, HTTP/1.1 only), so a
 * mirror sending a chunk-size line without end cannot fill the controller's heap within that limit.
 */
public final class MirrorProber {
    private final OkHttpClient http;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param http    the client to probe with (its TLS trust and DNS; its reads counted and HTTP/1.1 alone offered,
     *                unless it brings a socket factory of its own); redirects are not followed
     * @param timeout the limit on one whole probe
     */
    public MirrorProber(OkHttpClient http, Duration timeout, Clock clock) {
        this.http = BudgetedSockets.bounding(http).followRedirects(false).followSslRedirects(false).build();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The HTTP client probes go through (its trust and DNS), for reading status pages the same way. */
    public OkHttpClient http() {
        return http;
    }

    public ProbeResult probe(Target target, Mirror mirror, int chunk) {
        long start = target.chunkStart(chunk);
        long length = target.chunkLength(chunk);
        long end = start + length - 1;
        Request request = new Request.Builder().url(mirror.url().toString())
                .header("Range", "bytes=" + start + "-" + end)
                .header("Accept-Encoding", "identity")
                .header("Cache-Control", "no-cache")
                .build();
        Call call = http.newCall(request);
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long began = System.nanoTime();
        // The probe's answer is read on this thread: its framing counted here, refilled by each piece of the chunk.
        ReadBudget framing = ReadBudget.arm();
        try (Response response = call.execute()) {
            Duration firstByte = Duration.ofNanos(System.nanoTime() - began);
            if (response.code() != 206) {
                return failed(mirror, chunk, response.code() == 200 ? "answered 200 to a ranged request (ignores Range)"
                        : "HTTP " + response.code());
            }
            // Concatenated: %d writes the locale's digits, which are not ASCII in Arabic or Persian locales.
            String expectedRange = "bytes " + start + "-" + end + "/" + target.size();
            String contentRange = response.header("Content-Range");
            if (!expectedRange.equals(contentRange)) {
                return new ProbeResult.WrongBytes(mirror, clock.instant(), chunk,
                        "Content-Range %s, expected %s".formatted(contentRange, expectedRange));
            }
            String encoding = response.header("Content-Encoding");
            if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
                return failed(mirror, chunk, "Content-Encoding " + encoding + " instead of identity");
            }
            long bodyStart = System.nanoTime();
            String problem = readAndCheck(response.body(), length, target.chunks().get(chunk), framing);
            if (problem != null) {
                return problem.startsWith("truncated") ? failed(mirror, chunk, problem)
                        : new ProbeResult.WrongBytes(mirror, clock.instant(), chunk, problem);
            }
            double seconds = Math.max(System.nanoTime() - bodyStart, 1) / 1e9;
            return new ProbeResult.Healthy(mirror, clock.instant(), chunk, firstByte, length / seconds);
        } catch (InterruptedIOException e) {
            return failed(mirror, chunk, "no complete answer within " + timeout.toMillis() + " ms");
        } catch (ReadBudget.Exceeded e) {
            return failed(mirror, chunk, e.getMessage());
        } catch (IOException e) {
            return failed(mirror, chunk, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            ReadBudget.disarm(); // the thread is the caller's, and may read other things after
        }
    }

    /** Reads at most {@code length + 1} bytes; null when they are exactly the signed chunk, else what was wrong. */
    private static String readAndCheck(ResponseBody body, long length, String expectedSha256, ReadBudget framing)
            throws IOException {
        MessageDigest digest = Sha256.newDigest();
        BufferedSource source = body.source();
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        while (read <= length) {
            int n = source.read(buffer, 0, (int) Math.min(buffer.length, length + 1 - read));
            if (n < 0) {
                break;
            }
            framing.refill();
            if (read + n > length) {
                return "more than the %d bytes asked for".formatted(length);
            }
            digest.update(buffer, 0, n);
            read += n;
        }
        if (read < length) {
            return "truncated after %d of %d bytes".formatted(read, length);
        }
        String actual = Sha256.hex(digest.digest());
        return actual.equals(expectedSha256) ? null
                : "SHA-256 %s, signed %s".formatted(actual.substring(0, 12), expectedSha256.substring(0, 12));
    }

    private ProbeResult failed(Mirror mirror, int chunk, String reason) {
        return new ProbeResult.Failed(mirror, clock.instant(), chunk, reason);
    }
}
