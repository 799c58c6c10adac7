package io.outagedrill.fakes.dns;

import io.outagedrill.fakes.cdn.FakeCdnException;
import io.outagedrill.fakes.http.JettyReferencesPerCacheLine;
import io.outagedrill.fakes.tls.ServerSslContextFactory;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
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
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * DNS over HTTPS (RFC 8484) on loopback, answering as {@link LoopbackNameServer} does over UDP: the same
 * {@link NameServerAnswers}, so the world's DNS faults reach a downloader that can be pointed at a DoH server but not
 * at a name server on another port than 53 ({@code curl --doh-url}: Debian's curl is built without c-ares, so it has
 * no {@code --dns-servers}, but it speaks DoH).
 *
 * <p>{@code GET /dns-query?dns=BASE64URL} and {@code POST /dns-query} with an {@code application/dns-message} body,
 * both answered {@code 200 application/dns-message} with {@code Cache-Control: max-age} the answer's least TTL (RFC
 * 8484 §5.1). HTTPS only, with a certificate from the world's CA naming the server's address: curl refuses a DoH URL
 * that is not HTTPS. What is not a DoH query gets the status RFC 8484 names: 415 for another media type, 400 for a
 * query that does not parse, a missing {@code dns} or a body that cannot be read (a malformed chunk), 413 for a body
 * over {@link #MAX_QUERY}, 405 for another method, 404 for another path. A slow fault holds only its own request
 * (answered on a virtual thread), at most {@link LoopbackNameServer#MAX_IN_FLIGHT} at once; more get 503, as from a
 * busy server.
 */
public final class DohServer implements AutoCloseable {
    /** The path RFC 8484's examples use, and the one clients are configured with. */
    public static final String PATH = "/dns-query";
    static final String MEDIA_TYPE = "application/dns-message";
    /** A DNS message over TCP or HTTP is at most 65,535 bytes; a query is a few dozen. */
    static final int MAX_QUERY = 4096;
    /** The most of a body read before a refusal: a query a little too long is read whole, so its 413 arrives. */
    static final int READ_LIMIT = 16 * MAX_QUERY;
    private static final int MAX_ANSWER = 65_535;

    private final NameServerAnswers answers;
    private final Server server;
    private final ServerConnector connector;
    private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;

    private DohServer(FaultyResolver resolver, TestCertificateAuthority ca, InetAddress address, int maxInFlight) {
        this.answers = new NameServerAnswers(resolver);
        this.inFlight = new Semaphore(maxInFlight);
        JettyReferencesPerCacheLine.presetUnlessSet();
        QueuedThreadPool threads = new QueuedThreadPool(6, 1);
        threads.setName("doh-server");
        threads.setReservedThreads(0);
        this.server = new Server(threads);
        server.setStopTimeout(0);
        ServerSslContextFactory tls = ServerSslContextFactory.presenting(ca.issue(address.getHostAddress()));
        HttpConfiguration https = new HttpConfiguration();
        https.setSendServerVersion(false);
        https.addCustomizer(new SecureRequestCustomizer());
        this.connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(address.getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Queries());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing; the start failure is what matters
            }
            answering.shutdownNow();
            throw new FakeCdnException("DNS over HTTPS: cannot listen on " + address.getHostAddress() + ": " + e, e);
        }
    }

    /** Serves {@code resolver}'s answers over HTTPS on {@code address} (a loopback one), any free port. */
    public static DohServer start(FaultyResolver resolver, TestCertificateAuthority ca, InetAddress address) {
        return start(resolver, ca, address, LoopbackNameServer.MAX_IN_FLIGHT);
    }

    static DohServer start(FaultyResolver resolver, TestCertificateAuthority ca, InetAddress address,
                           int maxInFlight) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("a loopback address, not " + address);
        }
        return new DohServer(resolver, ca, address, maxInFlight);
    }

    /** {@code https://ADDRESS:PORT/dns-query}, as {@code curl --doh-url} takes it. */
    public URI url() {
        return URI.create("https://" + connector.getHost() + ":" + connector.getLocalPort() + PATH);
    }

    @Override
    public void close() {
        answering.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            throw new FakeCdnException("DNS over HTTPS: stopping failed", e);
        }
    }

    /** Finds the query in the request, then answers it on a virtual thread: a slow fault blocks only that one. */
    private final class Queries extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!PATH.equals(Request.getPathInContext(request))) {
                return refuse(response, callback, HttpStatus.NOT_FOUND_404, "DNS queries go to " + PATH);
            }
            String method = request.getMethod();
            if (HttpMethod.GET.is(method)) {
                String dns = Request.extractQueryParameters(request).getValue("dns");
                if (dns == null) {
                    return refuse(response, callback, HttpStatus.BAD_REQUEST_400, "no dns parameter");
                }
                byte[] query;
                try {
                    query = Base64.getUrlDecoder().decode(dns);
                } catch (IllegalArgumentException notBase64Url) {
                    return refuse(response, callback, HttpStatus.BAD_REQUEST_400,
                            "the dns parameter is not base64url: " + notBase64Url.getMessage());
                }
                return answer(query, response, callback);
            }
            if (!HttpMethod.POST.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
                return refuse(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "GET or POST a DNS query");
            }
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type == null || !MEDIA_TYPE.equalsIgnoreCase(MimeTypes.getContentTypeWithoutCharset(type).strip())) {
                return refuse(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
                        "a query is " + MEDIA_TYPE + ", not " + type);
            }
            // Read past MAX_QUERY, up to READ_LIMIT, before the refusal: a connection closed with a body still unread
            // is reset, and the reset can reach the client before the 413 does, which it then never reads (the JDK's
            // client: "header parser received no bytes"). A body past READ_LIMIT is refused unread all the same.
            Content.Source.asByteArrayAsync(request, READ_LIMIT).whenComplete((query, failure) -> {
                if (failure == null && query.length <= MAX_QUERY) {
                    answer(query, response, callback);
                } else if (failure == null || cause(failure) instanceof IllegalStateException) {
                    // Over MAX_QUERY, or what Jetty's accumulator fails with once the body outgrows READ_LIMIT.
                    refuse(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                            "a query of at most " + MAX_QUERY + " bytes");
                } else {
                    // A body that broke off or is malformed (a bad chunk): no query to judge the size of.
                    refuse(response, callback, HttpStatus.BAD_REQUEST_400,
                            "the body could not be read: " + cause(failure));
                }
            });
            return true;
        }

        /** The failure itself, out of the {@link CompletionException} a dependent stage wraps it in. */
        private static Throwable cause(Throwable failure) {
            return failure instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : failure;
        }

        private boolean answer(byte[] query, Response response, Callback callback) {
            if (!inFlight.tryAcquire()) {
                return refuse(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "busy");
            }
            try {
                answering.execute(() -> {
                    Message answer;
                    try {
                        answer = answers.respond(query);
                    } finally {
                        // Free before the answer goes out: a client that has its answer may ask again at once.
                        inFlight.release();
                    }
                    if (answer == null) {
                        refuse(response, callback, HttpStatus.BAD_REQUEST_400, "not a DNS query");
                        return;
                    }
                    response.setStatus(HttpStatus.OK_200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE);
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=" + leastTtl(answer));
                    response.write(true, ByteBuffer.wrap(answer.toWire(MAX_ANSWER)), callback);
                });
            } catch (RejectedExecutionException closing) {
                inFlight.release();
                callback.failed(closing);
            }
            return true;
        }

        private static boolean refuse(Response response, Callback callback, int status, String why) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            // A refusal may come before the request's body has arrived (a wrong media type, method or path), and Jetty
            // then closes the connection after the answer: said in the answer, so that no client sends its next
            // request on a connection about to close (the JDK's client does not send a POST again: "Broken pipe").
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            Content.Sink.write(response, true, why + "\n", callback);
            return true;
        }
    }

    /** The least TTL of the answer's records, 0 when it has none (a negative answer is not to be kept). */
    static long leastTtl(Message answer) {
        return answer.getSection(Section.ANSWER).stream().mapToLong(Record::getTTL).min().orElse(0);
    }
}
