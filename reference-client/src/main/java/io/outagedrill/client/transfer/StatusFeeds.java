package io.outagedrill.client.transfer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.client.ConnectCancel;
import io.outagedrill.client.JsonTrees;
import io.outagedrill.client.Printable;
import io.outagedrill.client.ReadBudget;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.manifest.Mirror;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Reads the providers' Statuspage feeds ({@code <status>/api/v2/status.json}) before a download, each distinct
 * page once and all at once, within one short overall bound, and says which status pages admit a major or
 * critical outage. Those providers are tried last, never dropped: a feed lags, is written by people during an
 * incident, and can be wrong in both directions, so it only orders mirrors; the engine's own failures decide.
 * A page that fails, is slow or says something unreadable is reported and changes nothing.
 *
 * <p>A page still unanswered at the bound is reported as such, and the download starts without it, but its request
 * goes on (up to the first-byte limit, until the download ends): a status page is often slowest in the very incident
 * it reports, and one that admits an outage late still tells the download which mirror not to wait on
 * ({@link Verdicts#listen}).
 */
final class StatusFeeds {
    /** A status document is a few hundred bytes; more is not a status document. */
    private static final long MAX_BYTES = 64 * 1024;
    private static final int MAX_DESCRIPTION = 200;
    private static final JsonFactory JSON = new JsonFactory(); // third parties' pages: a repeated key is no error

    /** Statuspage's {@code status.indicator}, in order of severity. */
    enum Indicator {
        NONE, MINOR, MAJOR, CRITICAL;

        boolean outage() {
            return this == MAJOR || this == CRITICAL;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What one page said, or why it was not read. */
    private sealed interface Outcome {
        record Read(Indicator indicator, String description) implements Outcome { }
        record Ignored(String reason) implements Outcome { }
    }

    private final OkHttpClient client;
    private final Duration bound;
    private final Duration lateLimit;
    private final DownloadListener listener;
    private final Clock clock;

    /**
     * Pages answer within {@code bound} to order the mirrors before the first request; a page's request goes on until
     * {@code lateLimit} (at least the bound), for an answer that counts late.
     */
    StatusFeeds(OkHttpClient client, Duration bound, Duration lateLimit, DownloadListener listener, Clock clock) {
        // The pages are read side by side with enqueue(). OkHttp's default dispatcher runs callbacks on
        // non-daemon threads that idle for 60 s after the last call, which kept a finished process (a CLI run,
        // a JMH fork) alive for a minute; virtual threads never hold the JVM open.
        this.client = client.newBuilder()
                .dispatcher(new Dispatcher(Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                        .name("status-feed-", 0).factory())))
                .build();
        this.bound = bound;
        this.lateLimit = lateLimit.compareTo(bound) > 0 ? lateLimit : bound;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Reads every distinct status page of {@code mirrors}, emits one event per page, and returns within about the
     * bound whatever the pages do, with the status documents that reported a major or critical outage by then. The
     * pages still unanswered go on; close the result when the download ends.
     */
    Verdicts outages(List<Mirror> mirrors) {
        Map<URI, List<Mirror>> pages = new LinkedHashMap<>();
        for (Mirror m : mirrors) {
            m.statusDocument().ifPresent(url -> pages.computeIfAbsent(url, u -> new ArrayList<>()).add(m));
        }
        if (pages.isEmpty()) {
            return Verdicts.none();
        }
        Map<URI, Outcome> outcomes = new ConcurrentHashMap<>();
        Map<URI, Call> calls = new LinkedHashMap<>();
        CountDownLatch done = new CountDownLatch(pages.size());
        Verdicts verdicts = new Verdicts(calls.values());
        for (URI url : pages.keySet()) {
            Call call = client.newCall(new Request.Builder().url(url.toString())
                    .header("Accept", "application/json").header("Accept-Encoding", "identity").build());
            // The call's own limit too, so a hung page's connection is released, not left to the read timeout.
            call.timeout().timeout(lateLimit.toMillis(), TimeUnit.MILLISECONDS);
            ConnectCancel.watch(client, call); // that limit cancels it, a connect in progress too
            calls.put(url, call);
            call.enqueue(new Callback() {
                @Override
                public void onResponse(Call c, Response response) {
                    // Read on a thread of OkHttp's: framing that never ends stops past a status document's worth.
                    ReadBudget.arm(MAX_BYTES + ReadBudget.FRAMING_LIMIT);
                    Outcome outcome;
                    try (response) {
                        outcome = read(response);
                    } finally {
                        ReadBudget.disarm(); // once the response is closed: the thread goes on to others' calls
                    }
                    if (outcomes.putIfAbsent(url, outcome) == null) {
                        done.countDown();
                    } else if (outcome instanceof Outcome.Read read) {
                        verdicts.late(() -> report(url, pages.get(url), read), read.indicator().outage() ? url : null);
                    }
                }

                @Override
                public void onFailure(Call c, IOException e) {
                    if (outcomes.putIfAbsent(url, new Outcome.Ignored(e instanceof InterruptedIOException
                            ? "no answer within %d ms".formatted(bound.toMillis())
                            : "unreachable: " + Printable.quoted(String.valueOf(e.getMessage())))) == null) {
                        done.countDown();
                    }
                }
            });
        }
        awaitQuietly(done);
        Set<URI> outages = new LinkedHashSet<>();
        boolean told = false;
        verdicts.lock.lock(); // a late answer is told after this page's first word, not before
        try {
            pages.forEach((url, pageMirrors) -> {
                // Unanswered by now: reported so, and its answer, if one comes while the download runs, counts late.
                outcomes.putIfAbsent(url, new Outcome.Ignored("no answer within %d ms".formatted(bound.toMillis())));
                if (report(url, pageMirrors, outcomes.get(url))) {
                    outages.add(url);
                }
            });
            verdicts.outages = Set.copyOf(outages);
            told = true;
        } finally {
            verdicts.lock.unlock();
            if (!told) {
                verdicts.close(); // a listener that threw: no call left open, no late word after the failure
            }
        }
        return verdicts;
    }

    private void awaitQuietly(CountDownLatch done) {
        try {
            // The bound exactly: the calls' own timeouts are the late limit, and a page still unanswered now is
            // reported so, its answer counting late.
            done.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Emits what the page at {@code url} said (or why it was ignored); true if it admits an outage. */
    private boolean report(URI url, List<Mirror> mirrors, Outcome outcome) {
        String provider = mirrors.getFirst().provider();
        List<String> labels = mirrors.stream().map(Mirror::label).distinct().toList();
        switch (outcome) {
            case Outcome.Read read -> {
                listener.on(new DownloadEvent.StatusFeedRead(clock.instant(), provider, labels,
                        read.indicator().word(), read.description(), read.indicator().outage()));
                return read.indicator().outage();
            }
            case Outcome.Ignored ignored -> {
                listener.on(new DownloadEvent.StatusFeedIgnored(clock.instant(), provider, labels, url.toString(),
                        ignored.reason()));
                return false;
            }
        }
    }

    /**
     * What the pages said within the bound ({@link #outages()}), and the pages' answers still to come: each late
     * answer is told to the listener while the download runs, and a late outage to {@link #listen}'s handler (kept
     * until one is set). {@link #close} ends the calls still open, and nothing is told after it: a download's last
     * event is its {@code completed} or {@code failed}.
     */
    static final class Verdicts implements AutoCloseable {
        /**
         * Guards the fields below and every late word told: a lock, not {@code synchronized}, since late answers
         * arrive on virtual threads, which JDK 21 would pin to their carriers while a listener writes.
         */
        private final ReentrantLock lock = new ReentrantLock();
        private final Collection<Call> calls;
        private volatile Set<URI> outages = Set.of();
        private final List<URI> heldOutages = new ArrayList<>();
        private Consumer<URI> handler;
        private boolean closed;

        private Verdicts(Collection<Call> calls) {
            this.calls = calls;
        }

        /** No page read: no outage, now or late. */
        static Verdicts none() {
            return new Verdicts(List.of());
        }

        /** The status documents that admitted a major or critical outage within the bound. */
        Set<URI> outages() {
            return outages;
        }

        /** From now on, each status document that admits an outage late goes to {@code onOutage}. */
        void listen(Consumer<URI> onOutage) {
            List<URI> held;
            lock.lock();
            try {
                handler = onOutage;
                held = List.copyOf(heldOutages);
                heldOutages.clear();
            } finally {
                lock.unlock();
            }
            held.forEach(onOutage);
        }

        /** A late answer: told (under the lock, so never after {@link #close}), then its outage, if any, handled. */
        private void late(Runnable tell, URI outage) {
            Consumer<URI> to;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                tell.run();
                if (outage == null) {
                    return;
                }
                to = handler;
                if (to == null) {
                    heldOutages.add(outage);
                    return;
                }
            } finally {
                lock.unlock();
            }
            to.accept(outage);
        }

        @Override
        public void close() {
            lock.lock();
            try {
                closed = true;
            } finally {
                lock.unlock();
            }
            calls.forEach(Call::cancel);
        }
    }

    private static Outcome read(Response response) {
        if (response.code() != 200) {
            return new Outcome.Ignored("HTTP " + response.code());
        }
        ResponseBody body = response.body();
        try {
            BufferedSource source = body.source();
            if (source.request(MAX_BYTES + 1)) {
                return new Outcome.Ignored("more than %d bytes, not a status document".formatted(MAX_BYTES));
            }
            return parse(source.readByteArray());
        } catch (IOException e) {
            return new Outcome.Ignored("reading it failed: " + Printable.quoted(String.valueOf(e.getMessage())));
        }
    }

    /** {@code {"status":{"indicator":"major","description":"..."}}}; anything else is unreadable. */
    private static Outcome parse(byte[] json) {
        JsonNode root;
        try {
            root = JsonTrees.read(JSON, json);
        } catch (IOException e) {
            return new Outcome.Ignored("not JSON");
        }
        JsonNode indicator = root == null ? null : root.path("status").get("indicator");
        if (indicator == null || !indicator.isTextual()) {
            return new Outcome.Ignored("no status.indicator");
        }
        Indicator value;
        try {
            value = Indicator.valueOf(indicator.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Outcome.Ignored("unknown status.indicator \"%s\"".formatted(clean(indicator.asText())));
        }
        JsonNode description = root.path("status").get("description");
        return new Outcome.Read(value, description != null && description.isTextual() ? clean(description.asText()) : "");
    }

    /** Page text ends up on terminals: printable, and not a novel. */
    private static String clean(String text) {
        return Printable.of(text, MAX_DESCRIPTION);
    }
}
