package io.outagedrill.harness.scenario;

import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.dns.DnsFault;
import io.outagedrill.fakes.fault.CacheFlushFault;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.fault.ProxyDownFault;
import io.outagedrill.fakes.fault.ResolverFault;
import io.outagedrill.fakes.fault.StatusPageFault;
import io.outagedrill.fakes.fault.SwapContentFault;
import io.outagedrill.fakes.fault.TlsFault;
import io.outagedrill.fakes.fault.ToxicFault;
import io.outagedrill.fakes.fault.WrongFileMirrorFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.status.Impact;
import io.outagedrill.fakes.tls.CertificateKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How each {@code fault:} kind of a scenario file is read into the fault model ({@link Fault}): the file's
 * humane syntax (sizes, durations, shares, flat fields) in, the fakes' records out. The schema's list of kinds must
 * match this one ({@code ScenarioLoaderTest} checks), and each reader's fault names its kind back.
 */
final class FaultKinds {
    /** The fields every fault kind has; a toxic's other fields are its Toxiproxy attributes. */
    private static final Set<String> TOXIC_FIELDS = Set.of("fault", "id", "target", "stream", "toxicity");

    private static final Map<String, Function<Fields, Fault>> READERS = new LinkedHashMap<>();

    static {
        for (String type : List.of("latency", "bandwidth", "slow_close", "timeout", "reset_peer", "slicer",
                "limit_data", "corrupt")) {
            add("toxic." + type, f -> new ToxicFault(id(f), target(f), type, stream(f), toxicity(f), attributes(f)));
        }
        add("toxic.down", f -> new ProxyDownFault(id(f), target(f)));

        http("status", f -> new FaultRule.Status(f.smallInteger("code"),
                f.has("retryAfter") ? f.smallSeconds("retryAfter") : null));
        http("redirect", f -> new FaultRule.Redirect(f.text("location"), f.smallInteger("code", 302)));
        http("ignore-range", f -> new FaultRule.IgnoreRange());
        http("wrong-content-range", f -> new FaultRule.WrongContentRange(f.integer("shift", 0),
                f.sizeOrNull("claimedTotal")));
        http("cut-short", f -> new FaultRule.CutShort(f.size("after")));
        http("endless", f -> new FaultRule.Endless(f.size("maxBytes", FaultRule.Endless.DEFAULT_MAX_BYTES)));
        http("corrupt-bytes", f -> new FaultRule.CorruptBytes(offsets(f)));
        add("http.swap-content", f -> new SwapContentFault(id(f), target(f), scope(f), f.text("file")));
        http("gzip", f -> new FaultRule.Gzip());
        http("slow-first-byte", f -> new FaultRule.SlowFirstByte(f.millis("delay")));
        http("dribble", FaultKinds::dribble);
        http("stall", f -> new FaultRule.Stall(f.size("after"),
                f.millis("maxHold", Duration.ofMillis(FaultRule.Stall.DEFAULT_MAX_HOLD_MILLIS))));

        dns("nxdomain", f -> new DnsFault.NxDomain());
        dns("servfail", f -> new DnsFault.ServFail());
        dns("empty", f -> new DnsFault.EmptyAnswer());
        dns("slow", f -> new DnsFault.Slow(f.millis("delay")));
        // An address where nothing listens; the fault's ttl keeps it in answers cached before the clear.
        dns("stale", f -> new DnsFault.Stale());

        tls("wrong-host", CertificateKind.WRONG_HOST);
        tls("expired", CertificateKind.EXPIRED);
        tls("self-signed", CertificateKind.SELF_SIGNED);

        statusPage("operational", Impact.NONE);
        statusPage("degraded", Impact.MINOR);
        statusPage("major-outage", Impact.MAJOR);

        add("cache.flush", f -> new CacheFlushFault(id(f), target(f)));

        manifest("down", f -> new ReplicaFault.Refused());
        manifest("expired", f -> ReplicaFault.Expired.anHourAgo());
        manifest("rollback", f -> new ReplicaFault.Rollback(f.integerOrNull("version")));
        manifest("bad-signature", f -> new ReplicaFault.BadSignature());
        manifest("unsigned", f -> ReplicaFault.Unsigned.algNone());
        add("manifest.wrong-file-mirror", f -> new WrongFileMirrorFault(id(f), replica(f), f.text("mirror")));
        manifest("other-file", f -> new ReplicaFault.OtherFile(f.text("file")));
        // The schema lists the forms: unknown-kid (the default), same-kid, embedded-jwk.
        manifest("foreign-key", f -> new ReplicaFault.ForeignKey(ReplicaFault.ForeignKey.Form.valueOf(
                f.text("key", "unknown-kid").toUpperCase(java.util.Locale.ROOT).replace('-', '_'))));
    }

    private FaultKinds() {
    }

    /** Every kind's name as scenario files write it, in documentation order. */
    static List<String> names() {
        return List.copyOf(READERS.keySet());
    }

    /** Reads an {@code apply:} mapping; the schema has already checked its fields. */
    static Fault read(Fields fields) {
        String name = fields.text("fault");
        Function<Fields, Fault> reader = READERS.get(name);
        if (reader == null) {
            throw new Fields.Bad(fields.pointer("fault"), unknownKind(name));
        }
        try {
            return reader.apply(fields);
        } catch (IllegalArgumentException e) {
            // A fake's record refused a value the schema let through (it names the field in its own terms).
            throw new Fields.Bad(fields.pointer(), name + ": " + e.getMessage());
        }
    }

    static String unknownKind(String name) {
        return "unknown fault kind \"" + name + "\"" + Suggestions.didYouMean(name, names())
                + "; valid kinds: " + String.join(", ", names());
    }

    /**
     * Refused here at their fields: a chunk of 0 the fake's record refuses in its own terms ("bytesPerInterval"), and
     * an interval of 0s, which holds nothing back, so the "slow retrieval" would pass at full speed.
     */
    private static FaultRule dribble(Fields f) {
        int chunk = f.smallSize("chunk");
        if (chunk == 0) {
            throw f.saw("chunk", "expected a size above 0 (the bytes sent each interval)");
        }
        long every = f.millis("every");
        if (every == 0) {
            throw f.saw("every", "expected a duration above 0s (at 0s no byte waits, so the body is not slowed)");
        }
        return new FaultRule.Dribble(chunk, every);
    }

    private static void add(String name, Function<Fields, Fault> reader) {
        READERS.put(name, reader);
    }

    private static void http(String name, Function<Fields, FaultRule> rule) {
        add("http." + name, f -> new HttpFault(id(f), target(f), scope(f), rule.apply(f)));
    }

    private static void dns(String name, Function<Fields, DnsFault> answer) {
        add("dns." + name, f -> new ResolverFault(id(f), target(f), f.duration("ttl", Duration.ZERO),
                answer.apply(f)));
    }

    private static void tls(String name, CertificateKind certificate) {
        add("tls." + name, f -> new TlsFault(id(f), target(f), certificate));
    }

    private static void statusPage(String name, Impact impact) {
        add("status-page." + name, f -> new StatusPageFault(id(f), target(f), impact, f.text("incident", null),
                f.duration("delay", Duration.ZERO)));
    }

    private static void manifest(String name, Function<Fields, ReplicaFault> serve) {
        add("manifest." + name, f -> new ManifestFault(id(f), replica(f), serve.apply(f)));
    }

    private static String id(Fields f) {
        return f.text("id");
    }

    private static String target(Fields f) {
        return f.text("target");
    }

    private static ToxicSpec.Stream stream(Fields f) {
        return ToxicSpec.Stream.valueOf(f.text("stream", "downstream").toUpperCase(Locale.ROOT));
    }

    private static double toxicity(Fields f) {
        return f.has("toxicity") ? f.fraction("toxicity") : 1.0;
    }

    /**
     * The toxic's attributes as written, under Toxiproxy's names, for the proxy to take as they are (it fills in
     * what is left out). Integers, but for the {@code corrupt} extension's per-byte {@code probability}, a share.
     */
    private static Map<String, Number> attributes(Fields f) {
        Map<String, Number> attributes = new LinkedHashMap<>();
        for (String name : f.names()) {
            if (!TOXIC_FIELDS.contains(name) && f.has(name)) {
                Number value = name.equals("probability") ? (Number) f.fraction(name) : (Number) f.integer(name);
                attributes.put(name, value); // boxed apart: a ternary of long and double would make both doubles
            }
        }
        return attributes;
    }

    private static Integer replica(Fields f) {
        return f.smallIntegerOrNull("replica");
    }

    private static List<Long> offsets(Fields f) {
        List<Long> offsets = new ArrayList<>();
        List<String> written = f.strings("offsets");
        for (int i = 0; i < written.size(); i++) {
            String pointer = f.pointer("offsets") + "/" + i;
            offsets.add(Values.size(written.get(i))
                    .orElseThrow(() -> new Fields.Bad(pointer, Values.EXPECTED_SIZE)));
        }
        return offsets;
    }

    /** Where and how often; a probability's seed is the handler's to derive (the run's seed and the fault id). */
    private static Scope scope(Fields f) {
        Scope scope = Scope.all();
        if (f.has("path")) {
            String path = f.text("path");
            try {
                scope = scope.path(path);
            } catch (IllegalArgumentException e) {
                throw new Fields.Bad(f.pointer("path"), e.getMessage());
            }
        }
        if (f.has("bytes")) {
            String range = f.text("bytes");
            int dash = range.indexOf('-');
            Long first = dash < 0 ? null : Values.size(range.substring(0, dash)).orElse(null);
            Long last = dash < 0 ? null : Values.size(range.substring(dash + 1)).orElse(null);
            if (first == null || last == null || first > last) {
                throw f.saw("bytes", Values.EXPECTED_RANGE + " (FIRST ≤ LAST)");
            }
            scope = scope.bytes(first, last);
        }
        if (f.has("afterRequests")) {
            scope = scope.afterRequests(f.smallInteger("afterRequests"));
        }
        if (f.has("times")) {
            scope = scope.times(f.smallInteger("times"));
        }
        if (f.has("probability")) {
            scope = scope.probability(f.fraction("probability"), 0);
        }
        if (f.bool("perClient", false)) {
            scope = scope.countPerClient();
        }
        return scope;
    }
}
