package io.outagedrill.fakes.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.outagedrill.fakes.cdn.FakeCdnException;
import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.http.JettyReferencesPerCacheLine;
import io.outagedrill.fakes.tls.ServerSslContextFactory;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One plain-HTTP Jetty server hosting several providers' {@link StatusPage}s, as Statuspage's public API v2:
 * {@code GET /api/v2/status.json}, {@code /api/v2/incidents/unresolved.json} and {@code /api/v2/incidents.json}.
 *
 * <p>A request finds its page by host name first, the way real pages are told apart
 * ({@code http://status.cloudflare.test:PORT/api/v2/status.json}, with each page's name registered in
 * {@link LoopbackDns} at this server's address), and otherwise by a path prefix naming the page's host
 * ({@code http://127.0.0.5:PORT/status.cloudflare.test/api/v2/status.json}), for clients that cannot
 * resolve fake names. One server rather than one per page: a status page is a read-mostly side channel,
 * not a fault target, so one listener and thread pool serve them all.
 *
 * <p>Plain Jetty, not WireMock: the JSON is computed from live Java state at each request, so stubs would
 * have to be re-registered on every change, and wiremock-jetty12 would bring a second Jetty 12 line.
 */
public final class StatusPageServer implements AutoCloseable {
    static final String API = "/api/v2/";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private final Map<String, StatusPage> pages = new ConcurrentHashMap<>();
    private final LoopbackDns dns;
    private final Server server;
    private final ServerConnector connector;
    /** The HTTPS listener, when asked for: signed manifests name status pages under the https rule. */
    private final ServerConnector tlsConnector;

    private StatusPageServer(Builder builder) {
        this.dns = builder.dns;
        JettyReferencesPerCacheLine.presetUnlessSet();
        // Each connector holds an acceptor and a selector thread; the rest serve requests. With pages named in
        // manifests, every client of a fleet reads every page at its start, so leave room for TLS handshakes.
        QueuedThreadPool threads = new QueuedThreadPool(builder.ca == null ? 4 : 12, 1);
        threads.setName("status-pages");
        threads.setReservedThreads(0);
        this.server = new Server(threads);
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(builder.address.getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        this.tlsConnector = builder.ca == null ? null : tlsConnector(builder, http);
        server.setHandler(new Pages());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing; the start failure is what matters
            }
            throw new FakeCdnException("status pages: cannot listen on " + builder.address.getHostAddress() + ": " + e,
                    e);
        }
        builder.pages.forEach(this::add);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A second listener speaking HTTPS with one certificate naming every page given to the builder (pages added
     * later are served over plain HTTP only). Plain HTTP stays on its own port, for tools and existing callers.
     */
    private ServerConnector tlsConnector(Builder builder, HttpConfiguration plain) {
        String[] names = builder.pages.stream().map(StatusPage::hostname).toArray(String[]::new);
        ServerSslContextFactory tls = ServerSslContextFactory.presenting(
                builder.ca.issue(names.length == 0 ? new String[] {"status.invalid"} : names));
        HttpConfiguration https = new HttpConfiguration(plain);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector secure = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        secure.setHost(builder.address.getHostAddress());
        secure.setPort(0);
        server.addConnector(secure);
        return secure;
    }

    /** Serves {@code page} from now on (at its host name, registered in the DNS if one was given). */
    public StatusPageServer add(StatusPage page) {
        pages.put(page.hostname(), page);
        if (dns != null) {
            dns.register(page.hostname(), address().getAddress());
        }
        return this;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** {@code http://HOST:PORT/api/v2/...} for {@code page}: the client must resolve the page's host name. */
    public URI url(StatusPage page, String apiPath) {
        return URI.create("http://" + page.hostname() + ":" + connector.getLocalPort() + API + apiPath);
    }

    /**
     * The page's Statuspage API base, as a manifest's {@code status} names it: {@code https://HOST:PORT} when the
     * server speaks HTTPS, else {@code http://HOST:PORT}. The client appends {@code /api/v2/status.json}.
     */
    public URI base(StatusPage page) {
        return tlsConnector == null ? URI.create("http://" + page.hostname() + ":" + connector.getLocalPort())
                : URI.create("https://" + page.hostname() + ":" + tlsConnector.getLocalPort());
    }

    /** {@code http://ADDRESS:PORT/HOST/api/v2/...}: no name resolution needed. */
    public URI pathUrl(StatusPage page, String apiPath) {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort() + "/" + page.hostname()
                + API + apiPath);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new FakeCdnException("status pages: stopping failed", e);
        }
    }

    /**
     * The request handler: find the page, then the document. Small JSON, written at once, never blocks: a page made
     * slow ({@link StatusPage#answerAfter}) has its answer written by Jetty's scheduler, holding no thread meanwhile.
     */
    private final class Pages extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
            String path = Request.getPathInContext(request);
            String host = Request.getServerName(request).toLowerCase(Locale.ROOT);
            StatusPage page = pages.get(host);
            if (page == null) {
                int slash = path.indexOf('/', 1);
                if (slash > 0) {
                    page = pages.get(path.substring(1, slash).toLowerCase(Locale.ROOT));
                    path = path.substring(slash);
                }
            }
            if (page == null) {
                return send(response, callback, HttpStatus.NOT_FOUND_404,
                        error("no status page for host " + host + " or path " + path + "; pages: " + pages.keySet()));
            }
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                return send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, error("read-only API"));
            }
            Optional<Object> document = document(page, path);
            if (document.isEmpty()) {
                return send(response, callback, HttpStatus.NOT_FOUND_404, error("no such document: " + path));
            }
            String json = JSON.writeValueAsString(document.get());
            Duration delay = page.answerDelay();
            if (delay.isZero()) {
                return send(response, callback, HttpStatus.OK_200, json);
            }
            // What the page says when asked, sent late: the delay is the page's slowness, not a later reading.
            request.getComponents().getScheduler().schedule(() -> send(response, callback, HttpStatus.OK_200, json),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        }

        private static Optional<Object> document(StatusPage page, String path) {
            return switch (path) {
                case API + "status.json" -> Optional.of(page.statusDocument());
                case API + "incidents/unresolved.json" -> Optional.of(page.unresolvedDocument());
                case API + "incidents.json" -> Optional.of(page.incidentsDocument());
                default -> Optional.empty();
            };
        }

        private static String error(String message) throws JsonProcessingException {
            return JSON.writeValueAsString(Map.of("error", message));
        }

        private static boolean send(Response response, Callback callback, int status, String json) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            Content.Sink.write(response, true, json, callback);
            return true;
        }
    }

    /** Configures a {@link StatusPageServer}; {@link #start()} binds it. */
    public static final class Builder {
        private final List<StatusPage> pages = new java.util.ArrayList<>();
        /** Null: the next from {@link LoopbackAddresses}, taken when the server starts. */
        private InetAddress address;
        private LoopbackDns dns;
        private TestCertificateAuthority ca;

        private Builder() {
        }

        /** Also serve HTTPS, on a second port, with a certificate from {@code ca} for every page given so far. */
        public Builder https(TestCertificateAuthority ca) {
            this.ca = Objects.requireNonNull(ca, "ca");
            return this;
        }

        public Builder page(StatusPage page) {
            pages.add(Objects.requireNonNull(page, "page"));
            return this;
        }

        /** Bind this loopback address (default: the next from {@link LoopbackAddresses}). */
        public Builder address(InetAddress address) {
            this.address = LoopbackAddresses.requireLoopback(address);
            return this;
        }

        /** Register every page's host name in {@code dns}. */
        public Builder dns(LoopbackDns dns) {
            this.dns = dns;
            return this;
        }

        public StatusPageServer start() {
            if (address == null) {
                address = LoopbackAddresses.next();
            }
            return new StatusPageServer(this);
        }
    }
}
