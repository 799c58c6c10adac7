package io.outagedrill.client.transfer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
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
    private final DownloadListener listener;
    private final Clock clock;

    StatusFeeds(OkHttpClient client, Duration bound, DownloadListener listener, Clock clock) {
        // The pages are read side by side with enqueue(). OkHttp's default dispatcher runs callbacks on
        // non-daemon threads that idle for 60 s after the last call, which kept a finished process (a CLI run,
        // a JMH fork) alive for a minute; virtual threads never hold the JVM open.
        this.client = client.newBuilder()
                .dispatcher(new Dispatcher(Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                        .name("status-feed-", 0).factory())))
                .build();
        this.bound = bound;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Reads every distinct status page of {@code mirrors}, emits one event per page, and returns the status
     * documents that report a major or critical outage. Returns within about the bound whatever the pages do.
     */
    Set<URI> outages(List<Mirror> mirrors) {
        Map<URI, List<Mirror>> pages = new LinkedHashMap<>();
        for (Mirror m : mirrors) {
            m.statusDocument().ifPresent(url -> pages.computeIfAbsent(url, u -> new ArrayList<>()).add(m));
        }
        if (pages.isEmpty()) {
            return Set.of();
        }
        Map<URI, Outcome> outcomes = new ConcurrentHashMap<>();
        Map<URI, Call> calls = new LinkedHashMap<>();
        CountDownLatch done = new CountDownLatch(pages.size());
        for (URI url : pages.keySet()) {
            Call call = client.newCall(new Request.Builder().url(url.toString())
                    .header("Accept", "application/json").header("Accept-Encoding", "identity").build());
            // The call's own limit too, so a hung page's connection is released, not left to the read timeout.
            call.timeout().timeout(bound.toMillis(), TimeUnit.MILLISECONDS);
            calls.put(url, call);
            call.enqueue(new Callback() {
                @Override
                public void onResponse(Call c, Response response) {
                    // Read on a thread of OkHttp's: framing that never ends stops past a status document's worth.
                    ReadBudget.arm(MAX_BYTES + ReadBudget.FRAMING_LIMIT);
                    try (response) {
                        outcomes.putIfAbsent(url, read(response));
                    } finally {
                        ReadBudget.disarm(); // once the response is closed: the thread goes on to others' calls
                        done.countDown();
                    }
                }

                @Override
                public void onFailure(Call c, IOException e) {
                    outcomes.putIfAbsent(url, new Outcome.Ignored(e instanceof InterruptedIOException
                            ? "no answer within %d ms".formatted(bound.toMillis())
                            : "unreachable: " + Printable.quoted(String.valueOf(e.getMessage()))));
                    done.countDown();
                }
            });
        }
        awaitQuietly(done);
        calls.forEach((url, call) -> {
            outcomes.putIfAbsent(url, new Outcome.Ignored("no answer within %d ms".formatted(bound.toMillis())));
            call.cancel();
        });
        return report(pages, outcomes);
    }

    private void awaitQuietly(CountDownLatch done) {
        try {
            // A little over the bound: the calls' own timeouts fire at the bound and report themselves.
            done.await(bound.toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Set<URI> report(Map<URI, List<Mirror>> pages, Map<URI, Outcome> outcomes) {
        Set<URI> outages = new LinkedHashSet<>();
        pages.forEach((url, mirrors) -> {
            String provider = mirrors.getFirst().provider();
            List<String> labels = mirrors.stream().map(Mirror::label).distinct().toList();
            switch (outcomes.get(url)) {
                case Outcome.Read read -> {
                    if (read.indicator().outage()) {
                        outages.add(url);
                    }
                    listener.on(new DownloadEvent.StatusFeedRead(clock.instant(), provider, labels,
                            read.indicator().word(), read.description(), read.indicator().outage()));
                }
                case Outcome.Ignored ignored -> listener.on(new DownloadEvent.StatusFeedIgnored(clock.instant(),
                        provider, labels, url.toString(), ignored.reason()));
            }
        });
        return Set.copyOf(outages);
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
