package io.outagedrill.fakes.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Toxiproxy's control API (api.go) as a Jetty core handler: its routes, status codes, JSON shapes, error
 * bodies, the request-id header on every response and the 403 for browsers.
 */
final class ControlHandler extends Handler.Abstract {
    static final String REQUEST_ID_HEADER = "X-Toxiproxy-Request-Id";
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);

    private final ProxyRegistry registry;
    private final String version;

    ControlHandler(ProxyRegistry registry, String version) {
        super(InvocationType.BLOCKING); // reads bodies and binds sockets
        this.registry = registry;
        this.version = version;
    }

    /** A reply; {@code nosniff} adds the header Go's {@code http.Error} sets on every error it writes. */
    private record Reply(int status, String contentType, byte[] body, boolean nosniff) {
        static Reply json(int status, JsonNode node) {
            return new Reply(status, "application/json", node.toString().getBytes(StandardCharsets.UTF_8), false);
        }

        /**
         * What Go's {@code http.Error} writes, which Toxiproxy uses for every API error (apiError), for 404 and
         * for the browser guard: the text and a newline, as {@code text/plain; charset=utf-8}, with
         * {@code X-Content-Type-Options: nosniff}. An API error's text is its JSON object.
         */
        static Reply goError(int status, String text) {
            return new Reply(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8),
                    true);
        }

        static Reply apiError(ApiException e) {
            return goError(e.status(), ControlJson.error(e).toString());
        }

        static Reply empty(int status) {
            return new Reply(status, null, new byte[0], false);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put(REQUEST_ID_HEADER, RequestIds.next());
        Reply reply;
        String agent = request.getHeaders().get(HttpHeader.USER_AGENT);
        if (agent != null && agent.startsWith("Mozilla/")) {
            reply = Reply.goError(403, "User agent not allowed"); // Toxiproxy's guard against browsers
        } else {
            try {
                reply = route(request);
            } catch (ApiException e) {
                reply = Reply.apiError(e);
            } catch (Exception e) {
                LOG.warn("control API request {} {} failed", request.getMethod(), request.getHttpURI(), e);
                reply = Reply.apiError(new ApiException(500, String.valueOf(e.getMessage())));
            }
        }
        response.setStatus(reply.status());
        if (reply.contentType() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        }
        if (reply.nosniff()) {
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
        }
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    private Reply route(Request request) throws Exception {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        String[] parts = path.split("/", -1); // "/proxies/a" -> ["", "proxies", "a"]
        if (parts.length < 2 || !parts[0].isEmpty()) {
            return notFound();
        }
        return switch (parts.length) {
            case 2 -> switch (parts[1]) {
                case "version" -> only(method, "GET") ? version() : notAllowed();
                case "reset" -> only(method, "POST") ? reset() : notAllowed();
                case "populate" -> only(method, "POST") ? populate(body(request)) : notAllowed();
                case "proxies" -> switch (method) {
                    case "GET" -> Reply.json(200, proxyIndex());
                    case "POST" -> createProxy(body(request));
                    default -> notAllowed();
                };
                default -> notFound();
            };
            case 3 -> parts[1].equals("proxies") ? proxyRoute(method, parts[2], request) : notFound();
            case 4 -> parts[1].equals("proxies") && parts[3].equals("toxics")
                    ? toxicsRoute(method, parts[2], request) : notFound();
            case 5 -> parts[1].equals("proxies") && parts[3].equals("toxics")
                    ? toxicRoute(method, parts[2], parts[4], request) : notFound();
            default -> notFound();
        };
    }

    private Reply proxyRoute(String method, String name, Request request) throws Exception {
        return switch (method) {
            case "GET" -> Reply.json(200, proxyJson(registry.get(name)));
            case "POST", "PATCH" -> {
                ProxyConfig current = registry.get(name);
                JsonNode body = ControlJson.parseObject(body(request));
                ProxyConfig updated = registry.update(name,
                        ControlJson.string(body, "listen", current.listen()),
                        ControlJson.string(body, "upstream", current.upstream()),
                        ControlJson.bool(body, "enabled", current.enabled()));
                yield Reply.json(200, proxyJson(updated));
            }
            case "DELETE" -> {
                registry.delete(name);
                yield Reply.empty(204);
            }
            default -> notAllowed();
        };
    }

    private Reply toxicsRoute(String method, String proxyName, Request request) throws Exception {
        return switch (method) {
            case "GET" -> {
                ArrayNode array = ControlJson.MAPPER.createArrayNode();
                registry.toxics(proxyName).forEach(toxic -> array.add(ControlJson.toxic(toxic)));
                yield Reply.json(200, array);
            }
            case "POST" -> Reply.json(200, ControlJson.toxic(createToxic(proxyName, body(request)))); // 200, not 201
            default -> notAllowed();
        };
    }

    private Reply toxicRoute(String method, String proxyName, String toxicName, Request request) throws Exception {
        return switch (method) {
            case "GET" -> Reply.json(200, ControlJson.toxic(registry.toxic(proxyName, toxicName)));
            case "POST", "PATCH" -> {
                registry.get(proxyName);
                JsonNode body = ControlJson.parseObject(body(request));
                ToxicConfig updated = registry.updateToxic(proxyName, toxicName, current -> current
                        .withToxicity(ControlJson.number(body, "toxicity", current.toxicity()))
                        .withAttributes(ToxicTypes.merge(current.type(), current.attributes(), body.get("attributes"))));
                yield Reply.json(200, ControlJson.toxic(updated));
            }
            case "DELETE" -> {
                registry.removeToxic(proxyName, toxicName);
                yield Reply.empty(204);
            }
            default -> notAllowed();
        };
    }

    /**
     * Toxiproxy's order of checks: proxy, body (every field's JSON type: Go decodes the whole body, toxicity
     * included, first), stream, default name, type, duplicate, attributes.
     */
    private ToxicConfig createToxic(String proxyName, String rawBody) {
        registry.get(proxyName);
        JsonNode body = ControlJson.parseObject(rawBody);
        double toxicity = ControlJson.number(body, "toxicity", 1.0);
        String streamText = ControlJson.string(body, "stream", "downstream");
        String type = ControlJson.string(body, "type", "");
        String given = ControlJson.string(body, "name", "");
        JsonNode attributesNode = body.get("attributes");
        if (attributesNode != null && !attributesNode.isNull() && !attributesNode.isObject()) {
            throw ApiException.badRequestBody("attributes must be an object");
        }
        StreamDirection stream = StreamDirection.parse(streamText);
        String name = given.isEmpty() ? type + "_" + streamText : given;
        if (!ToxicTypes.isKnown(type)) {
            throw new ApiException(400, "invalid toxic type");
        }
        if (registry.toxics(proxyName).stream().anyMatch(existing -> existing.name().equals(name))) {
            throw new ApiException(409, "toxic already exists");
        }
        Map<String, Number> attributes = ToxicTypes.merge(type, ToxicTypes.defaults(type, registry.seeds()),
                attributesNode);
        return registry.addToxic(proxyName, new ToxicConfig(name, type, stream, toxicity, attributes, streamText));
    }

    private Reply createProxy(String rawBody) {
        ProxyConfig created = registry.create(ControlJson.newProxy(ControlJson.parseObject(rawBody)));
        return Reply.json(201, proxyJson(created));
    }

    /**
     * Toxiproxy writes populate's reply itself, errors included: always {@code application/json}, the error (if
     * any) beside the proxies it did create, and {@code "proxies": null} when there are none (Go marshals an
     * empty result slice as null), so an empty list is answered 201 {@code {"proxies":null}}.
     */
    private Reply populate(String rawBody) {
        ProxyRegistry.PopulateResult result;
        try {
            result = registry.populate(populateBody(rawBody));
        } catch (ApiException e) {
            result = new ProxyRegistry.PopulateResult(List.of(), e); // refused before any proxy was touched
        }
        ObjectNode reply = result.error() == null ? ControlJson.MAPPER.createObjectNode() : ControlJson.error(result.error());
        if (result.proxies().isEmpty()) {
            reply.putNull("proxies");
        } else {
            ArrayNode proxies = reply.putArray("proxies");
            result.proxies().forEach(proxy -> proxies.add(proxyJson(proxy)));
        }
        return Reply.json(result.error() == null ? 201 : result.error().status(), reply);
    }

    private static List<ProxyConfig> populateBody(String rawBody) {
        JsonNode body = ControlJson.parse(rawBody);
        if (!body.isArray()) {
            throw ApiException.badRequestBody("expected a JSON array of proxies, got " + body.getNodeType().name().toLowerCase());
        }
        List<ProxyConfig> wanted = new ArrayList<>();
        body.forEach(node -> wanted.add(ControlJson.newProxy(node)));
        return wanted;
    }

    private Reply reset() {
        registry.reset();
        return Reply.empty(204);
    }

    private ObjectNode proxyIndex() {
        ObjectNode index = ControlJson.MAPPER.createObjectNode(); // keyed by name, not an array
        registry.list().forEach(proxy -> index.set(proxy.name(), proxyJson(proxy)));
        return index;
    }

    private ObjectNode proxyJson(ProxyConfig proxy) {
        return ControlJson.proxy(proxy, registry.toxics(proxy.name()));
    }

    /** Toxiproxy formats this one by hand: a space after the colon, a newline, and a charset without a space. */
    private Reply version() {
        return new Reply(200, "application/json;charset=utf-8",
                "{\"version\": \"%s\"}\n".formatted(version).getBytes(StandardCharsets.UTF_8), false);
    }

    private static String body(Request request) throws Exception {
        return Content.Source.asString(request, StandardCharsets.UTF_8);
    }

    private static boolean only(String method, String allowed) {
        return method.equals(allowed);
    }

    private static Reply notFound() {
        return Reply.goError(404, "404 page not found"); // Go's mux default, through http.Error
    }

    private static Reply notAllowed() {
        return Reply.empty(405);
    }
}
