package io.outagedrill.fakes.edge;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches whole objects from the origin into the store with the JDK's HTTP client (fake-cdns keeps client
 * libraries off its main classpath), streaming each body straight to a temp file.
 */
final class OriginFetcher {
    private static final Instant EPOCH = Instant.EPOCH;
    /** The largest {@code Age} taken as it is (RFC 9111 §1.2.2): 2^31 seconds, about 68 years. */
    static final Duration MAX_AGE = Duration.ofSeconds(1L << 31);

    private final HttpClient http;
    private final URI origin;
    private final Duration timeout;
    private final Path store;

    OriginFetcher(HttpClient http, URI origin, Duration timeout, Path store) {
        this.http = http;
        this.origin = origin;
        this.timeout = timeout;
        this.store = store;
    }

    URI origin() {
        return origin;
    }

    /**
     * One GET of {@code path}, conditional on {@code etag} when not null. Never throws for what the origin
     * does; only an interrupt escapes. The timeout bounds the wait for the headers (the client's own request
     * timeout, which ends with them) and then every wait for more of the body.
     */
    OriginReply fetch(String path, String etag) throws InterruptedIOException {
        URI uri = origin.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        Path file;
        try {
            file = Files.createTempFile(store, "obj-", ".bin");
        } catch (IOException e) {
            return new OriginReply.Failed(502, "edge cannot store " + path + ": " + e.getMessage());
        }
        boolean kept = false;
        AtomicReference<IdleLimit<Path>> body = new AtomicReference<>();
        try {
            HttpResponse<Path> response = http.send(request.build(), info -> {
                IdleLimit<Path> limited = new IdleLimit<>(info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.ofFile(file)
                        : HttpResponse.BodySubscribers.replacing(file), timeout);
                body.set(limited);
                return limited;
            });
            HttpHeaders headers = response.headers();
            String cacheControl = headers.firstValue("Cache-Control").orElse(null);
            Duration age = headers.firstValue("Age").map(OriginFetcher::age).orElse(Duration.ZERO);
            int status = response.statusCode();
            if (status == 200) {
                // Kept and sent on as the origin encoded it, as a CDN does: never as if it were the bytes themselves.
                String coding = headers.firstValue("Content-Encoding")
                        .filter(c -> !c.isBlank() && !c.equalsIgnoreCase("identity")).orElse(null);
                CachedObject object = new CachedObject(path, file,
                        headers.firstValue("ETag").orElse("\"edge-" + file.getFileName() + "\""),
                        headers.firstValue("Last-Modified").map(OriginFetcher::httpDate).orElse(EPOCH),
                        headers.firstValue("Content-Type").orElse(null), coding);
                kept = true;
                return new OriginReply.Body(object, cacheControl, age);
            }
            if (status == 304) {
                return new OriginReply.NotModified(cacheControl, age);
            }
            if (status >= 500) {
                return new OriginReply.Failed(status, "origin answered " + status + " for " + path);
            }
            return new OriginReply.Passed(status, "origin answered " + status + " for " + path,
                    headers.firstValue("Location").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + path + " from the origin");
        } catch (IOException e) {
            if (body.get() != null && body.get().expired()) {
                return new OriginReply.Failed(504, "origin " + origin + " sent no more of " + path + " for "
                        + timeout.toMillis() + " ms mid-body");
            }
            if (e instanceof HttpTimeoutException) {
                return new OriginReply.Failed(504, "origin " + origin + " did not answer " + path + " within "
                        + timeout.toMillis() + " ms");
            }
            return new OriginReply.Failed(502, "origin " + origin + " failed for " + path + ": " + describe(e));
        } finally {
            if (!kept) {
                deleteQuietly(file);
            }
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message != null ? " (" + message + ")" : "");
    }

    /**
     * The origin's {@code Age}. RFC 9111 §1.2.2: a value too large to work with counts as 2^31 seconds, so
     * an absurd one makes the copy stale rather than overflowing the edge's date arithmetic.
     */
    static Duration age(String value) {
        String v = value.trim();
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Duration.ZERO; // not delta-seconds: ignored
        }
        String significant = v.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 10) {
            return MAX_AGE; // more digits than 2^31 has
        }
        return Duration.ofSeconds(Math.min(Long.parseLong(significant), MAX_AGE.toSeconds()));
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return EPOCH;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Removed with the store's directory when the edge stops.
        }
    }

    /**
     * Passes a response body on to {@code body}, and gives it up when no bytes come for {@code limit}: the
     * client's request timeout ends with the headers, so without this an origin that stalls mid-body would hold
     * the fetch, and every request collapsed onto it, for as long as it stalls.
     */
    static final class IdleLimit<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> body;
        private final long limitNanos;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private volatile long lastNanos = System.nanoTime();
        private Flow.Subscription subscription;
        /** Guarded by this: set once the limit ran out, after which nothing more reaches {@link #body}. */
        private boolean expired;

        IdleLimit(HttpResponse.BodySubscriber<T> body, Duration limit) {
            this.body = body;
            this.limitNanos = limit.toNanos();
        }

        synchronized boolean expired() {
            return expired;
        }

        @Override
        public CompletionStage<T> getBody() {
            return result;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            body.onSubscribe(subscription);
            body.getBody().whenComplete((value, failure) -> {
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure);
                }
            });
            checkIn(limitNanos);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            lastNanos = System.nanoTime();
            if (!expired) {
                body.onNext(items);
            }
        }

        @Override
        public synchronized void onError(Throwable failure) {
            if (!expired) {
                body.onError(failure);
            }
        }

        @Override
        public synchronized void onComplete() {
            if (!expired) {
                body.onComplete();
            }
        }

        private void checkIn(long nanos) {
            CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(this::check);
        }

        private void check() {
            if (result.isDone()) {
                return;
            }
            long idle = System.nanoTime() - lastNanos;
            if (idle < limitNanos) {
                checkIn(limitNanos - idle);
                return;
            }
            HttpTimeoutException timeout = new HttpTimeoutException("no body bytes for " + limitNanos / 1_000_000
                    + " ms");
            synchronized (this) {
                if (result.isDone()) {
                    return;
                }
                expired = true;
                subscription.cancel();
                body.onError(timeout); // lets the file subscriber close its file
            }
            result.completeExceptionally(timeout);
        }
    }
}
