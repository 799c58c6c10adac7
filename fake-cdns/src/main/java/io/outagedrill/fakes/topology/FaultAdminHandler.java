package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.dns.DnsFault;
import io.outagedrill.fakes.fault.AppliedFaults;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.http.ActiveFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Faults;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.network.NetworkFaultException;
import io.outagedrill.fakes.status.Impact;
import io.outagedrill.fakes.status.StatusPage;
import io.outagedrill.fakes.tls.CertificateKind;
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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The admin HTTP API over a {@link Topology}'s HTTP, DNS, TLS, status-page and manifest-replica handles, for
 * breaking a running world from curl or any language. {@code /faults} takes the one fault vocabulary scenarios are
 * read into ({@link Fault}, as JSON with its {@code family}) and acts it out with the same handlers as the harness,
 * network faults included; the per-provider routes below it reach one handle at a time, with the records the Java
 * API takes ({@link FaultRule}, {@link Scope}, {@link DnsFault}, {@link ReplicaFault}).
 *
 * <pre>
 * GET    /                                 the routes
 * GET    /faults                           ids of the faults applied through /faults and not yet deleted there
 *                                          (a rule removed through the routes below is listed until then)
 * POST   /faults                           {"family": "http", "id": "cf-500s", "target": "cloudflare",
 *                                           "rule": {"type": "status", "code": 503}} → 201; 409 for an id applied
 * DELETE /faults/ID                        takes the fault back
 * DELETE /faults                           takes every fault applied through /faults back
 * GET    /providers/NAME/faults            installed HTTP fault rules, with ids and how often each acted
 * POST   /providers/NAME/faults            {"rule": {"type": "status", "code": 503}, "scope": {...}} → 201, its id
 * DELETE /providers/NAME/faults/ID         one rule (releases what it holds)
 * DELETE /providers/NAME/faults            every rule
 * POST   /providers/NAME/tls               {"certificate": "WRONG_HOST" | "EXPIRED" | "SELF_SIGNED" | "VALID"}
 * POST   /providers/NAME/status            {"impact": "minor" | "major" | "critical" | "none", "incident": "..."}
 * GET    /dns/HOST                         the fault answering for HOST, if any
 * POST   /dns/HOST                         {"fault": {"type": "nxdomain"}, "ttlSeconds": 30}
 * DELETE /dns/HOST                         true answers again (cached answers stay until their TTL)
 * GET    /manifests/REPLICA                the replica's fault, if any
 * POST   /manifests/REPLICA                {"fault": {"type": "rollback"}}
 * DELETE /manifests/REPLICA                the latest signed manifests again
 * </pre>
 *
 * Errors are {@code {"error": "...", "status": N}}: 400 naming the field, 404 naming what exists, 405, 409.
 */
final class FaultAdminHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(FaultAdminHandler.class);

    /** {@code POST /providers/NAME/faults}. A missing scope is every request. */
    record AddFault(FaultRule rule, Scope scope) {
    }

    /** An installed rule as {@code GET} shows it. */
    record FaultView(long id, FaultRule rule, Scope scope, long applied) {
        static FaultView of(ActiveFault fault) {
            return new FaultView(fault.id(), fault.rule(), fault.scope(), fault.appliedCount());
        }
    }

    /** {@code POST /dns/HOST}: the fault, and how long clients may cache its answers (unchanged when absent). */
    record DnsChange(DnsFault fault, Long ttlSeconds) {
    }

    record DnsView(String host, DnsFault fault) {
    }

    record ReplicaChange(ReplicaFault fault) {
    }

    record ReplicaView(String replica, ReplicaFault fault) {
    }

    record TlsChange(String certificate) {
    }

    record StatusChange(String impact, String incident) {
    }

    record StatusView(String provider, Impact indicator, String description) {
    }

    record ErrorBody(String error, int status) {
    }

    private record Reply(int status, Object body, String location) {
        static Reply ok(Object body) {
            return new Reply(200, body, null);
        }

        static Reply noContent() {
            return new Reply(204, null, null);
        }
    }

    private static final List<String> ROUTES = List.of("GET|POST|DELETE /faults", "DELETE /faults/ID",
            "GET /providers/NAME/faults", "POST /providers/NAME/faults", "DELETE /providers/NAME/faults/ID",
            "DELETE /providers/NAME/faults", "POST /providers/NAME/tls", "POST /providers/NAME/status",
            "GET|POST|DELETE /dns/HOST", "GET|POST|DELETE /manifests/REPLICA");

    private final Topology world;
    private final AppliedFaults faults;

    FaultAdminHandler(Topology world) {
        super(InvocationType.BLOCKING); // reads bodies; slow DNS faults release waiters
        this.world = world;
        this.faults = new AppliedFaults(world);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Reply reply;
        try {
            reply = route(request.getMethod(), Request.getPathInContext(request), request);
        } catch (AdminError e) {
            reply = error(e.status(), e.getMessage());
        } catch (NetworkFaultException e) {
            // The fault proxy judged a toxic fault (400 a bad type or attribute, 409 a toxic of that name already
            // on the link): that is the request's fault, and the caller should see the proxy's status, not a 500.
            reply = error(e.status() >= 400 && e.status() < 500 ? e.status() : 500, e.getMessage());
        } catch (NoSuchElementException e) {
            reply = error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            reply = error(400, e.getMessage());
        } catch (IllegalStateException e) {
            reply = error(409, e.getMessage());
        } catch (Exception e) {
            LOG.warn("admin request {} {} failed", request.getMethod(), request.getHttpURI(), e);
            reply = error(500, String.valueOf(e.getMessage()));
        }
        response.setStatus(reply.status());
        if (reply.location() != null) {
            response.getHeaders().put(HttpHeader.LOCATION, reply.location());
        }
        if (reply.body() == null) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(AdminJson.write(reply.body())), callback);
        return true;
    }

    private static Reply error(int status, String message) {
        return new Reply(status, new ErrorBody(message, status), null);
    }

    private Reply route(String method, String path, Request request) throws Exception {
        String[] parts = path.split("/", -1); // "/dns/a.test" -> ["", "dns", "a.test"]
        if (parts.length < 2 || !parts[0].isEmpty()) {
            throw AdminError.notFound("no route " + path);
        }
        return switch (parts[1]) {
            case "" -> {
                if (parts.length != 2) {
                    noRoute(path);
                }
                requireMethod(method, "GET");
                yield Reply.ok(Map.of("routes", ROUTES));
            }
            case "faults" -> switch (parts.length) {
                case 2 -> faultRoute(method, request);
                case 3 -> clearFault(method, parts[2]);
                default -> noRoute(path);
            };
            case "providers" -> providerRoute(method, parts, path, request);
            case "dns" -> parts.length == 3 ? dnsRoute(method, parts[2], request) : noRoute(path);
            case "manifests" -> parts.length == 3 ? manifestRoute(method, parts[2], request) : noRoute(path);
            default -> noRoute(path);
        };
    }

    private Reply faultRoute(String method, Request request) throws Exception {
        return switch (method) {
            case "GET" -> Reply.ok(Map.of("active", faults.activeIds()));
            case "POST" -> {
                Fault fault = AdminJson.read(body(request), Fault.class);
                // AppliedFaults stacks a second application of an id (a timeline may bite twice), but over this API
                // a second POST is more likely a changed mind, and a stacked HTTP rule would keep acting unseen
                // behind the first: refused, as Toxiproxy refuses a toxic name it already has.
                if (!faults.applyNew(fault)) {
                    throw new AdminError(409, "fault " + fault.id() + " is already applied; DELETE /faults/"
                            + fault.id() + " first, or give the new one another id");
                }
                yield new Reply(201, fault, "/faults/" + fault.id());
            }
            case "DELETE" -> {
                faults.clearAll();
                yield Reply.noContent();
            }
            default -> notAllowed(method, "GET, POST, DELETE");
        };
    }

    private Reply clearFault(String method, String id) throws Exception {
        requireMethod(method, "DELETE");
        if (!faults.clear(id)) {
            throw AdminError.notFound("no fault " + id + "; applied: " + faults.activeIds());
        }
        return Reply.noContent();
    }

    private Reply providerRoute(String method, String[] parts, String path, Request request) throws Exception {
        if (parts.length < 4) {
            return noRoute(path);
        }
        String name = parts[2];
        world.provider(name); // 404 naming the providers when unknown
        if (parts[3].equals("faults") && parts.length == 4) {
            return faultsRoute(method, name, request);
        }
        if (parts[3].equals("faults") && parts.length == 5) {
            requireMethod(method, "DELETE");
            return deleteFault(name, parts[4]);
        }
        if (parts.length != 4 || !(parts[3].equals("tls") || parts[3].equals("status"))) {
            return noRoute(path);
        }
        requireMethod(method, "POST");
        return parts[3].equals("tls") ? tls(name, request) : status(name, request);
    }

    private Reply faultsRoute(String method, String name, Request request) throws Exception {
        Faults faults = world.http(name); // a real server's refusal names the /faults route that reaches it
        return switch (method) {
            case "GET" -> Reply.ok(faults.active().stream().map(FaultView::of).toList());
            case "POST" -> {
                AddFault body = AdminJson.read(body(request), AddFault.class);
                if (body.rule() == null) {
                    throw AdminError.badRequest("rule: required, e.g. {\"type\": \"status\", \"code\": 503}; types: "
                            + AdminJson.subtypeNames(FaultRule.class));
                }
                ActiveFault added = faults.add(body.rule(), body.scope() == null ? Scope.all() : body.scope());
                yield new Reply(201, FaultView.of(added), "/providers/" + name + "/faults/" + added.id());
            }
            case "DELETE" -> {
                faults.clear();
                yield Reply.noContent();
            }
            default -> notAllowed(method, "GET, POST, DELETE");
        };
    }

    private Reply deleteFault(String name, String id) {
        List<ActiveFault> active = world.http(name).active();
        ActiveFault fault = active.stream().filter(f -> String.valueOf(f.id()).equals(id)).findFirst()
                .orElseThrow(() -> AdminError.notFound("provider " + name + " has no fault " + id + "; installed: "
                        + active.stream().map(ActiveFault::id).toList()));
        fault.clear();
        return Reply.noContent();
    }

    private Reply tls(String name, Request request) throws Exception {
        TlsChange body = AdminJson.read(body(request), TlsChange.class);
        CertificateKind kind = constant(CertificateKind.class, "certificate", body.certificate());
        return Reply.ok(Map.of("provider", name, "certificate", world.tls(name).present(kind).presenting()));
    }

    private Reply status(String name, Request request) throws Exception {
        StatusChange body = AdminJson.read(body(request), StatusChange.class);
        Impact impact = constant(Impact.class, "impact", body.impact());
        StatusPage page = world.status(name);
        if (impact == Impact.NONE) {
            page.resolve();
        } else {
            page.incident(body.incident() == null || body.incident().isBlank() ? "Incident" : body.incident(), impact);
        }
        return Reply.ok(new StatusView(name, page.status().indicator(), page.status().description()));
    }

    private Reply dnsRoute(String method, String host, Request request) throws Exception {
        if (!world.resolve().containsKey(host.toLowerCase(Locale.ROOT))) {
            throw AdminError.notFound("no name " + host + "; the topology serves " + world.resolve().keySet());
        }
        return switch (method) {
            case "GET" -> Reply.ok(new DnsView(host, world.dns().fault(host).orElse(null)));
            case "POST" -> {
                DnsChange body = AdminJson.read(body(request), DnsChange.class);
                if (body.fault() == null) {
                    throw AdminError.badRequest("fault: required, e.g. {\"type\": \"nxdomain\"}; types: "
                            + AdminJson.subtypeNames(DnsFault.class));
                }
                if (body.ttlSeconds() != null) {
                    // A DNS TTL is at most 2^31 - 1 seconds (RFC 2181 §8): beyond it dnsjava refused every answer
                    // the name server built, and the name went unanswered.
                    if (body.ttlSeconds() < 0 || body.ttlSeconds() > Integer.MAX_VALUE) {
                        throw AdminError.badRequest("ttlSeconds: expected 0 to 2147483647 (a DNS TTL), saw "
                                + body.ttlSeconds());
                    }
                    world.dns().ttl(host, Duration.ofSeconds(body.ttlSeconds()));
                }
                world.dns().fault(host, body.fault());
                yield Reply.ok(new DnsView(host, body.fault()));
            }
            case "DELETE" -> {
                world.dns().clearFault(host);
                yield Reply.noContent();
            }
            default -> notAllowed(method, "GET, POST, DELETE");
        };
    }

    private Reply manifestRoute(String method, String replica, Request request) throws Exception {
        var service = world.manifests();
        service.replica(replica); // 404 naming the replicas when unknown
        return switch (method) {
            case "GET" -> Reply.ok(new ReplicaView(replica, service.replica(replica).fault().orElse(null)));
            case "POST" -> {
                ReplicaChange body = AdminJson.read(body(request), ReplicaChange.class);
                if (body.fault() == null) {
                    throw AdminError.badRequest("fault: required, e.g. {\"type\": \"unavailable\"}; types: "
                            + AdminJson.subtypeNames(ReplicaFault.class));
                }
                service.fault(replica, body.fault());
                yield Reply.ok(new ReplicaView(replica, body.fault()));
            }
            case "DELETE" -> {
                service.clearFault(replica);
                yield Reply.noContent();
            }
            default -> notAllowed(method, "GET, POST, DELETE");
        };
    }

    /** An enum constant by name, forgiving case and {@code -} for {@code _}; 400 naming the field otherwise. */
    private static <E extends Enum<E>> E constant(Class<E> type, String field, String value) {
        List<String> names = AdminJson.names(type.getEnumConstants());
        if (value == null) {
            throw AdminError.badRequest(field + ": required, one of " + names);
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest(field + ": expected one of " + names + ", saw \"" + value + "\"");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            notAllowed(method, allowed);
        }
    }

    private static Reply noRoute(String path) {
        throw AdminError.notFound("no route " + path + "; routes: " + ROUTES);
    }

    private static Reply notAllowed(String method, String allowed) {
        throw new AdminError(405, method + " not allowed here; allowed: " + allowed);
    }

    private static String body(Request request) throws Exception {
        return Content.Source.asString(request, StandardCharsets.UTF_8);
    }
}
