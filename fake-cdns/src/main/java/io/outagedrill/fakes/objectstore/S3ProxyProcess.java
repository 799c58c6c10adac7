package io.outagedrill.fakes.objectstore;

import io.outagedrill.fakes.TempTrees;
import io.outagedrill.fakes.cdn.LoopbackAddresses;

import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.tls.ServerCredentials;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An S3-compatible object store for drills: S3Proxy run as its own JVM (its Jetty 11 never meets our
 * Jetty 12), on a loopback address, anonymous ({@code s3proxy.authorization=none}), with a filesystem or
 * in-memory blob store in a temp directory, over plain HTTP or (with {@link Builder#https}) HTTPS only.
 * Objects are fetched by plain GET with {@code Range} (206), like any mirror.
 *
 * <pre>{@code
 * try (S3ProxyProcess s3 = S3ProxyProcess.builder().start()) {
 *     s3.createBucket("media");
 *     s3.put("media", "v/video.mp4", file);
 *     URI url = s3.url("media", "v/video.mp4");   // http://127.0.0.5:PORT/media/v/video.mp4
 * }
 * }</pre>
 *
 * Starting takes a second or two (a JVM and jclouds), so share one per test class where possible.
 */
public final class S3ProxyProcess implements AutoCloseable {
    /**
     * System property: JVM options for every S3Proxy process started here, split on whitespace (none by default).
     * The builds' tests set it (the fake-cdns and harness pom.xml) to start the server on less CPU; a {@link
     * Builder#jvmOptions} given in code wins.
     */
    public static final String JVM_OPTIONS_PROPERTY = "outagedrill.s3proxy.jvm-options";
    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyProcess.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final InetSocketAddress address;
    private final URI endpoint;
    private final Path directory;
    private final Path log;
    private final HttpClient http;
    private final Reaper reaper;
    private volatile boolean closed;

    private S3ProxyProcess(Process process, InetSocketAddress address, URI endpoint, Path directory, Path log,
                           HttpClient http, Reaper reaper) {
        this.process = process;
        this.address = address;
        this.endpoint = endpoint;
        this.directory = directory;
        this.log = log;
        this.http = http;
        this.reaper = reaper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address and port S3Proxy listens on. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code http://ADDRESS:PORT}, or {@code https://ADDRESS:PORT} when built with {@link Builder#https}. */
    public URI endpoint() {
        return endpoint;
    }

    public boolean isHttps() {
        return endpoint.getScheme().equals("https");
    }

    /** The server process (for its pid, or to check it is gone after {@link #close()}). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** The temp directory holding the configuration, the log and (filesystem store) the objects. */
    public Path directory() {
        return directory;
    }

    /** Path-style URL of an object: {@code http(s)://ADDRESS:PORT/BUCKET/KEY}, key segments percent-encoded. */
    public URI url(String bucket, String key) {
        return endpoint().resolve(objectPath(bucket, key));
    }

    /** {@code /BUCKET/KEY}, as a path on any host name that reaches this store. */
    public static String objectPath(String bucket, String key) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        String encoded = Stream.of(key.split("/", -1))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        return "/" + URLEncoder.encode(bucket, StandardCharsets.UTF_8) + "/" + encoded;
    }

    /** Creates a bucket (idempotent: an existing one of ours is fine). */
    public void createBucket(String bucket) {
        URI url = endpoint().resolve("/" + URLEncoder.encode(bucket, StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.noBody()),
                "create bucket " + bucket);
        if (response.statusCode() != 200 && !response.body().contains("BucketAlreadyOwnedByYou")) {
            throw failure("create bucket " + bucket, response);
        }
    }

    /**
     * Uploads {@code content} as {@code bucket/key}, streamed from the content with its exact length (S3
     * wants a Content-Length), anonymously. Returns the object's URL.
     */
    public URI put(String bucket, String key, HostedContent content) {
        URI url = url(bucket, key);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(content::open), content.size());
        HttpResponse<String> response = send(HttpRequest.newBuilder(url)
                .header("Content-Type", content.contentType()).PUT(body), "put " + bucket + "/" + key);
        if (response.statusCode() != 200) {
            throw failure("put " + bucket + "/" + key, response);
        }
        return url;
    }

    /** Stops the server (then kills it if it lingers) and deletes the temp directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.shutdownNow();
        stop(process);
        reaper.disarm();
        quietDelete(directory);
    }

    @Override
    public String toString() {
        return "S3ProxyProcess[" + endpoint() + ", pid " + process.pid() + "]";
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ObjectStoreException("S3Proxy at " + endpoint() + ": " + what + " failed: " + e
                    + logTail(log), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException("interrupted: " + what, e);
        }
    }

    private ObjectStoreException failure(String what, HttpResponse<String> response) {
        return new ObjectStoreException("S3Proxy at " + endpoint() + ": " + what + " expected 200, got "
                + response.statusCode() + ": " + response.body());
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\nlast lines of " + log + ":\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** Configures and starts an {@link S3ProxyProcess}. */
    public static final class Builder {
        private Path jar;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private BlobStore blobStore = BlobStore.FILESYSTEM;
        private Duration startTimeout = Duration.ofSeconds(30);
        private String maxHeap = "256m";
        private TestCertificateAuthority ca;
        private String hostname;
        private List<String> jvmOptions = optionsFrom(System.getProperty(JVM_OPTIONS_PROPERTY, ""));

        private Builder() {
        }

        /**
         * Options for the server's JVM, before {@code -jar} (default: those of the system property {@value
         * #JVM_OPTIONS_PROPERTY}). Its heap is {@link #maxHeap}'s.
         */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /**
         * Serves HTTPS only ({@code s3proxy.secure-endpoint}) with a certificate from {@code ca} naming {@code
         * hostname} and the listen address, as a fake CDN's does, so a client that trusts the test CA (and no one
         * else) accepts it by name or by address. The process's own requests (buckets, uploads) trust {@code ca}
         * alone.
         */
        public Builder https(TestCertificateAuthority ca, String hostname) {
            this.ca = Objects.requireNonNull(ca, "ca");
            this.hostname = Objects.requireNonNull(hostname, "hostname");
            return this;
        }

        /** The server jar (default: {@link S3ProxyJar#require()}). */
        public Builder jar(Path jar) {
            this.jar = Objects.requireNonNull(jar, "jar");
            return this;
        }

        /** A loopback address to listen on (default 127.0.0.1; e.g. a {@code LoopbackAddresses.next()}). */
        public Builder address(InetAddress address) {
            this.address = LoopbackAddresses.requireLoopback(address);
            return this;
        }

        public Builder blobStore(BlobStore store) {
            this.blobStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** How long to wait for the server to answer before giving up (default 30 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The S3Proxy JVM's {@code -Xmx} (default 256m; raise it for a large transient store). */
        public Builder maxHeap(String xmx) {
            this.maxHeap = Objects.requireNonNull(xmx, "xmx");
            return this;
        }

        public S3ProxyProcess start() {
            Path server = jar != null ? jar : S3ProxyJar.require();
            Path directory;
            try {
                // Named after this JVM, so that the next one removes it if this one is killed with -9: it holds a
                // copy of the files served (OwnedFolders).
                directory = io.outagedrill.fakes.OwnedFolders.S3PROXY.create();
                Files.createDirectories(directory.resolve("blobs"));
            } catch (IOException e) {
                throw new ObjectStoreException("cannot create a temp directory for S3Proxy", e);
            }
            // From here on, a JVM that exits (Ctrl-C while a topology starts) takes the server and the folder with it.
            Reaper reaper = new Reaper(directory);
            ObjectStoreException last = null;
            // S3Proxy takes a fixed port from its configuration, so a port found free may be taken by
            // someone else before it binds: then it exits, and another port is tried.
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                try {
                    return launch(server, directory, freePort(), reaper);
                } catch (PortTakenException e) {
                    LOG.info("S3Proxy could not bind {} (attempt {}); trying another port", e.getMessage(), attempt);
                    last = e;
                } catch (RuntimeException e) {
                    reaper.disarm();
                    quietDelete(directory);
                    throw e;
                }
            }
            reaper.disarm();
            quietDelete(directory);
            throw last;
        }

        private int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, address)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new ObjectStoreException("cannot bind " + address.getHostAddress(), e);
            }
        }

        private S3ProxyProcess launch(Path server, Path directory, int port, Reaper reaper) {
            URI endpoint = URI.create((ca != null ? "https" : "http") + "://" + address.getHostAddress() + ":" + port);
            Path config = directory.resolve("s3proxy.conf");
            Path log = directory.resolve("s3proxy-" + port + ".log");
            Path keyStore = ca == null ? null : ca.issue(hostname, address.getHostAddress())
                    .writePkcs12(directory.resolve("keystore.p12"));
            writeConfig(config, endpoint, keyStore, blobStore, directory.resolve("blobs"));
            List<String> command = new ArrayList<>();
            command.add(javaCommand());
            command.add("-Xmx" + maxHeap);
            // No -XX:+UseSerialGC: with a small heap it made jclouds' start two to three times slower.
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(server.toString());
            command.add("--properties");
            command.add(config.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("LOG_LEVEL", "warn"); // S3Proxy's logback reads these
            builder.environment().put("JETTY_LOG_LEVEL", "warn");
            Process process;
            reaper.starting();
            try {
                process = builder.start();
            } catch (IOException e) {
                reaper.watch(null);
                throw new ObjectStoreException("cannot start " + String.join(" ", command), e);
            }
            reaper.watch(process);
            HttpClient http = client(Duration.ofSeconds(5));
            try {
                awaitReady(process, endpoint, log);
            } catch (RuntimeException e) {
                http.shutdownNow();
                stop(process);
                throw e;
            }
            LOG.debug("S3Proxy {} ready at {} (pid {})", S3ProxyJar.version(), endpoint, process.pid());
            return new S3ProxyProcess(process, new InetSocketAddress(address, port), endpoint, directory, log, http,
                    reaper);
        }

        /** Loopback only, whatever the environment says; over HTTPS, trusting the test CA and nothing else. */
        private HttpClient client(Duration connectTimeout) {
            HttpClient.Builder client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
            if (ca != null) {
                client.sslContext(ca.clientSslContext());
            }
            return client.build();
        }

        /**
         * Polls the endpoint until any HTTP answer comes. Main code has no Awaitility, so this is its bounded
         * equivalent: short waits (on the process's exit, so a crash is seen at once) under one deadline.
         */
        private void awaitReady(Process process, URI endpoint, Path log) {
            URI probe = endpoint.resolve("/");
            long deadline = System.nanoTime() + startTimeout.toNanos();
            IOException lastTry = null;
            try (HttpClient client = client(POLL.multipliedBy(10))) {
                while (true) {
                    try {
                        client.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        return;
                    } catch (IOException notYet) {
                        // Not listening yet (or, over HTTPS, a handshake that fails: said at the deadline).
                        lastTry = notYet;
                    }
                    try {
                        process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                        String tail = logTail(log);
                        if (tail.contains("Address already in use") || tail.contains("BindException")) {
                            throw new PortTakenException(endpoint.getAuthority());
                        }
                        throw new ObjectStoreException("S3Proxy exited with " + process.exitValue()
                                + " before answering at " + probe + tail);
                    } catch (TimeoutException stillStarting) {
                        // Running, not answering yet: poll again.
                    } catch (ExecutionException e) {
                        throw new ObjectStoreException("waiting for S3Proxy failed", e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new ObjectStoreException("S3Proxy did not answer at " + probe + " within "
                                + startTimeout.toMillis() + " ms; last try: " + lastTry + logTail(log));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ObjectStoreException("interrupted while S3Proxy started", e);
            }
        }

        /** With a key store, the one endpoint is the secure one: nothing reaches this store in plain text. */
        private static void writeConfig(Path config, URI endpoint, Path keyStore, BlobStore store, Path blobs) {
            Properties p = new Properties();
            if (keyStore == null) {
                p.setProperty("s3proxy.endpoint", endpoint.toString());
            } else {
                p.setProperty("s3proxy.secure-endpoint", endpoint.toString());
                p.setProperty("s3proxy.keystore-path", keyStore.toString());
                p.setProperty("s3proxy.keystore-password", ServerCredentials.PASSWORD);
            }
            p.setProperty("s3proxy.authorization", "none");
            p.setProperty("jclouds.provider", store.provider());
            p.setProperty("jclouds.filesystem.basedir", blobs.toString());
            // jclouds wants credentials even when S3Proxy checks none.
            p.setProperty("jclouds.identity", "local");
            p.setProperty("jclouds.credential", "local");
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                p.store(out, "written by S3ProxyProcess");
            } catch (IOException e) {
                throw new ObjectStoreException("cannot write " + config, e);
            }
        }

        private static List<String> optionsFrom(String text) {
            return Stream.of(text.strip().split("\\s+")).filter(option -> !option.isEmpty()).toList();
        }

        /** The JDK running us, so the server gets a Java we know is there and new enough. */
        private static String javaCommand() {
            return ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }

    /**
     * The shutdown hook of one S3Proxy: a JVM that exits without {@link #close()} (a test that forgot it, or Ctrl-C
     * while {@code topology up} waits for the server to answer, before anything could close it) kills the server and
     * deletes its folder (the uploaded files). Armed before the process exists; a process started after the hook ran
     * is killed at once.
     */
    private static final class Reaper {
        private final Path directory;
        private final Thread hook;
        private Process process;
        private boolean ran;
        /** Between {@link #starting} and {@link #watch}: a process may exist that {@link #reap} must wait for. */
        private boolean starting;

        Reaper(Path directory) {
            this.directory = directory;
            this.hook = new Thread(this::reap, "s3proxy-reaper");
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                ran = true; // too late for hooks: whatever starts now is stopped by watch()
            }
        }

        /** The process is about to start: a shutdown from now on waits (briefly) for {@link #watch} to name it. */
        synchronized void starting() {
            starting = true;
        }

        /** The process started ({@code null}: it did not), to stop at shutdown. */
        synchronized void watch(Process started) {
            process = started;
            starting = false;
            notifyAll();
            if (ran && started != null) {
                started.destroyForcibly();
                throw new ObjectStoreException("the JVM is shutting down: S3Proxy stopped as it started");
            }
        }

        private void reap() {
            Process toStop;
            synchronized (this) {
                ran = true;
                // A shutdown between the process's start and watch(): without waiting for it, the folder was deleted
                // while the new S3Proxy went on and made its blobs folder there again (seen in S3ProxyProcessExitTest).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                for (long left = deadline - System.nanoTime(); starting && left > 0;
                        left = deadline - System.nanoTime()) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                toStop = process;
            }
            if (toStop != null) {
                toStop.destroyForcibly();
                try {
                    toStop.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            TempTrees.deleteQuietly(directory);
        }

        /** Closed or failed: the owner has stopped the server and deletes the folder itself. */
        void disarm() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs anyway.
            }
        }
    }

    private static final class PortTakenException extends ObjectStoreException {
        PortTakenException(String address) {
            super(address);
        }
    }

    private static void quietDelete(Path root) {
        io.outagedrill.fakes.OwnedFolders.S3PROXY.deleteQuietly(root);
        if (Files.exists(root)) {
            LOG.warn("could not delete {}", root);
        }
    }
}
