package io.outagedrill.client.metrics;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves a metrics scrape in Prometheus' text format at {@code http://127.0.0.1:PORT/metrics}, on loopback only,
 * for as long as it is open. Takes the text from a supplier (a {@code PrometheusMeterRegistry::scrape}), so it
 * needs no metrics library itself. The JDK's own HTTP server: one path, answered in memory, needs nothing more.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** Prometheus' text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts serving {@code scrape} on loopback; port 0 picks a free one. */
    public static MetricsEndpoint serve(int port, Supplier<String> scrape) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        MetricsEndpoint endpoint = new MetricsEndpoint(server);
        server.setExecutor(endpoint.executor);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return endpoint;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The scrape URL, for the line that tells a person where to point Prometheus. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
