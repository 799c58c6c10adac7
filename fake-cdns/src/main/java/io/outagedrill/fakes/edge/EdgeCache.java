package io.outagedrill.fakes.edge;

import io.outagedrill.fakes.TempTrees;

import io.outagedrill.fakes.http.FileServer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A CDN edge as a Jetty 12 core handler: answers from its stored copies, fetches from the origin on a
 * miss, and honours the origin's {@code Cache-Control} by an injected {@link Clock}:
 *
 * <ul>
 *   <li>fresh copy: served, {@code X-Cache: HIT};</li>
 *   <li>stale within {@code stale-while-revalidate}: served ({@code STALE}) while one background
 *       conditional request ({@code If-None-Match}) per path refreshes it;</li>
 *   <li>otherwise revalidated (or fetched) before answering: 304 gives {@code HIT}, 200 gives {@code MISS};
 *       when the origin fails (5xx, refused, timeout) a copy within {@code stale-if-error} is served
 *       ({@code STALE}), else the error goes to the client: the origin's 5xx as is, 502 when it could not
 *       be reached, 504 when it did not answer in time or went silent mid-body.</li>
 * </ul>
 *
 * <p>Fill, then serve: a miss stores the whole body in a temp file, then answers through
 * {@link FileServer#serve}, so ranges, validators, counters and the provider's {@link
 * io.outagedrill.fakes.http.Faults} behave exactly as on any fake CDN. Concurrent misses for one path share
 * one origin fetch (request collapsing, as Fastly and others do). Bodies never live on the heap.
 *
 * <p>Faults installed on the file server act on the edge's answer to the client, after any origin fetch
 * the request caused; the origin's own faults act on the edge's fetches.
 */
public final class EdgeCache extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeCache.class);
    /** How often a request may find its copy flushed between lookup and use before it gives up. */
    private static final int ATTEMPTS = 4;

    private final FileServer files;
    private final OriginFetcher origin;
    private final Clock clock;
    private final Path store;
    private final ExecutorService background;
    private final Runnable onStop;

    private final ConcurrentMap<String, CacheEntry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Outcome>> fetching = new ConcurrentHashMap<>();
    private final Set<String> revalidating = ConcurrentHashMap.newKeySet();
    /** Requests waiting on another request's origin exchange (tests use it to see collapsing happen). */
    private final AtomicInteger waiting = new AtomicInteger();

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder staleServes = new LongAdder();
    private final LongAdder revalidations = new LongAdder();
    private final LongAdder originErrors = new LongAdder();

    /** How one request is answered. */
    private sealed interface Outcome {
        record Serve(CacheEntry entry, CacheStatus status, boolean keep) implements Outcome {
        }

        record Error(int status, String reason, String location) implements Outcome {
        }
    }

    /**
     * @param store      a directory this cache owns: its temp files live there and it is deleted on stop
     * @param background runs background revalidations; shut down on stop
     * @param onStop     run on stop after the store is emptied (shuts the origin's HTTP client down)
     */
    EdgeCache(FileServer files, OriginFetcher origin, Clock clock, Path store, ExecutorService background,
              Runnable onStop) {
        super(InvocationType.BLOCKING);
        this.files = files;
        this.origin = origin;
        this.clock = clock;
        this.store = store;
        this.background = background;
        this.onStop = onStop;
    }

    public EdgeStats stats() {
        return new EdgeStats(hits.sum(), misses.sum(), staleServes.sum(), revalidations.sum(), originErrors.sum());
    }

    /** How many requests are waiting on an origin exchange another request started. */
    int collapsedWaiters() {
        return waiting.get();
    }

    /** The paths with a stored copy, fresh or stale. */
    public Set<String> cachedPaths() {
        return Set.copyOf(entries.keySet());
    }

    /**
     * Empties the cache: every request from now on is a miss ("cold caches after recovery"). Responses
     * already streaming a copy finish it; its file goes when they do. A fetch already under way still
     * stores what it brings.
     */
    public void flush() {
        for (String path : List.copyOf(entries.keySet())) {
            CacheEntry removed = entries.remove(path);
            if (removed != null) {
                removed.object().retire();
            }
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return files.handle(request, response, callback); // its 405
        }
        String path = Request.getPathInContext(request);
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Outcome outcome = decide(path);
                if (outcome instanceof Outcome.Error error) {
                    // The edge's own faults act on its error too: a 502 set on the edge answers, not the origin's 503.
                    return files.serveError(request, response, callback,
                            (r, c) -> answerError(r, c, error, HttpMethod.HEAD.is(method)));
                }
                Outcome.Serve serve = (Outcome.Serve) outcome;
                CachedObject object = serve.entry().object();
                if (!object.retain()) {
                    continue; // flushed or replaced between lookup and use: look again
                }
                try {
                    count(serve.status());
                    var headers = response.getHeaders();
                    headers.put(CacheStatus.HEADER, serve.status().name());
                    headers.put(HttpHeader.AGE, serve.entry().age(clock.instant()).toSeconds());
                    return files.serve(request, response, callback, object, serve.entry().cacheControl());
                } finally {
                    object.release();
                    if (!serve.keep()) {
                        object.retire();
                    }
                }
            }
            answerError(response, callback, new Outcome.Error(503, "the cached copy of " + path
                    + " kept being flushed", null), HttpMethod.HEAD.is(method));
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
        return true;
    }

    private void count(CacheStatus status) {
        switch (status) {
            case HIT -> hits.increment();
            case MISS -> misses.increment();
            case STALE -> staleServes.increment();
        }
    }

    /** Chooses between the stored copy and the origin; goes to the origin only when it must. */
    private Outcome decide(String path) throws InterruptedIOException {
        Instant now = clock.instant();
        CacheEntry entry = entries.get(path);
        if (entry != null && entry.isFresh(now)) {
            return new Outcome.Serve(entry, CacheStatus.HIT, true);
        }
        if (entry != null && entry.mayServeWhileRevalidating(now)) {
            revalidateInBackground(path);
            return new Outcome.Serve(entry, CacheStatus.STALE, true);
        }
        Outcome outcome = fetchCollapsed(path);
        if (outcome instanceof Outcome.Error error && error.status() >= 500 && error.location() == null) {
            CacheEntry stale = entries.get(path);
            if (stale != null && stale.mayServeOnError(clock.instant())) {
                return new Outcome.Serve(stale, CacheStatus.STALE, true);
            }
        }
        if (outcome instanceof Outcome.Error) {
            misses.increment(); // a miss the origin could not fill
        }
        return outcome;
    }

    /** One origin exchange per path at a time; requests that arrive meanwhile wait for its result. */
    private Outcome fetchCollapsed(String path) throws InterruptedIOException {
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> running = fetching.putIfAbsent(path, mine);
        if (running != null) {
            waiting.incrementAndGet();
            try {
                return running.get();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("interrupted while waiting for the origin");
            } catch (Exception e) {
                return new Outcome.Error(502, "origin fetch failed: " + e.getCause(), null);
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            Outcome outcome = exchange(path);
            mine.complete(outcome);
            return outcome;
        } catch (InterruptedIOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            fetching.remove(path, mine);
        }
    }

    /** Asks the origin (conditionally when a copy exists) and stores what it says. */
    private Outcome exchange(String path) throws InterruptedIOException {
        CacheEntry current = entries.get(path);
        if (current != null && current.isFresh(clock.instant())) {
            return new Outcome.Serve(current, CacheStatus.HIT, true); // refreshed while this request queued
        }
        String etag = current != null ? current.object().etag() : null;
        if (etag != null) {
            revalidations.increment();
        }
        OriginReply reply = origin.fetch(path, etag);
        Instant now = clock.instant();
        return switch (reply) {
            case OriginReply.Body body -> {
                CacheEntry fresh = new CacheEntry(body.object(), body.cacheControl(),
                        CacheControl.parse(body.cacheControl()), now.minus(body.age()));
                boolean keep = !fresh.policy().noStore();
                if (keep) {
                    replace(path, fresh);
                }
                yield new Outcome.Serve(fresh, CacheStatus.MISS, keep);
            }
            case OriginReply.NotModified notModified -> {
                if (current == null) {
                    yield new Outcome.Error(502, "origin answered 304 to an unconditional request for " + path,
                            null);
                }
                CacheEntry confirmed = current.confirmed(notModified.cacheControl(), now.minus(notModified.age()));
                if (!entries.replace(path, current, confirmed)) {
                    // Flushed (or replaced) meanwhile: the confirmed copy still answers this request.
                    yield new Outcome.Serve(current, CacheStatus.HIT, true);
                }
                yield new Outcome.Serve(confirmed, CacheStatus.HIT, true);
            }
            case OriginReply.Failed failed -> {
                originErrors.increment();
                LOG.debug("{}", failed.reason());
                yield new Outcome.Error(failed.status(), failed.reason(), null);
            }
            case OriginReply.Passed passed -> {
                if (passed.status() == 404 || passed.status() == 410) {
                    remove(path); // the origin no longer has it
                }
                yield new Outcome.Error(passed.status(), passed.reason(), passed.location());
            }
        };
    }

    private void revalidateInBackground(String path) {
        if (!revalidating.add(path)) {
            return; // one at a time per path: the copy is refreshed for everyone when it lands
        }
        try {
            background.execute(() -> {
                try {
                    if (fetchCollapsed(path) instanceof Outcome.Serve serve && !serve.keep()) {
                        // A body the origin says not to keep, which no request of its own is here to serve and
                        // retire: its file goes once any collapsed request reading it is done.
                        serve.entry().object().retire();
                    }
                } catch (InterruptedIOException e) {
                    LOG.debug("background revalidation of {} interrupted", path);
                } catch (RuntimeException e) {
                    LOG.warn("background revalidation of {} failed", path, e);
                } finally {
                    revalidating.remove(path);
                }
            });
        } catch (RuntimeException e) {
            revalidating.remove(path); // stopping: no more background work
        }
    }

    private void replace(String path, CacheEntry entry) {
        CacheEntry old = entries.put(path, entry);
        if (old != null && old.object() != entry.object()) {
            old.object().retire();
        }
    }

    private void remove(String path) {
        CacheEntry old = entries.remove(path);
        if (old != null) {
            old.object().retire();
        }
    }

    private static void answerError(Response response, Callback callback, Outcome.Error error, boolean head) {
        byte[] body = (error.reason() + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(error.status());
        var headers = response.getHeaders();
        headers.put(CacheStatus.HEADER, CacheStatus.MISS.name());
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (error.location() != null) {
            headers.put(HttpHeader.LOCATION, error.location());
        }
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    @Override
    protected void doStop() throws Exception {
        background.shutdownNow();
        flush();
        try {
            onStop.run();
        } finally {
            if (!TempTrees.deleteQuietly(store)) {
                LOG.warn("could not delete the edge store {}", store);
            }
            super.doStop();
        }
    }

    @Override
    public String toString() {
        return "EdgeCache[origin " + origin.origin() + ", " + entries.size() + " cached]";
    }
}
