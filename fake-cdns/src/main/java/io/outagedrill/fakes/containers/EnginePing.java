package io.outagedrill.fakes.containers;

import io.outagedrill.client.Durations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Asks the engine's {@code /_ping} once, within a time limit, before Testcontainers is asked: Testcontainers waits
 * without limit on an engine that accepts connections and never answers (a paused daemon, a stale listener), and a
 * socket that is no engine at all makes it fall back silently to the default socket. Written here because the
 * Docker client has no time limit on its first request; the question is one HTTP/1.0 request on the socket.
 */
final class EnginePing {
    static final Duration LIMIT = Duration.ofSeconds(5);
    /** The status line of an engine's answer to {@code GET /_ping}. */
    private static final Pattern ENGINE_REPLY = Pattern.compile("HTTP/1\\.[01] 200\\b");
    /** What Go's HTTPS server, an engine listening for TLS ({@code DOCKER_TLS_VERIFY}), answers plain HTTP with. */
    private static final String TLS_ENGINE_REPLY = "Client sent an HTTP request to an HTTPS server.";

    private EnginePing() {
    }

    /** Why the engine at {@code address} does not answer as an engine; empty when it does, or when it cannot be asked. */
    static Optional<String> problem(EngineAddress address, Duration limit) {
        Optional<SocketAddress> target = target(address);
        if (target.isEmpty()) {
            // Testcontainers' client takes unix:///PATH and tcp://HOST:PORT here; given anything else (ssh://, no
            // port, a typo) it falls back to the default socket without a word: a run on another engine than asked.
            return Optional.of(("the Docker engine address %s is not one Testcontainers can use here (unix:///PATH or "
                    + "tcp://HOST:PORT; it would fall back to %s)").formatted(address.description(),
                    EngineAddress.DEFAULT_SOCKET));
        }
        FutureTask<String> ask = new FutureTask<>(() -> reply(target.get()));
        Thread asking = Thread.ofVirtual().name("engine-ping").start(ask);
        try {
            String reply = ask.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            // An engine answers its ping with 200, or, listening for TLS, with Go's one reply to plain HTTP. Any other
            // HTTP server (a web server on the port DOCKER_HOST names by mistake) answers 404 or the like, and
            // Testcontainers would then fall back to the default socket without a word.
            if (ENGINE_REPLY.matcher(reply).lookingAt() || reply.contains(TLS_ENGINE_REPLY)) {
                return Optional.empty();
            }
            String line = reply.lines().findFirst().orElse("").strip();
            return Optional.of(("something at %s answers, but not as a Docker engine (its first line: '%s')")
                    .formatted(address.description(), line));
        } catch (TimeoutException e) {
            asking.interrupt(); // closes the channel
            return Optional.of(("the Docker engine at %s does not answer: no reply to GET /_ping within %s (a "
                    + "paused or hung daemon?)").formatted(address.description(), Durations.words(limit)));
        } catch (ExecutionException e) {
            return Optional.of(unreachable(address, e.getCause()));
        } catch (InterruptedException e) {
            asking.interrupt();
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking the Docker engine at " + address.description());
        }
    }

    /**
     * Why connecting to the engine failed. A socket this user may not open is an engine that is there: the JDK
     * reports connect(2)'s EACCES on a Unix socket as a {@link java.net.BindException} "Permission denied" (seen with
     * JDK 25, a user outside the socket's group), and the fix is the socket's group, not another engine.
     */
    static String unreachable(EngineAddress address, Throwable cause) {
        if (cause instanceof java.net.SocketException && cause.getMessage() != null
                && cause.getMessage().equalsIgnoreCase("Permission denied")) {
            return "the Docker engine at %s %s (permission denied on its socket)".formatted(address.description(),
                    NOT_LET_IN);
        }
        return "no Docker engine answers at %s (%s)".formatted(address.description(),
                cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    /** The words of {@link #unreachable} for a socket this user may not open, which {@link ContainerEngine#remedy} reads. */
    static final String NOT_LET_IN = "does not let this user in";

    private static Optional<SocketAddress> target(EngineAddress address) {
        Optional<java.nio.file.Path> socket = address.socket();
        if (socket.isPresent()) {
            return Optional.of(UnixDomainSocketAddress.of(socket.get()));
        }
        return address.configured().filter(a -> a.startsWith("tcp://")).map(URI::create)
                .filter(uri -> uri.getHost() != null && uri.getPort() > 0)
                .map(uri -> new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    /**
     * The reply to the ping, as far as it tells: up to its first line, but for a 400, which a TLS engine answers
     * plain HTTP with, what comes until the other side closes (at most 256 bytes), so it can be told by its body.
     */
    private static String reply(SocketAddress target) throws IOException {
        try (SocketChannel channel = SocketChannel.open(target)) {
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(256);
            while (reply.hasRemaining() && channel.read(reply) > 0) {
                String text = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
                if (text.contains("\n") && !text.startsWith("HTTP/1.0 400 ")) {
                    return text.substring(0, text.indexOf('\n')).strip();
                }
            }
            return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII).strip();
        }
    }
}
