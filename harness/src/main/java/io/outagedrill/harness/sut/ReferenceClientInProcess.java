package io.outagedrill.harness.sut;

import io.outagedrill.client.job.JobOutcome;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.job.ManifestDownload;
import io.outagedrill.client.job.ManifestSource;
import io.outagedrill.client.manifest.InMemoryVersionStore;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VersionStore;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TransferConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/**
 * The reference client as a library in the harness's JVM: cheap enough for hundreds of simulated clients on
 * virtual threads, and it reports every event. It runs the CLI's own job ({@link ManifestDownload}), so its exit
 * codes are the CLI's ({@link ExitCodes}).
 */
public final class ReferenceClientInProcess implements SystemUnderTest {
    /** OkHttp's own connect, read and write timeouts. */
    private static final Duration OKHTTP_DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Clock clock;
    private final UnaryOperator<TransferConfig.Builder> tuning;
    private final VersionStore versions;
    private final io.outagedrill.client.events.DownloadListener events;

    /**
     * @param tuning   adjusts the transfer config after the job's policy is set (timeouts for a compressed
     *                 timeline, a seed)
     * @param versions rollback memory shared by the simulated clients of a run (one user's memory per client
     *                 would hide rollbacks between clients)
     */
    public ReferenceClientInProcess(Clock clock, UnaryOperator<TransferConfig.Builder> tuning, VersionStore versions) {
        this(clock, tuning, versions, io.outagedrill.client.events.DownloadListener.none());
    }

    /** @param events also hears every event of every download (a run's metrics), from the download's threads */
    public ReferenceClientInProcess(Clock clock, UnaryOperator<TransferConfig.Builder> tuning, VersionStore versions,
                                    io.outagedrill.client.events.DownloadListener events) {
        this.clock = clock;
        this.tuning = tuning;
        this.versions = versions;
        this.events = events;
    }

    public ReferenceClientInProcess() {
        this(Clock.systemUTC(), b -> b, new InMemoryVersionStore());
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Set<Capability> reports() {
        return Capability.referenceEvents();
    }

    /** Its OkHttp client looks names up through the job's resolver when it has one. */
    @Override
    public boolean looksUpNamesThroughTheWorld() {
        return true;
    }

    /** Its OkHttp client connects from the job's source address when it has one. */
    @Override
    public boolean connectsFromItsOwnAddress() {
        return true;
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        okhttp3.Dns dns = job.resolver() == null ? HttpClients.resolving(job.resolve()) : job.resolver()::lookup;
        // Plain-HTTP mirrors only where the world serves some (https: false in the scenario), as drill get's
        // --allow-http: otherwise the shipped client's refusal stands.
        TransferConfig config = tuning.apply(TransferConfig.builder().policy(job.policy())
                .deadline(job.timeout()).allowPlainHttp(job.plainHttp())).build();
        OkHttpClient built = HttpClients.builder(job.caCertificate(), dns)
                // The manifest is fetched with this client as built (the download's own client gets the config's
                // timeouts from the Downloader): OkHttp's 10 s connect and read limits, as for the CLI, unless a
                // scenario raises the transfer's own (a fleet of a thousand sharing two cores for its TLS
                // handshakes needs longer than 10 s for a manifest's first byte). Never lowered.
                .connectTimeout(atLeast(config.connectTimeout(), OKHTTP_DEFAULT_TIMEOUT))
                .readTimeout(atLeast(config.firstByteTimeout(), OKHTTP_DEFAULT_TIMEOUT))
                .writeTimeout(atLeast(config.firstByteTimeout(), OKHTTP_DEFAULT_TIMEOUT))
                .build();
        OkHttpClient http = job.sourceAddress().map(from -> HttpClients.boundTo(built, from)).orElse(built);
        List<Observation> observations = new CopyOnWriteArrayList<>();
        Consumer<Observation> record = o -> {
            observations.add(o);
            observer.accept(o);
        };
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        AtomicInteger exit = new AtomicInteger(-1);
        AtomicReference<String> output = new AtomicReference<>("");
        AtomicLong endedNanos = new AtomicLong();
        Thread thread = Thread.ofVirtual().name("reference-" + job.id()).start(() -> {
            io.outagedrill.client.events.DownloadListener listener = event -> {
                Observations.of(event, clock.instant()).ifPresent(record);
                events.on(event);
            };
            try {
                ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(job.trustStore()), versions, clock,
                        ManifestVerifier.DEFAULT_SKEW, job.plainHttp() ? ManifestJson.Options.ALLOW_PLAIN_HTTP
                                : ManifestJson.Options.STRICT)
                        .expectingFile(job.fileName()); // the file the user asks for, as the CLI's --file says it
                Downloader downloader = Downloader.builder().config(config).httpClient(http).listener(listener)
                        .clock(clock).threads(Thread.ofVirtual().factory()).build();
                JobOutcome outcome = ManifestDownload.builder().verifier(verifier).downloader(downloader)
                        .httpClient(http).listener(listener).clock(clock).build()
                        .run(ManifestSource.locations(job.manifestUrls().stream().map(Object::toString).toList()),
                                DownloadRequest.into(job.outputDir()));
                switch (outcome) {
                    case JobOutcome.Downloaded done -> { }
                    case JobOutcome.Rejected rejected ->
                            output.set(rejected.error().reason() + ": " + rejected.error().getMessage());
                    case JobOutcome.Failed failed ->
                            output.set(failed.error().reason() + ": " + failed.error().getMessage());
                }
                exit.set(outcome.exitCode());
            } catch (Throwable e) {
                // An Error too (OutOfMemoryError above all): the runner reads the limit it names from these words
                // and stops the fleet, where an uncaught error would leave this client without an exit code. And a
                // checked exception: OkHttp's Kotlin code throws InterruptedIOException undeclared when killed.
                output.set(e.toString());
                exit.set(ExitCodes.DOWNLOAD_FAILED);
            } finally {
                endedNanos.set(System.nanoTime());
                // Each simulated user has its own client, pool and dispatcher (the download's client shares them):
                // left open, a fleet of a thousand would keep up to five idle sockets each for five minutes, which
                // the fleet's file-descriptor limit would then blame on the run. Closed on a thread of their own
                // and not timed: the JDK's TLS socket waits on close for the peer's close_notify, up to its read
                // timeout, so an idle connection to a blackholed mirror added 10 s to a download already done.
                Thread.ofVirtual().name("reference-" + job.id() + "-pool-close").start(() -> {
                    http.connectionPool().evictAll();
                    http.dispatcher().executorService().shutdown();
                });
            }
        });
        return new RunningDownload() {
            @Override
            public DownloadOutcome await() throws InterruptedException {
                boolean finished = thread.join(job.timeout().plus(Duration.ofSeconds(5)));
                if (!finished) {
                    kill();
                    thread.join(Duration.ofSeconds(10));
                }
                long ended = finished ? endedNanos.get() : System.nanoTime();
                return ProcessDownload.outcome(job, name(), exit.get(), started,
                        Duration.ofNanos(ended - startedNanos), !finished, observations, output.get());
            }

            @Override
            public void kill() {
                thread.interrupt();
            }
        };
    }

    private static Duration atLeast(Duration value, Duration floor) {
        return value.compareTo(floor) > 0 ? value : floor;
    }
}
