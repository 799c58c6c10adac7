package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.topology.FaultNotApplicableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/**
 * A started Varnish edge container and what a world does to it: flush its cache (HTTP {@code BAN} of every URL,
 * from the loopback, which its VCL allows), switch its HTTP faults (the image's fault switch, a new VCL loaded
 * over {@code varnishadm}: Varnish itself answers them) and read its counters ({@code varnishstat}).
 */
final class VarnishEdge {
    private final String provider;
    private final GenericContainer<?> container;
    private final URI base;
    private final HttpClient client;
    /** The rules in force, oldest first: the switch always loads all of them, in the order they were added. */
    private final List<Active> rules = new ArrayList<>();

    VarnishEdge(String provider, GenericContainer<?> container, URI base, HttpClient client) {
        this.provider = provider;
        this.container = container;
        this.base = base;
        this.client = client;
    }

    /** Forgets every cached object: the next request for any file is a miss that goes to the origin. */
    void flush() {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/"))
                            .method("BAN", HttpRequest.BodyPublishers.noBody()).header("X-Ban-Url", ".")
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("expected the edge " + provider + " to answer BAN with 200, it "
                        + "answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot flush the edge " + provider + " at " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while flushing the edge " + provider, e);
        }
    }

    /** Puts {@code rule} in force after those already in force; the handle takes it out again. */
    Runnable add(VarnishFaultRule rule) {
        Active added = new Active(rule);
        synchronized (rules) {
            rules.add(added);
            try {
                load();
            } catch (RuntimeException e) {
                rules.remove(added); // not in force: the switch kept the VCL it had
                throw e;
            }
        }
        return () -> {
            synchronized (rules) {
                if (rules.remove(added)) {
                    load();
                }
            }
        };
    }

    /** The edge's counters now. */
    EdgeCounters counters() {
        Container.ExecResult result = exec("varnishstat", "-n", workDirectory(), "-1", "-f", "MAIN.cache_hit",
                "-f", "MAIN.cache_hit_grace", "-f", "MAIN.cache_miss", "-f", "MAIN.fetch_failed");
        Map<String, Long> values = new HashMap<>();
        for (String line : result.getStdout().split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].startsWith("MAIN.")) {
                values.put(fields[0], Long.parseLong(fields[1]));
            }
        }
        return new EdgeCounters(values.getOrDefault("MAIN.cache_hit", 0L),
                values.getOrDefault("MAIN.cache_hit_grace", 0L), values.getOrDefault("MAIN.cache_miss", 0L),
                values.getOrDefault("MAIN.fetch_failed", 0L));
    }

    private void load() {
        List<String> command = new ArrayList<>(List.of("outage-drill-varnish-fault"));
        rules.forEach(active -> command.add(active.rule().argument()));
        exec(command.toArray(String[]::new));
    }

    private Container.ExecResult exec(String... command) {
        try {
            Container.ExecResult result = container.execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new FaultNotApplicableException("the edge " + provider + " refused " + String.join(" ",
                        command) + " (exit " + result.getExitCode() + "): " + result.getStderr().strip());
            }
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " in the edge " + provider, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0] + " in " + provider, e);
        }
    }

    /** The image's varnishd work directory, named after its LISTEN (entrypoint.sh). */
    private String workDirectory() {
        return "/var/lib/varnish/" + container.getEnvMap().get("LISTEN").replace(':', '_').replace('.', '_');
    }

    /** One rule in force; its own identity, so two equal rules added twice are taken out one at a time. */
    private record Active(VarnishFaultRule rule) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
