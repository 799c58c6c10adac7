package io.outagedrill.fakes.edge;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Fetches whole objects from the origin into the store with the JDK's HTTP client (fake-cdns keeps client
 * libraries off its main classpath), streaming each body straight to a temp file.
 */
final class OriginFetcher {
    private static final Instant EPOCH = Instant.EPOCH;

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
     * does; only an interrupt escapes.
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
        try {
            HttpResponse<Path> response = http.send(request.build(), info -> info.statusCode() == 200
                    ? HttpResponse.BodySubscribers.ofFile(file)
                    : HttpResponse.BodySubscribers.replacing(file));
            HttpHeaders headers = response.headers();
            String cacheControl = headers.firstValue("Cache-Control").orElse(null);
            Duration age = headers.firstValue("Age").map(OriginFetcher::seconds).orElse(Duration.ZERO);
            int status = response.statusCode();
            if (status == 200) {
                CachedObject object = new CachedObject(path, file,
                        headers.firstValue("ETag").orElse("\"edge-" + file.getFileName() + "\""),
                        headers.firstValue("Last-Modified").map(OriginFetcher::httpDate).orElse(EPOCH),
                        headers.firstValue("Content-Type").orElse(null));
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
        } catch (HttpTimeoutException e) {
            return new OriginReply.Failed(504, "origin " + origin + " did not answer " + path + " within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + path + " from the origin");
        } catch (IOException e) {
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

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
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
}
