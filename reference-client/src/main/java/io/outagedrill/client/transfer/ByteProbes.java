package io.outagedrill.client.transfer;

import io.outagedrill.client.Printable;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.transfer.disk.ThroughInterrupt;
import io.outagedrill.client.transfer.http.FetchFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;

/**
 * Probes mirrors that were cut as stalled relative to their peers, or sat idle while they served, with a 1-byte
 * ranged request before they get chunks again. A frozen mirror (a blackhole: connections accepted, nothing sent)
 * would otherwise get a real chunk as its half-open probe after each backoff; that chunk stalls, is cut, and moves
 * to another mirror once more, a mirror switch the download pays for every time. A mirror left idle may have died
 * meanwhile, with the same result for the chunk sent to it. The 1-byte request costs no chunk: while it waits,
 * the chunks stay with the mirrors that deliver, and its failure only lengthens the mirror's wait (and, past the
 * retries, gives the mirror up).
 *
 * <p>One probe per mirror at a time, started once the mirror's backoff is over. Each is bounded like any request
 * (the connect and first-byte limits) and their number by the mirror's retries: a probe that fails counts as a
 * failure in a row, and one that answers resets nothing (only a verified chunk does).
 */
final class ByteProbes {
    /** How long {@link #stop} waits for each probe after cancelling its call (a cancelled call ends at once). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final RangeFetcher fetcher;
    private final List<MirrorHealth> mirrors;
    private final AttemptFailures failures;
    private final Schedule schedule;
    private final DownloadListener listener;
    private final Clock clock;
    private final Ticker ticker;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final ThreadFactory threadFactory;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    ByteProbes(RangeFetcher fetcher, List<MirrorHealth> mirrors, AttemptFailures failures, Schedule schedule,
               DownloadListener listener, Clock clock, Ticker ticker, ThreadFactory threadFactory) {
        this.fetcher = fetcher;
        this.mirrors = mirrors;
        this.failures = failures;
        this.schedule = schedule;
        this.listener = listener;
        this.clock = clock;
        this.ticker = ticker;
        this.threadFactory = threadFactory;
    }

    /** Starts the probe of each mirror that needs one and whose wait is over. */
    void startDue() {
        long now = ticker.nanoTime();
        for (MirrorHealth mirror : mirrors) {
            if (!stopped && mirror.startByteProbe(now)) {
                // From the download's thread factory, as its workers: platform threads by default, though a probe
                // only waits on a socket. The first socket a virtual thread uses starts the JDK's poller, a thread
                // that then sits in a native call for good, and a JVM waits up to 300 ms at exit for such threads
                // (the launcher turns that wait off on JDK 22 and later, where a flag for it exists; a CLI on
                // JDK 21 would pay it on every exit after a probe). A fleet of in-process clients passes a
                // virtual-thread factory, and its probes follow. Probes are few: one per mirror at a time.
                Thread thread = threadFactory.newThread(() -> probe(mirror));
                thread.setName("probe-" + mirror.label());
                thread.start();
                threads.add(thread);
            }
        }
    }

    /**
     * Ends the probes in flight with the round and waits for them (each is bounded by its request's limits), so
     * none judges a mirror or tells an event after its round. An interrupt (a download cancelled) does not cut the
     * wait short: a cancelled call ends at once, and a probe still running after {@code download()} returned could
     * tell its listener of a circuit change in a download that is over. The interrupt is kept for the caller.
     */
    void stop() {
        stopped = true;
        calls.forEach(Call::cancel);
        for (Thread thread : threads) {
            ThroughInterrupt.await(() -> !thread.isAlive(), () -> thread.join(100), STOP_WAIT, STOP_WAIT);
        }
    }

    private void probe(MirrorHealth mirror) {
        AtomicReference<Call> own = new AtomicReference<>();
        try (OpenedRange answer = fetcher.open(mirror, 0, 1, (call, to) -> track(call, own))) {
            if (answer.wholeFile()) {
                answer.call().cancel(); // it ignores Range: it answers, but its whole file is not read to reuse
            } else {
                answer.response().body().source().require(1); // headers alone: a body frozen after them fails here
            }
            if (stopped) {
                return;
            }
            boolean idle = mirror.probingForIdle();
            mirror.byteProbeAnswered(answer.ttfbNanos(), ticker.nanoTime());
            long millis = answer.ttfbNanos() / 1_000_000;
            listener.on(idle
                    ? new DownloadEvent.CircuitChanged(clock.instant(), mirror.label(), "closed", ("it had sat idle "
                    + "while the other mirrors served; a 1-byte request answered in %d ms, so chunks may go to it "
                    + "again").formatted(millis))
                    : new DownloadEvent.CircuitChanged(clock.instant(), mirror.label(), "open", ("a 1-byte request "
                    + "answered in %d ms; chunks may go to it again, the next one as its probe").formatted(millis)));
        } catch (FetchFailure f) {
            // After a redirect the failure may be another mirror's; the probe was for this one, which has not
            // shown it answers, so this one waits longer.
            if (!stopped) {
                failures.byteProbeFailed(mirror, f);
            }
        } catch (IOException e) {
            if (!stopped) {
                failures.byteProbeFailed(mirror, afterHeaders(e));
            }
        } finally {
            Call call = own.get();
            if (call != null) {
                calls.remove(call);
            }
            mirror.byteProbeEnded();
            schedule.wake();
        }
    }

    /**
     * Why the 1 byte after the headers did not come, judged as {@code BodyReader} judges a chunk's body: framing past
     * the budget is the mirror sending what it must not, not a connection that broke (which would leave it to be
     * probed again, a MiB of framing each time).
     */
    private static FetchFailure afterHeaders(IOException e) {
        return FetchFailure.ofFraming(e, "headers, then").orElseGet(() -> new FetchFailure(
                e instanceof InterruptedIOException ? FailureKind.STALL : FailureKind.TRUNCATED,
                "headers, then not its 1 byte (" + Printable.quoted(String.valueOf(e.getMessage())) + ")", e));
    }

    private void track(Call call, AtomicReference<Call> own) {
        own.set(call);
        calls.add(call);
        if (stopped) {
            call.cancel();
        }
    }
}
