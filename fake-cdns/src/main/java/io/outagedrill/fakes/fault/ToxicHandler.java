package io.outagedrill.fakes.fault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.fakes.topology.Topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Network faults, through the fault proxy's Toxiproxy API at {@link Topology#toxiproxyUri()}: the same requests
 * any Toxiproxy client sends, so the proxy validates toxics exactly as it would for one. Every toxic a fault adds
 * is named {@code ID-PROVIDER}. The only class that talks to the proxy for faults.
 */
final class ToxicHandler implements FaultHandler<NetworkFault> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Opens the connection to the proxy's API before a timeline needs it: the first call of a cold
     * {@link HttpClient} costs up to seconds on a loaded machine, which made the first toxic of a run land seconds
     * after its moment. Failures are left for {@link #apply} to report.
     */
    void warmUp(Topology world) throws InterruptedException {
        try {
            http.send(HttpRequest.newBuilder(world.toxiproxyUri().resolve("/version")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException ignored) {
            // apply() reports a proxy that does not answer, with the fault it could not apply
        }
    }

    @Override
    public Undo apply(NetworkFault fault, FaultContext context) throws IOException, InterruptedException {
        Topology world = context.world();
        return switch (fault) {
            case ProxyDownFault down -> Undo.each(context.providers(down.target()), provider -> {
                world.proxy(provider.name()).disable();
                return () -> world.proxy(provider.name()).enable();
            });
            case ToxicFault toxic -> Undo.each(context.providers(toxic.target()),
                    provider -> addToxic(world, world.proxy(provider.name()).getName(), toxic, context));
        };
    }

    private Undo addToxic(Topology world, String proxy, ToxicFault toxic, FaultContext context)
            throws IOException, InterruptedException {
        String name = toxic.id() + "-" + proxy;
        Map<String, Object> attributes = new LinkedHashMap<>(toxic.attributes());
        if (toxic.type().equals("corrupt") && !attributes.containsKey("seed")) {
            attributes.put("seed", context.seedFor(toxic.id())); // else the proxy draws one, and runs differ
        }
        String body = json(Map.of("name", name, "type", toxic.type(), "stream", toxic.stream().json(),
                "toxicity", toxic.toxicity(), "attributes", attributes));
        URI toxics = world.toxiproxyUri().resolve("/proxies/" + proxy + "/toxics");
        send(HttpRequest.newBuilder(toxics).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), "add toxic " + name);
        URI one = world.toxiproxyUri().resolve("/proxies/" + proxy + "/toxics/" + name);
        return () -> send(HttpRequest.newBuilder(one).DELETE().build(), "remove toxic " + name);
    }

    private void send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && response.statusCode() != 404) {
            throw new IOException("fault proxy refused to %s: %d %s".formatted(what, response.statusCode(),
                    response.body()));
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}
