package io.outagedrill.control;

import io.outagedrill.client.IoErrors;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The routing controller: each round it probes every mirror of the manifest at once (one chunk each, a different
 * chunk each round), feeds the results to a {@link RoutingTable}, and when the order of mirrors should change,
 * publishes the same manifest with the mirrors reordered and the version one higher, so clients that fetch it
 * afterwards try a healthy mirror first. Clients already downloading keep their manifest; their own failover
 * covers them.
 */
public final class Router implements AutoCloseable {
    private final ManifestPublisher publisher;
    private final MirrorProber prober;
    private final Clock clock;
    private final Consumer<RoutingEvent> events;
    private final RoutingTable table;
    private final RoutingPolicy policy;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final StatusReader status;
    private volatile Manifest current;
    private final java.util.Map<String, String> lastStatus = new java.util.concurrent.ConcurrentHashMap<>();
    private long rounds;
    /** The demotions taken over from {@code published}, told at the first round, on the round's thread. */
    private final List<RoutingEvent> resumed = new ArrayList<>();
    /** Told once when every mirror lies, not every round until one stops. */
    private boolean withholding;
    private Thread loop;
    /** What stopped the started rounds early; null while they run or when they ended by themselves. */
    private volatile Throwable failure;

    /**
     * @param published the manifest as published now; its mirror order is the publisher's preference, which
     *                  healthy mirrors keep
     * @param events    receives every probe and decision, on the round's thread (status pages are read on probe
     *                  threads, and told here once all are in)
     */
    public Router(Manifest published, ManifestPublisher publisher, MirrorProber prober, RoutingPolicy policy,
                  Clock clock, Consumer<RoutingEvent> events) {
        this(published, publisher, prober, null, policy, clock, events);
    }

    /**
     * @param status reads the providers' status pages (those the manifest names) each round; null to ignore them
     */
    public Router(Manifest published, ManifestPublisher publisher, MirrorProber prober, StatusReader status,
                  RoutingPolicy policy, Clock clock, Consumer<RoutingEvent> events) {
        this(published, published.target().mirrors(), publisher, prober, status, policy, clock, events);
    }

    /**
     * @param preferred the publisher's order and priorities of the same mirrors, where {@code published} is the
     *                  router's own earlier output ({@link PreferredOrder}); healthy mirrors go back to these, and
     *                  those {@code published} lists as demoted start demoted
     */
    public Router(Manifest published, List<Mirror> preferred, ManifestPublisher publisher, MirrorProber prober,
                  StatusReader status, RoutingPolicy policy, Clock clock, Consumer<RoutingEvent> events) {
        this.status = status;
        this.current = Objects.requireNonNull(published, "published");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.prober = Objects.requireNonNull(prober, "prober");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.table = new RoutingTable(preferred, policy);
        table.resumeFrom(published.target().mirrors(), published.version(), clock.instant(), resumed::add);
    }

    /** The manifest as last published (the initial one until the first change). */
    public Manifest current() {
        return current;
    }

    /** One round: probe every mirror, update the table, publish if the order changed. */
    public synchronized void round() {
        Target target = current.target();
        List<Mirror> mirrors = target.mirrors();
        long round = rounds++;
        resumed.forEach(events);
        resumed.clear();
        if (status != null) {
            readStatusPages(mirrors);
        }
        if (target.chunkCount() > 0) {
            List<Future<ProbeResult>> results = new ArrayList<>(mirrors.size());
            for (int i = 0; i < mirrors.size(); i++) {
                Mirror mirror = mirrors.get(i);
                // Spread probes over the file: a mirror that lost one object part is found sooner or later. One
                // caught serving wrong bytes is asked for that chunk again, until it serves it right.
                int chunk = table.recheck(mirror).orElse((int) ((round * 31 + i) % target.chunkCount()));
                results.add(probes.submit(() -> prober.probe(target, mirror, chunk)));
            }
            for (Future<ProbeResult> future : results) {
                ProbeResult result = policy.judge(await(future)); // told as the table counts it
                events.accept(new RoutingEvent.Probed(result.at(), result));
                table.observe(result, events);
            }
        }
        if (table.everyMirrorServesWrongBytes()) {
            if (!withholding) {
                events.accept(new RoutingEvent.Withheld(clock.instant(),
                        "every mirror serves wrong bytes; no order is safe to sign"));
                withholding = true;
            }
            return;
        }
        withholding = false;
        List<Mirror> order = table.order();
        if (order.equals(mirrors)) {
            return;
        }
        Manifest next;
        long version = current.version() + 1; // what the event names if the key's record cannot even be read
        try {
            version = publisher.nextVersion(current);
            // Routed: clients keep this order and read no status page, which this router has read beside its probes.
            next = new Manifest(new Target(target.file(), target.size(), target.sha256(), target.mimeType(),
                    target.chunkSize(), target.chunks(), order), current.expires(), version, current.alternates(),
                    true);
            publisher.publish(next);
        } catch (IOException | RuntimeException e) {
            // Retried next round: a record or a file that cannot be written now may be writable then.
            events.accept(new RoutingEvent.PublishFailed(clock.instant(), version, why(e)));
            return;
        }
        current = next;
        events.accept(new RoutingEvent.Published(clock.instant(), next.version(),
                order.stream().map(RoutingTable::name).toList(), table.reasons()));
    }

    /** A failed publication in words: a file system error's kind as well as its path. */
    private static String why(Exception e) {
        return e instanceof IOException io ? IoErrors.describe(io)
                : Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    }

    /** Reads every status page at once, then applies them here, on the round's thread, in the mirrors' order. */
    private void readStatusPages(List<Mirror> mirrors) {
        List<Future<Optional<StatusReader.Indicator>>> reads = new ArrayList<>();
        for (Mirror mirror : mirrors) {
            reads.add(probes.submit(() -> status.read(mirror)));
        }
        for (int i = 0; i < mirrors.size(); i++) {
            Optional<StatusReader.Indicator> indicator;
            try {
                indicator = reads.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                continue; // a page that cannot be read says nothing
            }
            Mirror mirror = mirrors.get(i);
            indicator.ifPresent(read -> {
                table.status(mirror, read);
                String previous = lastStatus.put(RoutingTable.name(mirror), read.name());
                if (!read.name().equals(previous)) {
                    events.accept(new RoutingEvent.StatusRead(clock.instant(), RoutingTable.name(mirror),
                            read.name().toLowerCase(java.util.Locale.ROOT)));
                }
            });
        }
    }

    private ProbeResult await(Future<ProbeResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a probe failed unexpectedly", e.getCause());
        }
    }

    /**
     * Runs rounds every {@code interval} on a background thread until {@code maxRounds} rounds ran, {@code maxTime}
     * passed, or {@link #close()}: every loop that sends traffic stops by itself. It ends right after its last
     * round, and at {@code maxTime} even in the middle of an interval.
     */
    public synchronized void start(Duration interval, long maxRounds, Duration maxTime) {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        long began = System.nanoTime();
        long limit = saturatedNanos(maxTime); // elapsed time is compared, so no sum of the two can overflow
        long pause = saturatedNanos(interval);
        loop = Thread.ofPlatform().daemon().name("router").start(() -> {
            for (long i = 0; i < maxRounds && System.nanoTime() - began < limit; i++) {
                try {
                    round();
                } catch (RuntimeException | Error e) {
                    // Kept for awaitEnd: a loop that died must not read as rounds that ended by themselves.
                    failure = e;
                    return;
                }
                long left = limit - (System.nanoTime() - began);
                if (i + 1 >= maxRounds || left <= 0) {
                    return;
                }
                try {
                    if (stopped.await(Math.min(pause, left), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Waits for the rounds started by {@link #start} to end by themselves.
     *
     * @throws ExecutionException when a round failed unexpectedly, which stopped the rounds; its cause is why
     */
    public void awaitEnd() throws InterruptedException, ExecutionException {
        Thread running;
        synchronized (this) {
            running = loop;
        }
        if (running != null) {
            running.join();
        }
        Throwable failed = failure;
        if (failed != null) {
            throw new ExecutionException("routing stopped in round " + rounds + ": " + (failed.getMessage() != null
                    ? failed.getMessage() : failed.getClass().getSimpleName()), failed);
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        Thread running;
        synchronized (this) {
            running = loop;
        }
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        probes.shutdownNow();
    }
}
