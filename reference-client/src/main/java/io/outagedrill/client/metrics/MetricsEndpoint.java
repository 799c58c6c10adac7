package io.outagedrill.client.metrics;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serves a metrics scrape in Prometheus' text format at {@code http://127.0.0.1:PORT/metrics}, on loopback only,
 * for as long as it is open; any other path is a 404, and a method other than GET or HEAD a 405. Takes the text from a supplier (a
 * {@code PrometheusMeterRegistry::scrape}), so it needs no metrics library itself. The JDK's own HTTP server: one
 * path, answered in memory, needs nothing more.
 * It keeps the times of the last two scrapes, so that a command about to close it can wait for one more
 * ({@link #nextScrapeWithin}, {@link #awaitScrape}): the last figures of a run are otherwise never read.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** Prometheus' text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The one path served; the query, if any, is ignored. */
    private static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition scrapedAgain = lock.newCondition();
    private long scrapes;
    private long lastScrape;
    private long previousScrape;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts serving {@code scrape} on loopback; port 0 picks a free one. */
    public static MetricsEndpoint serve(int port, Supplier<String> scrape) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        MetricsEndpoint endpoint = new MetricsEndpoint(server);
        server.setExecutor(endpoint.executor);
        server.createContext(PATH, exchange -> {
            try (exchange) {
                // A context matches by prefix: without this, /metricsX and /metrics/anything were scrapes too, and a
                // mistyped scrape URL looked right.
                if (!exchange.getRequestURI().getPath().equals(PATH)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                // A scrape reads; a POST or DELETE here is a mistake (or not a scraper), not a scrape to count.
                String method = exchange.getRequestMethod();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                long started = System.nanoTime();
                byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                endpoint.scraped(started);
            }
        });
        server.start();
        return endpoint;
    }

    private void scraped(long startedNanos) {
        lock.lock();
        try {
            // Scrapes may overlap (the two Prometheus servers of a pair), and one begun earlier may be answered
            // later: kept in the order they began, or the last two would be a negative interval (a wait of none),
            // and a waiter could be woken by a newer scrape only to see an older one's time in its place.
            if (scrapes == 0 || startedNanos - lastScrape > 0) {
                previousScrape = lastScrape;
                lastScrape = startedNanos;
            } else if (scrapes == 1 || startedNanos - previousScrape > 0) {
                previousScrape = startedNanos;
            }
            scrapes++;
            scrapedAgain.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long to wait for the next scrape so that whatever scrapes this endpoint reads the figures as they are now:
     * twice the time between its last two scrapes, never over {@code atMost}; empty when it was not scraped twice
     * (nothing to go by: a person's one curl is no schedule).
     */
    public Optional<Duration> nextScrapeWithin(Duration atMost) {
        lock.lock();
        try {
            if (scrapes < 2) {
                return Optional.empty();
            }
            Duration twice = Duration.ofNanos(lastScrape - previousScrape).multipliedBy(2);
            return Optional.of(twice.compareTo(atMost) < 0 ? twice : atMost);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code limit} for a scrape that read the figures after this call, and answered it.
     *
     * @return whether one came
     */
    public boolean awaitScrape(Duration limit) throws InterruptedException {
        long since = System.nanoTime();
        long left = limit.toNanos();
        lock.lock();
        try {
            while (scrapes == 0 || lastScrape - since < 0) {
                if (left <= 0) {
                    return false;
                }
                left = scrapedAgain.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The scrape URL, for the line that tells a person where to point Prometheus. */
    public String url() {
        return "http://127.0.0.1:" + port() + PATH;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
