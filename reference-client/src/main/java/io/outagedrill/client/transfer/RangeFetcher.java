package io.outagedrill.client.transfer;

import io.outagedrill.client.ConnectCancel;
import io.outagedrill.client.Durations;
import io.outagedrill.client.Printable;
import io.outagedrill.client.ReadBudget;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.transfer.http.ContentRange;
import io.outagedrill.client.transfer.http.FetchFailure;
import io.outagedrill.client.transfer.http.HeaderDeadline;
import io.outagedrill.client.transfer.http.PooledConnectionWatch;
import io.outagedrill.client.transfer.http.RetryAfter;
import io.outagedrill.client.transfer.http.SocketSeen;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends one ranged request and checks the answer against everything a hostile or broken mirror can do
 * (a hostile mirror's tricks: wrong ranges, endless data, compression bombs): status, {@code Content-Range} equal to the range asked with the signed total,
 * {@code Content-Length}, {@code Content-Encoding}, ETag continuity, and redirects, which are followed only to
 * URLs that are themselves mirrors in the signed manifest.
 *
 * <p>After a redirect, what goes wrong is the target's: a failure on a later hop (a refused connection, a bad
 * answer) is an {@link AttributedFailure} on the mirror that failed (the attempt's runner words it as reached
 * through the redirect). The header limit is the whole request's, redirects included: when it runs out, the mirror
 * whose hop took the longest is blamed, the redirecting one if its slow redirects spent it.
 *
 * <p>A redirect to a mirror that is itself failing in this download (given up, or backing off after a failure) is
 * not followed: the redirecting mirror fails instead, for sending the client to a known-broken place. Otherwise a
 * mirror that always redirects to a dead one would never fail itself, and a policy that stays on it (sequential)
 * would retry the dead one through it until the deadline.
 */
final class RangeFetcher {
    private static final int MAX_REDIRECTS = 3;
    /**
     * How often one request is sent again after meeting a pooled connection its mirror had closed: each such
     * connection is dropped, and the pool may hold several idle ones to the mirror, all closed together.
     */
    private static final int MAX_RESENT = 4;
    private static final String USER_AGENT = "outage-drill-reference-client/0.1";
    /**
     * OkHttp's (5.5.1) limit on the header lines of one response, informational (1xx) answers before it included.
     * Past it OkHttp fails as it does for a connection closed before the headers ("unexpected end of stream"), so
     * what was read tells the two apart: no honest answer sends this much before its headers end.
     */
    private static final long OKHTTP_HEADER_LIMIT = 256 * 1024;

    private final OkHttpClient client;
    private final Target target;
    private final List<MirrorHealth> mirrors;
    private final Clock clock;
    private final Duration headerLimit;

    RangeFetcher(OkHttpClient client, Target target, List<MirrorHealth> mirrors, Clock clock,
                 Duration headerLimit) {
        this.client = client;
        this.headerLimit = headerLimit;
        this.target = target;
        this.mirrors = mirrors;
        this.clock = clock;
    }

    /**
     * Requests {@code length} bytes at {@code offset} from {@code mirror}. {@code onCall} receives each call
     * before it starts so that the engine can cancel it (a hedge that lost, a download that ended), with the mirror
     * it goes to (another one after a redirect), whose headers are then awaited.
     */
    OpenedRange open(MirrorHealth mirror, long offset, long length, BiConsumer<Call, MirrorHealth> onCall)
            throws FetchFailure {
        MirrorHealth asked = mirror;
        int resent = 0;
        // One limit for the whole request, every redirect hop and every call sent again included.
        HeaderDeadline deadline = HeaderDeadline.of(headerLimit);
        RedirectHops hops = new RedirectHops();
        for (int hop = 0; ; hop++) {
            Request request = request(asked, offset, length);
            Call call = client.newCall(request);
            deadline.watch(call);
            ConnectCancel connecting = ConnectCancel.watch(client, call);
            PooledConnectionWatch pooled = PooledConnectionWatch.watch(call);
            onCall.accept(call, asked);
            long started = System.nanoTime();
            Response response;
            ReadBudget budget = ReadBudget.arm(); // this thread reads the answer: its framing is bounded
            try {
                response = call.execute();
            } catch (IOException e) {
                hops.took(asked, System.nanoTime() - started);
                FetchFailure endlessHeaders = endlessHeaders(budget, e);
                // Sent again within what is left of the header limit: the limit bounds the request's whole wait.
                if (!deadline.expired() && endlessHeaders == null && pooled.foundClosed(call, e) && resent < MAX_RESENT
                        && deadline.hasTimeLeft()) {
                    resent++;
                    hops.sentAgain();
                    hop--; // the same hop again, on another connection: the mirror closed an idle one, no failure
                    continue;
                }
                if (deadline.expired()) {
                    throw headersTooSlow(deadline, hops, e);
                }
                FetchFailure failure = endlessHeaders != null ? endlessHeaders
                        : connecting.handshakeTimedOut() ? handshakeTooSlow(connecting, e)
                        : classify(asked, e, "before any response");
                throw asked == mirror ? failure : new AttributedFailure(asked, failure);
            }
            long ttfb = System.nanoTime() - started;
            hops.took(asked, ttfb);
            try {
                if (deadline.expired()) {
                    // The headers completed just as the limit cancelled the call: its body is unreadable.
                    throw headersTooSlow(deadline, hops, null);
                }
                if (response.isRedirect()) {
                    MirrorHealth next = redirectTarget(asked, response);
                    response.close();
                    if (hop >= MAX_REDIRECTS) { // this is redirect hop + 1: MAX_REDIRECTS are followed
                        throw new FetchFailure(FailureKind.HTTP_STATUS,
                                "more than %d redirects between mirrors".formatted(MAX_REDIRECTS));
                    }
                    asked = next;
                    continue;
                }
                return check(call, response, asked, offset, length, ttfb);
            } catch (AttributedFailure e) {
                response.close();
                throw e;
            } catch (FetchFailure | RuntimeException e) {
                response.close();
                if (e instanceof FetchFailure failure) {
                    throw new AttributedFailure(asked, failure);
                }
                throw e;
            }
        }
    }

    /**
     * The header limit ran out over the request's hops: a mirror failure like any first-byte timeout, so failover
     * follows. It is blamed on the mirror whose hop took the longest (not always the one awaited when the limit ran
     * out, which may have had only the redirecting mirror's leftovers), and the words list every hop's time.
     */
    private static AttributedFailure headersTooSlow(HeaderDeadline deadline, RedirectHops hops, IOException cause) {
        return new AttributedFailure(hops.slowest(), new FetchFailure(FailureKind.FIRST_BYTE_TIMEOUT,
                deadline.describe() + hops.describe(), cause));
    }

    /** The TLS handshake outlasted the connect timeout: a connect failure, named as the user's limit. */
    private static FetchFailure handshakeTooSlow(ConnectCancel connecting, IOException e) {
        return new FetchFailure(FailureKind.CONNECT, "connect timed out: the TLS handshake did not finish within %s"
                .formatted(Durations.words(connecting.handshakeLimit())), e);
    }

    /** The mirrors one request went through, each with the time its hop took (calls sent again summed). */
    private static final class RedirectHops {
        private final List<MirrorHealth> mirrors = new ArrayList<>();
        private final List<Long> nanos = new ArrayList<>();
        private boolean again;

        /** The hop to {@code to} took {@code took} (a call sent again after {@link #sentAgain} adds to the last). */
        void took(MirrorHealth to, long took) {
            int last = mirrors.size() - 1;
            if (again && last >= 0) {
                nanos.set(last, nanos.get(last) + took);
            } else {
                mirrors.add(to);
                nanos.add(took);
            }
            again = false;
        }

        /** The next call is the last hop's request sent again: its time adds to that hop's. */
        void sentAgain() {
            again = true;
        }

        /** The mirror whose hop took the longest; the first of equals. */
        MirrorHealth slowest() {
            int slowest = 0;
            for (int i = 1; i < nanos.size(); i++) {
                if (nanos.get(i) > nanos.get(slowest)) {
                    slowest = i;
                }
            }
            return mirrors.get(slowest);
        }

        /** Nothing for a request without redirects; else each hop's mirror and time, such as ", over 1 redirect (...)". */
        String describe() {
            if (mirrors.size() < 2) {
                return "";
            }
            StringBuilder words = new StringBuilder(", counting its %d redirect%s (".formatted(mirrors.size() - 1,
                    mirrors.size() == 2 ? "" : "s"));
            for (int i = 0; i < mirrors.size(); i++) {
                words.append(i == 0 ? "" : ", ").append(mirrors.get(i).label()).append(' ')
                        .append(Durations.words(Duration.ofNanos(nanos.get(i))))
                        .append(i < mirrors.size() - 1 ? " to redirect" : " without answering");
            }
            return words.append("): the limit covers the whole request").toString();
        }
    }

    /**
     * The mirror's failure when the headers failed past OkHttp's limit on them (endless header lines, or informational
     * 1xx answers one after another), else null. OkHttp words it as a connection that ended before any response,
     * which read as the network's fault and, on a pooled connection, sent the request again.
     */
    private static FetchFailure endlessHeaders(ReadBudget budget, IOException e) {
        if (e instanceof ReadBudget.Exceeded || budget.spent() <= OKHTTP_HEADER_LIMIT) {
            return null; // the budget's own failure says what it cut (classify)
        }
        return new FetchFailure(FailureKind.TOO_MUCH_DATA, ("sent %d bytes without ending its response headers "
                + "(header lines, or informational 1xx answers, past the limit of %d KiB); reading stopped")
                .formatted(budget.spent(), OKHTTP_HEADER_LIMIT / 1024), e);
    }

    /** A failure to blame on a mirror other than the one asked (after a redirect to another mirror). */
    static final class AttributedFailure extends FetchFailure {
        private final MirrorHealth mirror;

        AttributedFailure(MirrorHealth mirror, FetchFailure cause) {
            super(cause.kind(), cause.getMessage(), cause.retryAfter(), cause.getCause());
            this.mirror = mirror;
        }

        MirrorHealth mirror() {
            return mirror;
        }
    }

    /** The socket {@code call} went out on, as {@link SocketSeen#INTERCEPTOR} saw it (none seen: a holder of none). */
    private static SocketSeen socketOf(Call call) {
        SocketSeen seen = call.request().tag(SocketSeen.class);
        return seen != null ? seen : new SocketSeen();
    }

    private Request request(MirrorHealth mirror, long offset, long length) {
        Request.Builder builder = new Request.Builder()
                .tag(SocketSeen.class, new SocketSeen())
                .url(HttpUrl.get(mirror.mirror().url().toString()))
                // Concatenated: %d writes the locale's digits, which are not ASCII in Arabic or Persian locales.
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1))
                // The hash is over the raw file bytes: ask for no compression, and OkHttp then decodes none.
                .header("Accept-Encoding", "identity")
                .header("User-Agent", USER_AGENT);
        mirror.etag().ifPresent(etag -> builder.header("If-Range", etag));
        return builder.build();
    }

    private MirrorHealth redirectTarget(MirrorHealth from, Response response) throws FetchFailure {
        String location = response.header("Location");
        HttpUrl resolved = location == null ? null : response.request().url().resolve(location);
        if (resolved != null) {
            for (MirrorHealth m : mirrors) {
                if (HttpUrl.get(m.mirror().url().toString()).equals(resolved)) {
                    return followable(m, response.code());
                }
            }
        }
        throw new FetchFailure(FailureKind.REDIRECT_OFF_MANIFEST,
                "redirected (%d) to %s, which is not a mirror in the signed manifest; not followed"
                        .formatted(response.code(),
                                location == null ? "nowhere" : Printable.quoted(location)));
    }

    /** {@code target} unless it is failing in this download: then the redirect to it is the asked mirror's failure. */
    private static MirrorHealth followable(MirrorHealth target, int code) throws FetchFailure {
        // A mirror awaiting a 1-byte request only for having sat idle is followed: nothing is known against it, and
        // refusing would fail the redirecting mirror's request for it. Dead, it is cut as any stalled request is.
        String why = target.abandonedReason().map(reason -> "which is given up in this download (" + reason + ")")
                .orElse(target.awaitingByteProbe() && !target.probingForIdle()
                        ? "which stalled and must answer a 1-byte request first"
                        : target.circuit() == CircuitState.OPEN
                        ? "whose last %d request(s) failed".formatted(target.consecutiveFailures()) : null);
        if (why == null) {
            return target;
        }
        throw new FetchFailure(FailureKind.HTTP_STATUS,
                "redirected (%d) to %s, %s; not followed".formatted(code, target.label(), why));
    }

    private OpenedRange check(Call call, Response response, MirrorHealth mirror, long offset, long length, long ttfb)
            throws FetchFailure {
        int code = response.code();
        String encoding = response.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new FetchFailure(FailureKind.CONTENT_ENCODING,
                    "answered with Content-Encoding: %s although identity was asked; refusing to decompress"
                            .formatted(Printable.quoted(encoding)));
        }
        String etag = response.header("ETag");
        Optional<String> known = mirror.etag();
        if (known.isPresent() && etag != null && !etag.equals(known.get())) {
            throw new FetchFailure(FailureKind.ETAG_CHANGED,
                    "its ETag changed from %s to %s mid-download: it now serves other content"
                            .formatted(Printable.quoted(known.get()), Printable.quoted(etag)));
        }
        if (code == 206) {
            checkPartial(response, offset, length);
            remember(mirror, etag);
            mirror.rangeSupport(MirrorHealth.RangeSupport.YES);
            return new OpenedRange(call, response, mirror, false, ttfb, socketOf(call));
        }
        if (code == 200) {
            long declared = contentLength(response);
            if (declared >= 0 && declared != target.size()) {
                throw new FetchFailure(FailureKind.BAD_RANGE,
                        "answered 200 with Content-Length %d, but the signed size is %d"
                                .formatted(declared, target.size()));
            }
            if (known.isPresent() && etag == null) {
                throw new FetchFailure(FailureKind.ETAG_CHANGED,
                        "answered If-Range %s with the whole file and no ETag: its content may have changed"
                                .formatted(Printable.quoted(known.get())));
            }
            remember(mirror, etag);
            boolean askedWholeFile = offset == 0 && length == target.size();
            if (!askedWholeFile) {
                mirror.rangeSupport(MirrorHealth.RangeSupport.NO);
            }
            return new OpenedRange(call, response, mirror, true, ttfb, socketOf(call));
        }
        throw statusFailure(response);
    }

    private void checkPartial(Response response, long offset, long length) throws FetchFailure {
        String header = response.header("Content-Range");
        ContentRange range = ContentRange.parse(header).orElseThrow(() -> new FetchFailure(FailureKind.BAD_RANGE,
                "answered 206 with %s instead of a Content-Range"
                        .formatted(header == null ? "no Content-Range"
                        : "an unreadable Content-Range '" + Printable.quoted(header) + "'")));
        long last = offset + length - 1;
        if (range.first() != offset || range.last() != last || range.total() != target.size()) {
            throw new FetchFailure(FailureKind.BAD_RANGE, "answered Content-Range '%s' to a request for '%s'"
                    .formatted(Printable.quoted(header.trim()),
                            ContentRange.header(offset, last, target.size())));
        }
        long declared = contentLength(response);
        if (declared > length) {
            throw new FetchFailure(FailureKind.TOO_MUCH_DATA,
                    "announced %d bytes (Content-Length) for a %d-byte range".formatted(declared, length));
        }
        if (declared >= 0 && declared < length) {
            throw new FetchFailure(FailureKind.BAD_RANGE,
                    "announced %d bytes (Content-Length) for a %d-byte range".formatted(declared, length));
        }
    }

    private static long contentLength(Response response) {
        String value = response.header("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    private static void remember(MirrorHealth mirror, String etag) {
        // Only strong validators may be used with If-Range (RFC 9110 §13.1.5).
        // sendable last: it walks the value, and only the mirror's first strong ETag is kept.
        if (etag != null && !etag.startsWith("W/") && mirror.etag().isEmpty() && sendable(etag)) {
            mirror.etag(etag);
        }
    }

    /**
     * Whether OkHttp will send {@code etag} back in an If-Range header. It reads a response's header values leniently
     * (as UTF-8, control characters kept) but refuses to build a request with anything but tabs and printable ASCII
     * in a value, and throws IllegalArgumentException: a mirror whose ETag held an ESC, or obs-text (bytes above 0x7F,
     * which RFC 9110 allows in an entity tag), ended the whole download as a bug in the client at its second request.
     * Such an ETag is not remembered: no If-Range, and the signed chunk hashes still decide what is kept.
     */
    private static boolean sendable(String etag) {
        return etag.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7e));
    }

    private FetchFailure statusFailure(Response response) {
        int code = response.code();
        Optional<java.time.Duration> retryAfter = code == 429 || code == 503
                ? RetryAfter.parse(response.header("Retry-After"), clock.instant())
                : Optional.empty();
        String words = switch (code) {
            case 404 -> "does not have the file (404)";
            case 416 -> "says the range is outside its file (416): it holds a different file";
            case 429 -> "is rate limiting (429)";
            case 500 -> "internal server error (500)";
            case 502 -> "bad gateway (502)";
            case 503 -> "service unavailable (503)";
            case 504 -> "gateway timeout (504)";
            default -> "answered HTTP %d".formatted(code);
        };
        String wait = retryAfter.map(d -> "; asks to wait %d s (Retry-After)".formatted(d.toSeconds())).orElse("");
        FailureKind kind = code == 416 ? FailureKind.BAD_RANGE : FailureKind.HTTP_STATUS;
        return new FetchFailure(kind, words + wait, retryAfter, null);
    }

    /**
     * Turns an exception from the wire into a failure kind and plain words. Its message may quote the mirror (OkHttp
     * puts a status line it cannot parse in it, up to 256 KiB as sent): escaped and cut like a header.
     */
    static FetchFailure classify(MirrorHealth mirror, IOException e, String when) {
        Optional<FetchFailure> framing = FetchFailure.ofFraming(e, when + ",");
        if (framing.isPresent()) {
            return framing.get();
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : Printable.oneLine(e.getMessage());
        if (e instanceof UnknownHostException) {
            return new FetchFailure(FailureKind.DNS, "its name %s did not resolve (%s)"
                    .formatted(mirror.mirror().host(), detail), e);
        }
        if (e instanceof SSLException) {
            return new FetchFailure(FailureKind.TLS, "TLS failed: " + detail, e);
        }
        if (e instanceof ConnectException) {
            return new FetchFailure(FailureKind.CONNECT, "connection refused or unreachable (%s)".formatted(detail), e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            String lower = detail.toLowerCase(Locale.ROOT);
            if (lower.contains("connect")) {
                return new FetchFailure(FailureKind.CONNECT, "connect timed out", e);
            }
            return new FetchFailure(FailureKind.FIRST_BYTE_TIMEOUT, "no response headers in time " + when, e);
        }
        if (e.getCause() instanceof java.security.cert.CertificateException
                || detail.contains("Hostname") && detail.contains("not verified")) {
            return new FetchFailure(FailureKind.TLS, "TLS failed: " + detail, e);
        }
        return new FetchFailure(FailureKind.IO, "connection failed %s: %s".formatted(when, detail), e);
    }
}
