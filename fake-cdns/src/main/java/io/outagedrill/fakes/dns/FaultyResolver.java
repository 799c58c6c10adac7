package io.outagedrill.fakes.dns;

import io.outagedrill.fakes.cdn.LoopbackDns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process resolver over {@link LoopbackDns} with per-host {@link DnsFault}s and a TTL cache, for
 * clients that take a lookup function. fake-cdns depends on no HTTP client, so this is a plain method; an
 * OkHttp client plugs it in with {@code new OkHttpClient.Builder().dns(resolver::lookup)}.
 *
 * <p>Layers, as in a real stub resolver: the cache answers first; on a miss the "authoritative" side
 * answers, which is the installed fault if any, else the {@link LoopbackDns} record. Consequences worth
 * knowing when writing a scenario:
 * <ul>
 *   <li>With a TTL (zero by default: no cache), an address stays cached after its record is re-pointed,
 *       or after a fault is installed, until the TTL passes on the injected {@link Clock}: recovery (and
 *       breakage) gated by DNS TTL.</li>
 *   <li>Negative answers ({@link DnsFault.NxDomain}, {@link DnsFault.EmptyAnswer}, an unknown name) are
 *       cached for the same TTL (RFC 2308), so clearing the fault does not end the outage for a client
 *       that asked during it until the TTL passes, as for clients of AWS in October 2025.</li>
 *   <li>{@link DnsFault.ServFail} is never cached: it says nothing about the name.</li>
 * </ul>
 *
 * <p>Every failure is an {@link UnknownHostException} (what OkHttp and {@link InetAddress} callers expect)
 * whose message starts with the host and names the DNS outcome: {@code NXDOMAIN}, {@code SERVFAIL} or
 * {@code empty answer}. An empty answer throws rather than returning an empty list: OkHttp would turn the
 * empty list into an {@code UnknownHostException} anyway ("returned no addresses"), so the client sees the
 * same type either way, and this way the message says why. Thread-safe; faults switch while lookups run.
 */
public final class FaultyResolver {

    /** An installed fault and the latch that releases lookups it holds (a {@link DnsFault.Slow}). */
    private record Installed(DnsFault fault, CountDownLatch released) {
        Installed(DnsFault fault) {
            this(fault, new CountDownLatch(1));
        }
    }

    /** A cached outcome: addresses, or the kind and message of a negative answer. */
    private record Cached(List<InetAddress> addresses, NegativeAnswer.Kind kind, String negative, Instant expires) {
    }

    /**
     * A lookup that failed as a name server would have said it (its {@link Kind}), so that a name server in front of
     * this resolver ({@link LoopbackNameServer}) answers with that RCODE; to every other caller, an
     * {@link UnknownHostException} like any.
     */
    public static final class NegativeAnswer extends UnknownHostException {
        /** The DNS outcome. */
        public enum Kind {
            /** RCODE 3. */
            NXDOMAIN,
            /** RCODE 2. */
            SERVFAIL,
            /** NOERROR with no address records. */
            EMPTY
        }

        private final Kind kind;

        NegativeAnswer(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final LoopbackDns records;
    private final Clock clock;
    private final ConcurrentMap<String, Installed> faults = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Duration> ttls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> queries = new ConcurrentHashMap<>();
    private volatile Duration defaultTtl = Duration.ZERO;

    /**
     * @param records the truth: which name points at which loopback address (re-pointable at any time)
     * @param clock   decides when cached answers expire; a test passes a clock it moves by hand
     */
    public FaultyResolver(LoopbackDns records, Clock clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The addresses of {@code host}, as OkHttp's {@code Dns.lookup} wants them: never empty.
     *
     * @throws UnknownHostException for NXDOMAIN, SERVFAIL, an empty answer, an unknown name, or an
     *                              interrupted slow lookup; the message says which
     */
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        String name = normalize(host);
        Cached cached = cache.get(name);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return answer(cached);
        }
        queries.computeIfAbsent(name, n -> new LongAdder()).increment();
        return ask(name);
    }

    /** Asks the authoritative side, honouring the fault installed now (re-read after a slow wait). */
    private List<InetAddress> ask(String name) throws UnknownHostException {
        Installed installed = faults.get(name);
        DnsFault fault = installed == null ? null : installed.fault();
        return switch (fault) {
            case null -> truth(name);
            case DnsFault.NxDomain nx ->
                    remember(name, List.of(), NegativeAnswer.Kind.NXDOMAIN, name + ": NXDOMAIN (no such name)");
            case DnsFault.EmptyAnswer empty -> remember(name, List.of(), NegativeAnswer.Kind.EMPTY,
                    name + ": empty answer (NOERROR with no address records)");
            case DnsFault.Stale stale -> remember(name, List.of(stale.inetAddress()), null, null);
            case DnsFault.ServFail fail -> throw new NegativeAnswer(NegativeAnswer.Kind.SERVFAIL,
                    name + ": SERVFAIL (the name server failed to answer)");
            case DnsFault.Slow slow -> {
                awaitRelease(name, installed, slow.delayMillis());
                Installed now = faults.get(name);
                // Still the same slow fault after the whole delay: give the true answer. Replaced or cleared:
                // answer as the new state says (one more bounded wait at most per replacement).
                yield now == installed ? truth(name) : ask(name);
            }
        };
    }

    /** What {@link LoopbackDns} says; a name it does not know is NXDOMAIN, as from a real server. */
    private List<InetAddress> truth(String name) throws UnknownHostException {
        return remember(name, records.lookup(name), NegativeAnswer.Kind.NXDOMAIN,
                name + ": NXDOMAIN (no record for this name)");
    }

    private static void awaitRelease(String name, Installed installed, long delayMillis) throws UnknownHostException {
        try {
            // A latch, not a sleep: clearing the fault counts it down and every waiting lookup returns at once.
            installed.released().await(delayMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NegativeAnswer(NegativeAnswer.Kind.SERVFAIL, name + ": lookup interrupted while the answer was slow");
        }
    }

    private List<InetAddress> remember(String name, List<InetAddress> addresses, NegativeAnswer.Kind kind,
                                       String negative) throws UnknownHostException {
        Duration ttl = ttl(name);
        Cached outcome = new Cached(List.copyOf(addresses), kind, negative, clock.instant().plus(ttl));
        if (!ttl.isZero()) {
            cache.put(name, outcome);
        }
        return answer(outcome);
    }

    private static List<InetAddress> answer(Cached cached) throws UnknownHostException {
        if (cached.addresses().isEmpty()) {
            throw new NegativeAnswer(cached.kind(), cached.negative());
        }
        return cached.addresses();
    }

    /** Answers for {@code host} with {@code fault} from now on (cached answers still win until they expire). */
    public FaultyResolver fault(String host, DnsFault fault) {
        Objects.requireNonNull(fault, "fault");
        release(faults.put(normalize(host), new Installed(fault)));
        return this;
    }

    /** The fault installed for {@code host}, if any. */
    public Optional<DnsFault> fault(String host) {
        return Optional.ofNullable(faults.get(normalize(host))).map(Installed::fault);
    }

    /** Answers {@code host} truthfully again, releasing lookups a slow fault holds. */
    public FaultyResolver clearFault(String host) {
        release(faults.remove(normalize(host)));
        return this;
    }

    /** Clears every fault, releasing every held lookup. The cache stays: clients remember what they saw. */
    public FaultyResolver clearFaults() {
        faults.keySet().forEach(this::clearFault);
        return this;
    }

    private static void release(Installed installed) {
        if (installed != null) {
            installed.released().countDown();
        }
    }

    /** How long answers for {@code host} are cached ({@link Duration#ZERO}: not at all). */
    public FaultyResolver ttl(String host, Duration ttl) {
        ttls.put(normalize(host), requireTtl(ttl));
        return this;
    }

    /** How long an answer for {@code host} may be cached: its own TTL, else the default. */
    public Duration ttl(String host) {
        return ttls.getOrDefault(normalize(host), defaultTtl);
    }

    /** The TTL for hosts without their own (zero at first: every lookup sees the current state). */
    public FaultyResolver defaultTtl(Duration ttl) {
        this.defaultTtl = requireTtl(ttl);
        return this;
    }

    /** Forgets every cached answer, as a client restart would. */
    public void flush() {
        cache.clear();
    }

    /** How many lookups of {@code host} missed the cache and were answered (or failed) upstream. */
    public long queries(String host) {
        LongAdder count = queries.get(normalize(host));
        return count == null ? 0 : count.sum();
    }

    private static Duration requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl: expected zero or more, was " + ttl);
        }
        return ttl;
    }

    private static String normalize(String host) {
        return Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
    }
}
