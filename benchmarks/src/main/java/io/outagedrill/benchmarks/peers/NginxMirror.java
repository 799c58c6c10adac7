package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One mirror: an nginx master with one worker on its own loopback address, serving a document root over HTTPS
 * (a certificate from the bench's test CA) and plain HTTP, sendfile on, as a Debian package installs it. Its
 * access log records when each request started ({@code $msec - $request_time}), which is how the bench sees a
 * client's first range request without touching the client. {@link #pause} and {@link #resume} turn it into a
 * blackhole and back: SIGSTOP leaves its sockets open and the kernel still accepts connections, but nothing is
 * answered or sent, as when a route goes dead.
 */
final class NginxMirror implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(10);

    private final String name;
    private final InetAddress address;
    private final int httpsPort;
    private final int httpPort;
    private final Path prefix;
    private final Process process;

    private NginxMirror(String name, InetAddress address, int httpsPort, int httpPort, Path prefix, Process process) {
        this.name = name;
        this.address = address;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
        this.prefix = prefix;
        this.process = process;
    }

    /**
     * Starts nginx for {@code root} on {@code address}, with the PEM certificate chain and key given, and waits
     * until both ports accept connections.
     */
    static NginxMirror start(String nginx, String name, InetAddress address, Path root, Path certificateChain,
                             Path privateKey, Path prefix) throws IOException {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        int httpsPort = freePort(address);
        int httpPort = freePort(address);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config(address, httpsPort, httpPort, root, certificateChain, privateKey, prefix));
        Process process = new ProcessBuilder(nginx, "-p", prefix.toString(), "-c", conf.toString(),
                "-e", prefix.resolve("logs/error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
                .start();
        NginxMirror mirror = new NginxMirror(name, address, httpsPort, httpPort, prefix, process);
        try {
            mirror.awaitListening();
        } catch (IOException | RuntimeException e) {
            mirror.close();
            throw e;
        }
        return mirror;
    }

    static String config(InetAddress address, int httpsPort, int httpPort, Path root, Path certificateChain,
                         Path privateKey, Path prefix) {
        String host = address.getHostAddress();
        String temp = prefix.resolve("temp").toString();
        // Running as root, nginx would hand its worker to "nobody", who may not read the bench's files.
        String user = "root".equals(System.getProperty("user.name")) ? "user root root;\n" : "";
        return """
                %sdaemon off;
                worker_processes 1;
                pid %s;
                error_log %s warn;
                events { worker_connections 1024; }
                http {
                    default_type application/octet-stream;
                    sendfile on;
                    tcp_nopush on;
                    keepalive_requests 100000;
                    keepalive_timeout 75s;
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    fastcgi_temp_path %s/fastcgi;
                    uwsgi_temp_path %s/uwsgi;
                    scgi_temp_path %s/scgi;
                    log_format bench '$msec $request_time $status "$http_range" $body_bytes_sent';
                    access_log %s bench;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    ssl_session_cache shared:SSL:1m;
                    server {
                        listen %s:%d ssl;
                        listen %s:%d;
                        server_name %s;
                        ssl_certificate %s;
                        ssl_certificate_key %s;
                        root %s;
                    }
                }
                """.formatted(user, prefix.resolve("nginx.pid"), prefix.resolve("logs/error.log"),
                temp, temp, temp, temp, temp, prefix.resolve("logs/access.log"), host, httpsPort, host, httpPort,
                host, certificateChain, privateKey, root);
    }

    String name() {
        return name;
    }

    URI httpsUrl(String file) {
        return URI.create("https://" + address.getHostAddress() + ":" + httpsPort + "/" + file);
    }

    URI httpUrl(String file) {
        return URI.create("http://" + address.getHostAddress() + ":" + httpPort + "/" + file);
    }

    /** Bytes in the access log now: requests logged after this are a later run's. */
    long logMark() {
        try {
            return Files.size(prefix.resolve("logs/access.log"));
        } catch (IOException e) {
            return 0;
        }
    }

    /** When the first request logged after {@code mark} started, in epoch milliseconds; empty if none was. */
    OptionalLong firstRequestSince(long mark) {
        try {
            byte[] log = Files.readAllBytes(prefix.resolve("logs/access.log"));
            if (log.length <= mark) {
                return OptionalLong.empty();
            }
            String text = new String(log, (int) mark, log.length - (int) mark, StandardCharsets.US_ASCII);
            return AccessLog.firstStartMillis(text);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Every process of this mirror: master and worker. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        return all;
    }

    /** Freezes the mirror: connections stay open, nothing is sent or answered (a blackhole). */
    void pause() {
        signal("STOP");
    }

    void resume() {
        signal("CONT");
    }

    /** One {@code kill} for master and workers together: one process start, so they stop within microseconds. */
    private void signal(String which) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + which));
        processes().forEach(p -> command.add(Long.toString(p.pid())));
        try {
            new ProcessBuilder(command).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal nginx " + command.subList(2, command.size()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("nginx for %s exited with %d: %s".formatted(name, process.exitValue(),
                        readLog()));
            }
            if (accepts(httpsPort) && accepts(httpPort)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("nginx for %s did not listen on %s:%d within %d s: %s".formatted(name,
                        address.getHostAddress(), httpsPort, START_LIMIT.toSeconds(), readLog()));
            }
            try {
                Thread.sleep(20); // polling a process we started for a listening port; no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while nginx started", e);
            }
        }
    }

    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String readLog() {
        try {
            return Files.readString(prefix.resolve("logs/error.log")).strip();
        } catch (IOException e) {
            return "(no error log)";
        }
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            resume(); // a stopped nginx does not act on SIGTERM until continued
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
