package io.outagedrill.client.transfer;

import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Mirror;
import java.time.Duration;
import java.util.Optional;

/**
 * What the client knows about one mirror during one download: its circuit, consecutive failures, throughput and
 * time to first byte (moving averages), open connections, and whether it has lied. Thread-safe; policies read it
 * through the accessors, the engine changes it through the {@code on...} methods.
 */
public final class MirrorHealth {
    /** Weight of the newest sample in the moving averages. */
    private static final double EWMA_ALPHA = 0.3;

    /** Whether the mirror honours Range, learned from its answers. */
    public enum RangeSupport { UNKNOWN, YES, NO }

    private final Mirror mirror;
    private final int index;
    private final String label;

    private CircuitState circuit = CircuitState.CLOSED;
    private long openUntilNanos;
    private boolean probeInFlight;
    /** Why no chunk goes to it until a 1-byte probe request has answered; null when none is asked for. */
    private ByteProbeReason probeBeforeChunks;
    private boolean byteProbeInFlight;
    private int consecutiveFailures;
    private int totalFailures;
    private int successes;
    private int corruptChunks;
    private int politeWaits;
    private int active;
    /** When a request to this mirror last started; never: Long.MIN_VALUE. */
    private long lastStartNanos = Long.MIN_VALUE;
    /**
     * When this mirror was last busy: a request started or ended, or it served a request made to another mirror that
     * redirected to it, or a 1-byte probe of it answered; never: Long.MIN_VALUE.
     */
    private long lastActiveNanos = Long.MIN_VALUE;
    private double throughput = Double.NaN;
    private double timeToFirstByteMillis = Double.NaN;
    private double slowestTimeToFirstByteMillis = Double.NaN;
    /**
     * The longest silence a body from this mirror has gone on from by itself ({@link #resumedAfter}); 0 before any.
     * Volatile, not under the lock: written by a read that beats it (rarely), read on every read and by the watcher.
     */
    private volatile long longestResumedGapNanos;
    private long demotedUntilNanos;
    private String abandonedReason;
    private RangeSupport rangeSupport = RangeSupport.UNKNOWN;
    private boolean streamingWholeFile;
    private String etag;

    MirrorHealth(Mirror mirror, int index, String label) {
        this.mirror = mirror;
        this.index = index;
        this.label = label;
    }

    public Mirror mirror() {
        return mirror;
    }

    /** Position in the manifest's mirror list (ties in priority keep this order). */
    public int index() {
        return index;
    }

    /** How messages name the mirror: its host, or its provider when several mirrors share a host. */
    public String label() {
        return label;
    }

    public synchronized CircuitState circuit() {
        return circuit;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    public synchronized int totalFailures() {
        return totalFailures;
    }

    public synchronized int successes() {
        return successes;
    }

    public synchronized int active() {
        return active;
    }

    /** Bytes per second, moving average over finished and running requests; NaN until measured. */
    public synchronized double throughput() {
        return throughput;
    }

    public synchronized double timeToFirstByteMillis() {
        return timeToFirstByteMillis;
    }

    /**
     * The longest silence mid-body after which this mirror's bytes came again on the same connection: a server that
     * paces its sending (nginx's {@code limit_rate}, a CDN's rate limit per connection) sends in bursts with pauses
     * of a few hundred milliseconds, and its silences are its rhythm, not a stall ({@link StallWatch}).
     */
    long longestResumedGapNanos() {
        return longestResumedGapNanos;
    }

    /** A body from this mirror went on after {@code gapNanos} of silence; a racing update may lose a close second. */
    void resumedAfter(long gapNanos) {
        if (gapNanos > longestResumedGapNanos) {
            longestResumedGapNanos = gapNanos;
        }
    }

    /** The slowest time to first byte it has shown in this download (its first connection's handshake too). */
    public synchronized double slowestTimeToFirstByteMillis() {
        return slowestTimeToFirstByteMillis;
    }

    public synchronized boolean abandoned() {
        return abandonedReason != null;
    }

    public synchronized Optional<String> abandonedReason() {
        return Optional.ofNullable(abandonedReason);
    }

    /** True while another mirror of the same failure group recently failed in a way that points at the group. */
    public synchronized boolean demoted(long nowNanos) {
        return nowNanos < demotedUntilNanos;
    }

    public synchronized RangeSupport rangeSupport() {
        return rangeSupport;
    }

    public synchronized Optional<String> etag() {
        return Optional.ofNullable(etag);
    }

    /** True while a 1-byte probe must answer before this mirror gets chunks again ({@link #requireByteProbe}). */
    public synchronized boolean awaitingByteProbe() {
        return probeBeforeChunks != null;
    }

    /**
     * True if a new request could be sent now (circuit closed, or open and due for its half-open probe, and no
     * 1-byte probe pending).
     */
    public synchronized boolean usable(long nowNanos, int perMirrorLimit) {
        if (abandonedReason != null || probeBeforeChunks != null || active >= perMirrorLimit) {
            return false;
        }
        return switch (circuit) {
            case CLOSED -> true;
            case OPEN -> nowNanos >= openUntilNanos;
            case HALF_OPEN -> !probeInFlight;
        };
    }

    /**
     * When this mirror may next be tried (now if usable); {@code Long.MAX_VALUE} if abandoned, or while a 1-byte
     * probe must answer first (its answer wakes the waiting slots).
     */
    public synchronized long availableAtNanos(long nowNanos) {
        if (abandonedReason != null || probeBeforeChunks != null) {
            return Long.MAX_VALUE;
        }
        return circuit == CircuitState.OPEN ? Math.max(nowNanos, openUntilNanos) : nowNanos;
    }

    /**
     * Takes a connection slot if the mirror is usable; moves an OPEN circuit whose wait is over to HALF_OPEN and
     * marks this request as its probe. Returns the circuit state the request was admitted under, or empty.
     */
    synchronized Optional<CircuitState> tryAcquire(long nowNanos, int perMirrorLimit) {
        if (!usable(nowNanos, perMirrorLimit)) {
            return Optional.empty();
        }
        if (circuit == CircuitState.OPEN) {
            circuit = CircuitState.HALF_OPEN;
        }
        if (circuit == CircuitState.HALF_OPEN) {
            probeInFlight = true;
        }
        active++;
        lastStartNanos = nowNanos;
        lastActiveNanos = Math.max(lastActiveNanos, nowNanos);
        return Optional.of(circuit);
    }

    /** When a request to this mirror last started; Long.MIN_VALUE if never. */
    synchronized long lastStartNanos() {
        return lastStartNanos;
    }

    /** It served (or began to serve) a request at {@code nowNanos}, its own or one redirected to it. */
    synchronized void busyAt(long nowNanos) {
        lastActiveNanos = Math.max(lastActiveNanos, nowNanos);
    }

    /**
     * If this mirror, serving without fault when last used, has been idle (no request of its own or redirected to
     * it) while a peer started one more than {@code idleNanos} later ({@code newestPeerStartNanos}), requires a
     * 1-byte probe before it gets chunks ({@link ByteProbes}); true if so. Whether it still answers is not
     * known then: a mirror can die while no request of the download is on it.
     */
    synchronized boolean requireByteProbeIfIdle(long newestPeerStartNanos, long idleNanos) {
        if (active != 0 || circuit != CircuitState.CLOSED || consecutiveFailures != 0 || probeBeforeChunks != null
                || abandonedReason != null || lastActiveNanos == Long.MIN_VALUE
                || newestPeerStartNanos - lastActiveNanos <= idleNanos) {
            return false;
        }
        probeBeforeChunks = ByteProbeReason.IDLE;
        return true;
    }

    /** Whether the pending 1-byte probe is for having sat idle (else for having stalled). */
    synchronized boolean probingForIdle() {
        return probeBeforeChunks == ByteProbeReason.IDLE;
    }

    /** A request ended at {@code nowNanos}: its connection slot is free, and the mirror was busy until then. */
    synchronized void release(long nowNanos) {
        active--;
        probeInFlight = false;
        busyAt(nowNanos);
    }

    /**
     * A request completed correctly: close the circuit and fold its speed into the average. A verified chunk also
     * answers a pending 1-byte probe's question (the mirror serves), better than the probe would. A chunk read after
     * another on the same response has no time to first byte of its own: {@code ttfbNanos} is negative then.
     */
    synchronized CircuitState onSuccess(long bytes, long elapsedNanos, long ttfbNanos) {
        CircuitState before = circuit;
        probeBeforeChunks = null;
        consecutiveFailures = 0;
        politeWaits = 0;
        successes++;
        circuit = CircuitState.CLOSED;
        sampleThroughput(bytes, elapsedNanos);
        if (ttfbNanos >= 0) {
            sampleTimeToFirstByte(ttfbNanos);
        }
        return before;
    }

    private void sampleTimeToFirstByte(long ttfbNanos) {
        double ttfb = ttfbNanos / 1e6;
        timeToFirstByteMillis = Double.isNaN(timeToFirstByteMillis) ? ttfb
                : EWMA_ALPHA * ttfb + (1 - EWMA_ALPHA) * timeToFirstByteMillis;
        slowestTimeToFirstByteMillis = Double.isNaN(slowestTimeToFirstByteMillis) ? ttfb
                : Math.max(slowestTimeToFirstByteMillis, ttfb);
    }

    /**
     * A chunk's speed so far (a running request's too, so a slow mirror is seen slow before its chunk ends), over
     * the time the chunk took: from its request, or, for a chunk that came on the response of the one before, from
     * when the response reached it. A mirror serving runs of chunks thus shows the speed it delivers at, one wait
     * for headers per run, which is what it is worth to this download. Charging each such chunk a wait of its own
     * was tried and undone: a mirror's early times to first byte each carry a new connection's handshake, so the
     * charge made a mirror serving runs look up to three times slower than it was, and the adaptive policy left a
     * healthy mirror out (docs/benchmarks.md, "The fifteenth round").
     */
    synchronized void sampleThroughput(long bytes, long elapsedNanos) {
        if (elapsedNanos <= 0 || bytes <= 0) {
            return;
        }
        double sample = bytes / (elapsedNanos / 1e9);
        throughput = Double.isNaN(throughput) ? sample : EWMA_ALPHA * sample + (1 - EWMA_ALPHA) * throughput;
    }

    /** A mirror that asks to wait (429 or 503 with Retry-After) is given up only after this many asks in a row. */
    static final int MAX_POLITE_WAITS = 20;

    /**
     * The mirror answered "come back later" with a Retry-After: it is up and pacing its clients (a backup taking
     * everyone's traffic). Its circuit opens for the wait it asked, but this does not count as a failure toward
     * giving it up, or a fleet failing over to a rate-limited backup would abandon the one mirror that works.
     * Bounded: after {@link #MAX_POLITE_WAITS} asks in a row it is given up all the same.
     */
    synchronized boolean onAskedToWait(String message, Duration wait, long nowNanos) {
        politeWaits++;
        totalFailures++;
        circuit = CircuitState.OPEN;
        openUntilNanos = nowNanos + wait.toNanos();
        if (abandonedReason == null && politeWaits > MAX_POLITE_WAITS) {
            abandonedReason = "asked to wait %d times in a row, the last: %s".formatted(politeWaits, message);
            return true;
        }
        return false;
    }

    /**
     * A request failed. Opens the circuit for {@code wait} unless the mirror is now past its retries, in which
     * case it is abandoned for this download. Returns true if it was abandoned by this failure.
     */
    synchronized boolean onFailure(FailureKind kind, String message, Duration wait, long nowNanos, int maxRetries,
                                   int maxCorruptChunks) {
        consecutiveFailures++;
        totalFailures++;
        if (kind == FailureKind.CORRUPT) {
            corruptChunks++;
        }
        circuit = CircuitState.OPEN;
        openUntilNanos = nowNanos + wait.toNanos();
        if (abandonedReason == null) {
            if (consecutiveFailures > maxRetries) {
                abandonedReason = "%d failure%s in a row, the last: %s".formatted(consecutiveFailures,
                        consecutiveFailures == 1 ? "" : "s", message);
                return true;
            }
            if (kind == FailureKind.CORRUPT && corruptChunks >= maxCorruptChunks) {
                abandonedReason = "sent %d chunks that failed their SHA-256".formatted(corruptChunks);
                return true;
            }
            if (kind.untrustworthy() && kind != FailureKind.CORRUPT) {
                abandonedReason = "not trusted for the rest of this download: " + message;
                return true;
            }
        }
        return false;
    }

    /**
     * The mirror was cut as stalled relative to its peers, or has been idle while they served. A frozen mirror
     * accepts connections and answers none, so its usual half-open probe (a real chunk) would stall too and move
     * that chunk once more: a cheap 1-byte request answers first instead ({@link ByteProbes}), and no chunk
     * goes to it until one has.
     */
    synchronized void requireByteProbe() {
        probeBeforeChunks = ByteProbeReason.STALLED;
    }

    /** Starts the 1-byte probe if one is needed, none is running and the mirror's wait is over; true if so. */
    synchronized boolean startByteProbe(long nowNanos) {
        // A mirror probed for sitting idle has a closed circuit: a wait left from an earlier failure is not its own.
        if (probeBeforeChunks == null || byteProbeInFlight || abandonedReason != null
                || circuit != CircuitState.CLOSED && nowNanos < openUntilNanos) {
            return false;
        }
        byteProbeInFlight = true;
        return true;
    }

    /**
     * The 1-byte probe answered: chunks may go to the mirror again (its circuit stays open with its wait over, so
     * its next chunk request is the half-open probe that closes it), and the probe's time to first byte counts
     * toward the mirror's average, so a mirror whose first bytes are slow gets a longer header wait next time.
     */
    synchronized void byteProbeAnswered(long ttfbNanos, long nowNanos) {
        byteProbeInFlight = false;
        probeBeforeChunks = null;
        lastActiveNanos = Math.max(lastActiveNanos, nowNanos);
        sampleTimeToFirstByte(ttfbNanos);
    }

    /** The 1-byte probe failed ({@link #onFailure} has judged it) or was stopped: the next one may start. */
    synchronized void byteProbeEnded() {
        byteProbeInFlight = false;
    }

    synchronized boolean abandon(String reason) {
        if (abandonedReason != null) {
            return false;
        }
        abandonedReason = reason;
        return true;
    }

    synchronized void demoteUntil(long nanos) {
        demotedUntilNanos = Math.max(demotedUntilNanos, nanos);
    }

    synchronized void rangeSupport(RangeSupport support) {
        rangeSupport = support;
    }

    /**
     * Takes the mirror's one whole-file stream, or says another connection has it: connections opened at once,
     * before any knew the mirror ignores Range, all get the whole file, and one reader of it is enough.
     */
    synchronized boolean claimWholeFileStream() {
        if (streamingWholeFile) {
            return false;
        }
        streamingWholeFile = true;
        return true;
    }

    synchronized void wholeFileStreamEnded() {
        streamingWholeFile = false;
    }

    synchronized void etag(String value) {
        etag = value;
    }

    @Override
    public synchronized String toString() {
        return "%s[%s, failures=%d, active=%d, %.1f MB/s%s]".formatted(label(), circuit, consecutiveFailures,
                active, Double.isNaN(throughput) ? 0 : throughput / 1e6,
                abandonedReason == null ? "" : ", abandoned: " + abandonedReason);
    }

    /** Why a mirror must answer a 1-byte request before it gets chunks again. */
    private enum ByteProbeReason {
        /** Cut as stalled relative to its peers ({@link #requireByteProbe}). */
        STALLED,
        /** Idle while its peers served ({@link #requireByteProbeIfIdle}): whether it still answers is not known. */
        IDLE
    }
}
