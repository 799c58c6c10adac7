package io.outagedrill.client.manifest;

import io.outagedrill.client.ConnectCancel;
import io.outagedrill.client.Durations;
import io.outagedrill.client.Printable;
import io.outagedrill.client.BudgetedSockets;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.ReadBudget;
import io.outagedrill.client.OkHttpHeaderGuard;
import io.outagedrill.client.UndeclaredInterrupt;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.ListenerGuard;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Gets one usable manifest from a list of replicas: {@code https://} URLs or local file paths, tried in order.
 * The first that verifies wins; every failure on the way (HTTP error, unreachable, rejected) is reported to the
 * listener as {@link DownloadEvent.ManifestRejected}, so one dead or lying replica never hides the others.
 * A location whose path ends in {@code .meta4} is read as an unsigned Metalink; anything else must be a
 * compact JWS.
 *
 * <p>What a hostile replica can not do: send more than {@link #MAX_BYTES} (the read stops there), make the
 * client decompress anything ({@code Accept-Encoding: identity} is sent and any other
 * {@code Content-Encoding} is refused), or redirect it elsewhere (redirects are not followed; say the final
 * URL in the list instead), or hold it on one copy for longer than the per-copy time limit (a replica that
 * drips its body slowly enough to pass every read timeout is abandoned when the limit expires, and the next
 * copy is tried). Plain {@code http://} locations are accepted only when the verifier's options
 * allow plain HTTP (loopback tests).
 */
public final class ManifestFetcher {

    /** The most bytes read from one replica: the largest JWS the verifier accepts. */
    public static final long MAX_BYTES = ManifestVerifier.MAX_JWS_BYTES;

    /**
     * How long fetching one manifest copy may take, headers and body together, unless the caller sets another
     * limit. A manifest is at most {@link #MAX_BYTES}, so a healthy replica answers far faster; a replica still
     * sending after this long is treated as unreachable so the next copy gets its turn.
     */
    public static final Duration DEFAULT_COPY_TIME_LIMIT = Duration.ofSeconds(10);

    private final OkHttpClient http;
    private final ManifestVerifier verifier;
    private final MetalinkReader metalink;
    private final DownloadListener listener;
    private final Clock clock;
    private final Duration copyTimeLimit;

    /** Like {@link #ManifestFetcher(OkHttpClient, ManifestVerifier, DownloadListener, Clock, Duration)} with
     * {@link #DEFAULT_COPY_TIME_LIMIT}. */
    public ManifestFetcher(OkHttpClient http, ManifestVerifier verifier, DownloadListener listener, Clock clock) {
        this(http, verifier, listener, clock, DEFAULT_COPY_TIME_LIMIT);
    }

    /**
     * @param http          the client to fetch with; its DNS, TLS and connect/read timeouts apply, but redirects
     *                      are switched off and its call timeout is replaced by {@code copyTimeLimit}
     * @param verifier      checks JWS replicas (and gives the parse options for Metalink ones)
     * @param listener      receives one event per rejected replica and one for the accepted manifest
     * @param clock         timestamps the events
     * @param copyTimeLimit the most one remote copy may take, from the request to the last body byte; read
     *                      timeouts alone can not stop a replica that sends one byte just before each expires
     */
    public ManifestFetcher(OkHttpClient http, ManifestVerifier verifier, DownloadListener listener, Clock clock,
                           Duration copyTimeLimit) {
        if (copyTimeLimit.isNegative() || copyTimeLimit.isZero()) {
            throw new IllegalArgumentException("expected a positive time limit per manifest copy, saw " + copyTimeLimit);
        }
        this.copyTimeLimit = copyTimeLimit;
        // The guard: a replica's negative Content-Length or outsized Retry-After is that replica's failure, not an
        // exception out of the fetcher before the next replica is tried; an interrupt while connecting is an interrupt.
        this.http = OkHttpHeaderGuard.install(UndeclaredInterrupt.install(BudgetedSockets.bounding(http)))
                .followRedirects(false).followSslRedirects(false).callTimeout(copyTimeLimit).build();
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.metalink = new MetalinkReader(verifier.options());
        this.listener = ListenerGuard.of(Objects.requireNonNull(listener, "listener")); // a listener never ends a fetch
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Tries each location in order and returns the first manifest that passes every check.
     *
     * @throws ManifestRejectedException when none does; the message lists each replica and why, the reason is
     *                                   that of the last manifest actually received and rejected, or
     *                                   {@link Reason#UNREACHABLE} if no replica delivered one
     */
    public VerifiedManifest fetch(List<String> locations) {
        return fetchWithBytes(locations).manifest();
    }

    /**
     * A manifest that passed verification with the exact bytes it came in, for a caller that keeps it (the
     * manifest cache stores these bytes and verifies them again before each use).
     */
    public record Fetched(VerifiedManifest manifest, byte[] bytes) {
    }

    /** {@link #fetch} that also returns the bytes the accepted manifest came in. */
    public Fetched fetchWithBytes(List<String> locations) {
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("expected at least one manifest location, saw none");
        }
        mixProblem(locations).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        List<String> failures = new ArrayList<>();
        Reason reason = Reason.UNREACHABLE;
        String file = null;
        for (String location : locations) {
            try {
                Fetched fetched = fetchOne(location);
                VerifiedManifest manifest = fetched.manifest();
                Manifest m = manifest.manifest();
                listener.on(new DownloadEvent.ManifestAccepted(clock.instant(), m.file(), m.target().size(),
                        m.version(), manifest.keyId(), manifest.signed(), location, m.routed()));
                return fetched;
            } catch (ManifestRejectedException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // Stopped (Ctrl-C, a cancelled job) while this copy came: no fault of the copy's, nor a reason to
                    // try the next; not told as a refusal. The caller sees its thread interrupted and ends as such.
                    throw new ManifestRejectedException(Reason.UNREACHABLE, "interrupted while fetching the manifest "
                            + "from " + ManifestRules.printable(location), e);
                }
                failures.add("%s: %s (%s)".formatted(location, e.getMessage(), e.reason()));
                if (e.reason() != Reason.UNREACHABLE) {
                    reason = e.reason();
                    file = e.file().orElse(file);
                }
                listener.on(new DownloadEvent.ManifestRejected(clock.instant(), location, e.reason().name(),
                        e.getMessage()));
            }
        }
        throw new ManifestRejectedException(reason, "no usable manifest among %d replica(s):%n  - %s".formatted(
                locations.size(), String.join(System.lineSeparator() + "  - ", failures)), file);
    }

    /** Whether fetching {@code location} asks the network ({@code https://} or {@code http://}), not a file. */
    public static boolean isRemote(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /** Whether {@code location} is read as an unsigned Metalink: its path (without a URL's query) ends in .meta4. */
    public static boolean isMetalink(String location) {
        HttpUrl url = isRemote(location) ? HttpUrl.parse(location) : null;
        String path = url != null ? url.encodedPath() : location;
        return path.toLowerCase(Locale.ROOT).endsWith(".meta4");
    }

    /**
     * Why {@code locations} cannot be replicas of one another, if so: signed manifests and unsigned Metalink files
     * together would let a signed replica that fails (unreachable, or refused for a reason the signature gave)
     * fall back to an unsigned one, which whoever serves it can write.
     */
    public static java.util.Optional<String> mixProblem(List<String> locations) {
        long unsigned = locations.stream().filter(ManifestFetcher::isMetalink).count();
        if (unsigned == 0 || unsigned == locations.size()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(("%d signed manifest(s) and %d unsigned .meta4 file(s) given as replicas: a "
                + "signed one that failed would fall back to an unsigned one, which anyone serving it can write; "
                + "give signed manifests only, or .meta4 files only").formatted(locations.size() - unsigned, unsigned));
    }

    private Fetched fetchOne(String location) {
        boolean remote = isRemote(location);
        byte[] bytes = remote ? download(location) : readFile(location);
        if (isMetalink(location)) {
            VerifiedManifest unsigned = metalink.read(bytes, location);
            verifier.requireExpectedFile(unsigned.manifest());
            return new Fetched(unsigned, bytes);
        }
        return new Fetched(verifier.verify(bytes, location), bytes);
    }

    private byte[] download(String location) {
        HttpUrl url = HttpUrl.parse(location);
        if (url == null) {
            throw new ManifestRejectedException(Reason.MALFORMED, "expected a valid URL, saw " + location);
        }
        if (!url.isHttps() && !verifier.options().allowPlainHttp()) {
            throw new ManifestRejectedException(Reason.INSECURE_MIRROR,
                    "expected an https URL, saw plain http (allowed only when explicitly enabled, for loopback tests)");
        }
        Request request = new Request.Builder().url(url).header("Accept-Encoding", "identity").build();
        Call call = http.newCall(request);
        // The copy's time limit cancels it, a connect in progress too; a TLS handshake ends at the connect timeout.
        ConnectCancel connecting = ConnectCancel.watch(http, call);
        // The whole answer may send at most a manifest's worth beyond OkHttp's header limit and framing: a chunk-size
        // line that never ends stops there, not at the copy's time limit with the heap full.
        ReadBudget.arm(MAX_BYTES + ReadBudget.FRAMING_LIMIT);
        try (Response response = call.execute()) {
            if (!response.isSuccessful()) {
                String redirect = response.isRedirect() ? " (redirects are not followed)" : "";
                throw new ManifestRejectedException(Reason.UNREACHABLE, "expected HTTP 200, saw HTTP %d %s%s"
                        .formatted(response.code(), Printable.quoted(response.message()), redirect).replace("  ", " "));
            }
            String encoding = response.header("Content-Encoding", "identity");
            if (!encoding.equalsIgnoreCase("identity")) {
                throw new ManifestRejectedException(Reason.MALFORMED,
                        "expected an unencoded body (Accept-Encoding: identity was sent), saw Content-Encoding: "
                                + Printable.quoted(encoding));
            }
            return readBounded(response.body());
        } catch (IOException e) {
            if (connecting.handshakeTimedOut()) {
                throw new ManifestRejectedException(Reason.UNREACHABLE, "unreachable: connect timed out: the TLS "
                        + "handshake did not finish within " + Durations.words(connecting.handshakeLimit()), e);
            }
            if (call.isCanceled()) { // nothing but the call timeout cancels this call
                throw new ManifestRejectedException(Reason.UNREACHABLE, ("gave up on the copy at %s: fetching it "
                        + "(headers and body) took longer than the limit of %d ms per manifest copy")
                        .formatted(ManifestRules.printable(location), copyTimeLimit.toMillis()), e);
            }
            if (e instanceof InterruptedIOException) {
                throw new ManifestRejectedException(Reason.UNREACHABLE, "timed out or interrupted: " + e.getMessage(), e);
            }
            throw new ManifestRejectedException(Reason.UNREACHABLE, "unreachable: " + describe(e), e);
        } finally {
            ReadBudget.disarm(); // the caller's thread: counted no longer once the response is closed
        }
    }

    /** Counts bytes itself: a Content-Length can lie, and a body can be endless. */
    private static byte[] readBounded(ResponseBody body) throws IOException {
        long declared = body.contentLength();
        if (declared > MAX_BYTES) {
            throw tooLarge("Content-Length: " + declared);
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 8192) != -1) {
            if (buffer.size() > MAX_BYTES) {
                throw tooLarge("more than that, reading stopped");
            }
        }
        return buffer.readByteArray();
    }

    private static ManifestRejectedException tooLarge(String seen) {
        return new ManifestRejectedException(Reason.MALFORMED,
                "expected a manifest of at most %d bytes, saw %s".formatted(MAX_BYTES, seen));
    }

    private static byte[] readFile(String location) {
        try {
            Path path = Path.of(location);
            if (Files.isDirectory(path)) {
                throw new ManifestRejectedException(Reason.UNREACHABLE, "is a folder, not a manifest file");
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw tooLarge(size + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ManifestRejectedException(Reason.UNREACHABLE, "no such file", e);
        } catch (InvalidPathException e) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "expected an https URL or a file path, saw " + ManifestRules.printable(location), e);
        } catch (IOException e) {
            // In words ("permission denied: movie.jws"), not the exception's class and bare path.
            throw new ManifestRejectedException(Reason.UNREACHABLE, "cannot read: " + IoErrors.describe(e), e);
        }
    }

    /** The exception's message may quote the replica (a status line OkHttp could not parse): escaped and cut. */
    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + Printable.oneLine(e.getMessage());
    }
}
