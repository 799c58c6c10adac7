package io.outagedrill.client.transfer;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Every knob of a transfer. Defaults (in {@link TransferOptions}) back off 1 s, 2 s, 4 s, then give up on a
 * mirror, and fit what a desktop downloader needs; the CLI, its config file and scenarios set each knob by the
 * name {@link TransferOptions} gives it.
 *
 * @param policy               failover policy name: {@code sequential}, {@code parallel} or {@code adaptive}
 * @param connections          total concurrent connections for one download (sequential always uses 1), at
 *                             most {@link #MAX_CONNECTIONS}; never more than the mirrors can take at once
 * @param connectionsPerMirror at most this many at once to one mirror (RFC 6249: one, unless more helps), at most
 *                             {@link #MAX_CONNECTIONS_PER_MIRROR}
 * @param connectTimeout       each name lookup, then the TCP connect, then the TLS handshake (on the downloader's own
 *                             sockets, not through a socket factory of the caller's); above zero
 * @param firstByteTimeout     the whole wait from sending the request to the last byte of the final response's
 *                             headers, however slowly they arrive and however many redirects between mirrors it
 *                             took; zero means no limit
 * @param stallTimeout         no byte at all for this long mid-body: the connection is replaced; above zero
 * @param relativeStall        no byte for this long mid-body (no response headers for this long, or 4x the
 *                             mirror's average and 2x its slowest time to first byte if longer, once the mirror
 *                             has served a chunk) while the other connections delivered two chunks' worth: the
 *                             connection is replaced, however long {@code stallTimeout} or
 *                             {@code firstByteTimeout} is ({@link StallWatch}); half of it (but no less than a
 *                             retransmission after a lost packet) for the chunk the whole-file hash waits for;
 *                             zero turns this off, and the takeover of that chunk ({@code hedging}) with it
 * @param minSpeed             bytes per second a connection must keep up over {@code speedWindow}; 0 disables
 * @param speedWindow          the window over which {@code minSpeed} is judged (also the warm-up); above zero
 * @param backoffBase          first wait before a failed mirror is tried again
 * @param backoffMultiplier    each further consecutive failure multiplies the wait
 * @param backoffJitter        +/- this fraction of random jitter (0.2 = 20%)
 * @param maxRetriesPerMirror  consecutive failures a mirror may have before the client gives up on it for this
 *                             download ({@code 3}: waits 1 s, 2 s, 4 s, and the 4th failure abandons it)
 * @param maxRetryAfter        cap on a server's {@code Retry-After}; longer asks are treated as this
 * @param maxCorruptChunks     corrupt chunks a mirror may send before it is distrusted for this download
 * @param hedging              race slow tail chunks on a faster mirror, and take over the chunk the whole-file
 *                             hash waits for once its connection is silent for a quarter of {@code relativeStall}
 *                             (adaptive only; {@link ChunkAssigner#takeOver})
 * @param hedgeSlowFactor      hedge when the chunk's mirror is this many times slower than the best one
 * @param rangeIgnored         what to do with a mirror that answers a ranged request with the whole file
 * @param pinnedMirror         use only this mirror (by provider or host), the user's manual selection
 * @param seed                 seeds jitter and weighted choices; printed by the run so it can be replayed
 * @param allowPlainHttp       accept {@code http://} mirrors (loopback tests only; the CLI says so loudly)
 * @param progressInterval     how often a Progress event is emitted
 * @param deadline             give up on the whole download after this long; zero means no deadline
 * @param statusFeeds          read each provider's status page (the manifest's {@code status}) before a download
 *                             and try providers that admit a major outage last
 * @param statusFeedTimeout    how long the download waits, at most, for all status pages together
 * @param manifestTimeout      the most one manifest copy may take, headers and body, before the next copy is
 *                             tried
 */
public record TransferConfig(String policy, int connections, int connectionsPerMirror, Duration connectTimeout,
                             Duration firstByteTimeout, Duration stallTimeout, Duration relativeStall, long minSpeed, Duration speedWindow,
                             Duration backoffBase, double backoffMultiplier, double backoffJitter,
                             int maxRetriesPerMirror, Duration maxRetryAfter, int maxCorruptChunks, boolean hedging,
                             double hedgeSlowFactor, RangeIgnoredAction rangeIgnored, Optional<String> pinnedMirror,
                             long seed, boolean allowPlainHttp, Duration progressInterval, Duration deadline,
                             boolean statusFeeds, Duration statusFeedTimeout, Duration manifestTimeout) {

    /** What to do when a mirror ignores {@code Range} and answers 200 with the whole file. */
    public enum RangeIgnoredAction {
        /** Read that response as one sequential stream, verifying and keeping each chunk it carries. */
        STREAM,
        /** Stop using the mirror for this download. */
        DROP
    }

    /**
     * Each connection is a thread, a TLS session and a 64 KiB read buffer: {@code --connections 1000} took 280 MB and
     * ten seconds to end a 16 MiB download that needed 1.6 s. A download of 16 mirrors at 4 each fits.
     */
    public static final int MAX_CONNECTIONS = 64;
    /** aria2's limit on connections to one server; servers throttle or refuse a client that opens more. */
    public static final int MAX_CONNECTIONS_PER_MIRROR = 16;

    public TransferConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rangeIgnored, "rangeIgnored");
        Objects.requireNonNull(pinnedMirror, "pinnedMirror");
        require(connections >= 1, "connections must be at least 1, was " + connections);
        // Messages by concatenation, not String.formatted: these run on every download's start, and the first
        // Formatter of a process costs about 2 ms (its pattern and locale data) before the first request.
        require(connections <= MAX_CONNECTIONS,
                "connections must be at most " + MAX_CONNECTIONS + ", was " + connections);
        require(connectionsPerMirror >= 1, "connectionsPerMirror must be at least 1, was " + connectionsPerMirror);
        require(connectionsPerMirror <= MAX_CONNECTIONS_PER_MIRROR, "connectionsPerMirror must be at most "
                + MAX_CONNECTIONS_PER_MIRROR + ", was " + connectionsPerMirror);
        require(maxRetriesPerMirror >= 0, "maxRetriesPerMirror must be 0 or more, was " + maxRetriesPerMirror);
        require(backoffMultiplier >= 1, "backoffMultiplier must be at least 1, was " + backoffMultiplier);
        require(backoffJitter >= 0 && backoffJitter < 1, "backoffJitter must be in [0, 1), was " + backoffJitter);
        require(minSpeed >= 0, "minSpeed must be 0 or more, was " + minSpeed);
        require(maxCorruptChunks >= 1, "maxCorruptChunks must be at least 1, was " + maxCorruptChunks);
        require(hedgeSlowFactor >= 1, "hedgeSlowFactor must be at least 1, was " + hedgeSlowFactor);
        for (Duration d : new Duration[] {connectTimeout, firstByteTimeout, stallTimeout, relativeStall, speedWindow, backoffBase,
                maxRetryAfter, progressInterval, deadline, statusFeedTimeout, manifestTimeout}) {
            Objects.requireNonNull(d, "durations must be set");
            require(!d.isNegative(), "durations must not be negative, was " + d);
        }
        require(!manifestTimeout.isZero(), "manifestTimeout must be positive: a manifest copy needs some time");
        // As the CLI's options: with no limit a download waits for ever on a mirror that accepts and says nothing.
        require(!connectTimeout.isZero(), "connectTimeout must be positive: with no limit a connect to a mirror "
                + "that never answers waits for ever; give a long one such as 1m");
        require(!stallTimeout.isZero(), "stallTimeout must be positive: with no limit a body that stops mid-chunk "
                + "holds its connection for ever; give a long one such as 1h");
        require(!speedWindow.isZero(), "speedWindow must be positive: minSpeed is judged over it (minSpeed 0 turns "
                + "the speed check off)");
        require(Policies.NAMES.contains(policy), "unknown failover policy '" + policy + "'; expected one of "
                + String.join(", ", Policies.NAMES));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static TransferConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Fluent builder. Every knob starts at its default in {@link TransferOptions}, the one table of them; the
     * settings that are not user knobs start here.
     */
    public static final class Builder {
        private String policy;
        private int connections;
        private int connectionsPerMirror;
        private Duration connectTimeout;
        private Duration firstByteTimeout;
        private Duration stallTimeout;
        private Duration relativeStall;
        private long minSpeed;
        private Duration speedWindow;
        private Duration backoffBase;
        private double backoffMultiplier;
        private double backoffJitter;
        private int maxRetriesPerMirror;
        private Duration maxRetryAfter;
        private int maxCorruptChunks;
        private boolean hedging;
        private double hedgeSlowFactor;
        private RangeIgnoredAction rangeIgnored;
        private Optional<String> pinnedMirror = Optional.empty();
        // A fresh seed per download unless one is given; the run prints it so the run can be replayed.
        private long seed = System.nanoTime();
        private boolean allowPlainHttp = false;
        private Duration progressInterval = Duration.ofMillis(250);
        private Duration deadline;
        private boolean statusFeeds;
        private Duration statusFeedTimeout;
        private Duration manifestTimeout;

        private Builder() {
            TransferOptions.applyDefaults(this);
        }

        private Builder(TransferConfig c) {
            policy = c.policy;
            connections = c.connections;
            connectionsPerMirror = c.connectionsPerMirror;
            connectTimeout = c.connectTimeout;
            firstByteTimeout = c.firstByteTimeout;
            stallTimeout = c.stallTimeout;
            relativeStall = c.relativeStall;
            minSpeed = c.minSpeed;
            speedWindow = c.speedWindow;
            backoffBase = c.backoffBase;
            backoffMultiplier = c.backoffMultiplier;
            backoffJitter = c.backoffJitter;
            maxRetriesPerMirror = c.maxRetriesPerMirror;
            maxRetryAfter = c.maxRetryAfter;
            maxCorruptChunks = c.maxCorruptChunks;
            hedging = c.hedging;
            hedgeSlowFactor = c.hedgeSlowFactor;
            rangeIgnored = c.rangeIgnored;
            pinnedMirror = c.pinnedMirror;
            seed = c.seed;
            allowPlainHttp = c.allowPlainHttp;
            progressInterval = c.progressInterval;
            deadline = c.deadline;
            statusFeeds = c.statusFeeds;
            statusFeedTimeout = c.statusFeedTimeout;
            manifestTimeout = c.manifestTimeout;
        }

        public Builder policy(String v) { policy = v; return this; }
        public Builder connections(int v) { connections = v; return this; }
        public Builder connectionsPerMirror(int v) { connectionsPerMirror = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder firstByteTimeout(Duration v) { firstByteTimeout = v; return this; }
        public Builder stallTimeout(Duration v) { stallTimeout = v; return this; }
        public Builder relativeStall(Duration v) { relativeStall = v; return this; }
        public Builder minSpeed(long v) { minSpeed = v; return this; }
        public Builder speedWindow(Duration v) { speedWindow = v; return this; }
        public Builder backoffBase(Duration v) { backoffBase = v; return this; }
        public Builder backoffMultiplier(double v) { backoffMultiplier = v; return this; }
        public Builder backoffJitter(double v) { backoffJitter = v; return this; }
        public Builder maxRetriesPerMirror(int v) { maxRetriesPerMirror = v; return this; }
        public Builder maxRetryAfter(Duration v) { maxRetryAfter = v; return this; }
        public Builder maxCorruptChunks(int v) { maxCorruptChunks = v; return this; }
        public Builder hedging(boolean v) { hedging = v; return this; }
        public Builder hedgeSlowFactor(double v) { hedgeSlowFactor = v; return this; }
        public Builder rangeIgnored(RangeIgnoredAction v) { rangeIgnored = v; return this; }
        public Builder pinnedMirror(String v) { pinnedMirror = Optional.ofNullable(v); return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder allowPlainHttp(boolean v) { allowPlainHttp = v; return this; }
        public Builder progressInterval(Duration v) { progressInterval = v; return this; }
        public Builder deadline(Duration v) { deadline = v; return this; }
        public Builder statusFeeds(boolean v) { statusFeeds = v; return this; }
        public Builder statusFeedTimeout(Duration v) { statusFeedTimeout = v; return this; }
        public Builder manifestTimeout(Duration v) { manifestTimeout = v; return this; }

        public TransferConfig build() {
            return new TransferConfig(policy, connections, connectionsPerMirror, connectTimeout, firstByteTimeout,
                    stallTimeout, relativeStall, minSpeed, speedWindow, backoffBase, backoffMultiplier, backoffJitter,
                    maxRetriesPerMirror, maxRetryAfter, maxCorruptChunks, hedging, hedgeSlowFactor, rangeIgnored,
                    pinnedMirror, seed, allowPlainHttp, progressInterval, deadline, statusFeeds, statusFeedTimeout,
                    manifestTimeout);
        }
    }
}
