package io.outagedrill.harness.scenario;

import io.outagedrill.harness.scenario.ToxicFault.Stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every fault kind: its YAML name, its record, and how to read it. The schema's list of kinds must match
 * this one ({@code ScenarioSchemaTest} checks).
 */
final class FaultKinds {
    private record Kind(Class<? extends Fault> type, Function<Fields, Fault> reader) {
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        toxic("latency", ToxicFault.Latency.class, f -> new ToxicFault.Latency(id(f), target(f), stream(f),
                toxicity(f), f.integer("latency", 0), f.integer("jitter", 0)));
        toxic("bandwidth", ToxicFault.Bandwidth.class, f -> new ToxicFault.Bandwidth(id(f), target(f), stream(f),
                toxicity(f), f.integer("rate")));
        toxic("slow_close", ToxicFault.SlowClose.class, f -> new ToxicFault.SlowClose(id(f), target(f), stream(f),
                toxicity(f), f.integer("delay")));
        toxic("timeout", ToxicFault.Timeout.class, f -> new ToxicFault.Timeout(id(f), target(f), stream(f),
                toxicity(f), f.integer("timeout", 0)));
        toxic("reset_peer", ToxicFault.ResetPeer.class, f -> new ToxicFault.ResetPeer(id(f), target(f), stream(f),
                toxicity(f), f.integer("timeout", 0)));
        toxic("slicer", ToxicFault.Slicer.class, f -> new ToxicFault.Slicer(id(f), target(f), stream(f),
                toxicity(f), f.integer("average_size"), f.integer("size_variation", 0), f.integer("delay", 0)));
        toxic("limit_data", ToxicFault.LimitData.class, f -> new ToxicFault.LimitData(id(f), target(f), stream(f),
                toxicity(f), f.integer("bytes")));
        toxic("corrupt", ToxicFault.Corrupt.class, f -> new ToxicFault.Corrupt(id(f), target(f), stream(f),
                toxicity(f), f.has("probability") ? f.fraction("probability") : 1.0, f.integer("offset", 0),
                f.integer("length", 0), f.integerOrNull("seed")));
        toxic("down", ToxicFault.Down.class, f -> new ToxicFault.Down(id(f), target(f)));

        http("status", HttpFault.Status.class, f -> new HttpFault.Status(id(f), target(f), scope(f),
                Math.toIntExact(f.integer("code")), f.duration("retryAfter", null)));
        http("redirect", HttpFault.Redirect.class, f -> new HttpFault.Redirect(id(f), target(f), scope(f),
                f.text("location"), f.smallInteger("code", 302)));
        http("ignore-range", HttpFault.IgnoreRange.class, f -> new HttpFault.IgnoreRange(id(f), target(f), scope(f)));
        http("wrong-content-range", HttpFault.WrongContentRange.class, f -> new HttpFault.WrongContentRange(id(f),
                target(f), scope(f), f.integer("shift", 0), f.sizeOrNull("claimedTotal")));
        http("cut-short", HttpFault.CutShort.class, f -> new HttpFault.CutShort(id(f), target(f), scope(f),
                f.size("after")));
        http("endless", HttpFault.Endless.class, f -> new HttpFault.Endless(id(f), target(f), scope(f),
                f.size("maxBytes", HttpFault.Endless.DEFAULT_MAX_BYTES)));
        http("corrupt-bytes", HttpFault.CorruptBytes.class, f -> new HttpFault.CorruptBytes(id(f), target(f),
                scope(f), offsets(f)));
        http("swap-content", HttpFault.SwapContent.class, f -> new HttpFault.SwapContent(id(f), target(f), scope(f),
                f.text("file")));
        http("gzip", HttpFault.Gzip.class, f -> new HttpFault.Gzip(id(f), target(f), scope(f)));
        http("slow-first-byte", HttpFault.SlowFirstByte.class, f -> new HttpFault.SlowFirstByte(id(f), target(f),
                scope(f), f.duration("delay")));
        http("dribble", HttpFault.Dribble.class, f -> new HttpFault.Dribble(id(f), target(f), scope(f),
                f.size("chunk"), f.duration("every")));
        http("stall", HttpFault.Stall.class, f -> new HttpFault.Stall(id(f), target(f), scope(f), f.size("after"),
                f.duration("maxHold", HttpFault.Stall.DEFAULT_MAX_HOLD)));

        add("dns.nxdomain", DnsFault.NxDomain.class, f -> new DnsFault.NxDomain(id(f), target(f), ttl(f)));
        add("dns.servfail", DnsFault.ServFail.class, f -> new DnsFault.ServFail(id(f), target(f), ttl(f)));
        add("dns.empty", DnsFault.Empty.class, f -> new DnsFault.Empty(id(f), target(f), ttl(f)));
        add("dns.slow", DnsFault.Slow.class, f -> new DnsFault.Slow(id(f), target(f), ttl(f), f.duration("delay")));
        add("dns.stale", DnsFault.Stale.class, f -> new DnsFault.Stale(id(f), target(f), ttl(f)));

        add("tls.wrong-host", TlsFault.WrongHost.class, f -> new TlsFault.WrongHost(id(f), target(f)));
        add("tls.expired", TlsFault.Expired.class, f -> new TlsFault.Expired(id(f), target(f)));
        add("tls.self-signed", TlsFault.SelfSigned.class, f -> new TlsFault.SelfSigned(id(f), target(f)));

        add("status-page.operational", StatusPageFault.Operational.class,
                f -> new StatusPageFault.Operational(id(f), target(f), f.text("incident", null)));
        add("status-page.degraded", StatusPageFault.Degraded.class,
                f -> new StatusPageFault.Degraded(id(f), target(f), f.text("incident", null)));
        add("status-page.major-outage", StatusPageFault.MajorOutage.class,
                f -> new StatusPageFault.MajorOutage(id(f), target(f), f.text("incident", null)));

        add("cache.flush", Fault.CacheFlush.class, f -> new Fault.CacheFlush(id(f), target(f)));

        add("manifest.down", ManifestFault.Down.class, f -> new ManifestFault.Down(id(f), replica(f)));
        add("manifest.expired", ManifestFault.Expired.class, f -> new ManifestFault.Expired(id(f), replica(f)));
        add("manifest.rollback", ManifestFault.Rollback.class,
                f -> new ManifestFault.Rollback(id(f), replica(f), f.integerOrNull("version")));
        add("manifest.bad-signature", ManifestFault.BadSignature.class,
                f -> new ManifestFault.BadSignature(id(f), replica(f)));
        add("manifest.unsigned", ManifestFault.Unsigned.class, f -> new ManifestFault.Unsigned(id(f), replica(f)));
        add("manifest.wrong-file-mirror", ManifestFault.WrongFileMirror.class,
                f -> new ManifestFault.WrongFileMirror(id(f), replica(f), f.text("mirror")));
    }

    private FaultKinds() {
    }

    /** Every kind's YAML name, in documentation order. */
    static List<String> names() {
        return List.copyOf(KINDS.keySet());
    }

    static String nameOf(Fault fault) {
        return KINDS.entrySet().stream().filter(e -> e.getValue().type() == fault.getClass())
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** Reads an {@code apply:} mapping; the schema has already checked its fields. */
    static Fault read(Fields fields) {
        String name = fields.text("fault");
        Kind kind = KINDS.get(name);
        if (kind == null) {
            throw new Fields.Bad(fields.pointer("fault"), unknownKind(name));
        }
        return kind.reader().apply(fields);
    }

    static String unknownKind(String name) {
        return "unknown fault kind \"" + name + "\"" + Suggestions.didYouMean(name, names())
                + "; valid kinds: " + String.join(", ", names());
    }

    private static void add(String name, Class<? extends Fault> type, Function<Fields, Fault> reader) {
        KINDS.put(name, new Kind(type, reader));
    }

    private static void toxic(String name, Class<? extends Fault> type, Function<Fields, Fault> reader) {
        add("toxic." + name, type, reader);
    }

    private static void http(String name, Class<? extends Fault> type, Function<Fields, Fault> reader) {
        add("http." + name, type, reader);
    }

    private static String id(Fields f) {
        return f.text("id");
    }

    private static String target(Fields f) {
        return f.text("target");
    }

    private static Stream stream(Fields f) {
        return Stream.valueOf(f.text("stream", "downstream").toUpperCase(Locale.ROOT));
    }

    private static double toxicity(Fields f) {
        return f.has("toxicity") ? f.fraction("toxicity") : 1.0;
    }

    private static Duration ttl(Fields f) {
        return f.duration("ttl", Duration.ZERO);
    }

    private static Integer replica(Fields f) {
        return f.smallIntegerOrNull("replica");
    }

    private static List<Long> offsets(Fields f) {
        List<Long> offsets = new java.util.ArrayList<>();
        List<String> written = f.strings("offsets");
        for (int i = 0; i < written.size(); i++) {
            String pointer = f.pointer("offsets") + "/" + i;
            offsets.add(Values.size(written.get(i))
                    .orElseThrow(() -> new Fields.Bad(pointer, Values.EXPECTED_SIZE)));
        }
        return offsets;
    }

    private static HttpFault.Scope scope(Fields f) {
        Long first = null;
        Long last = null;
        if (f.has("bytes")) {
            String range = f.text("bytes");
            int dash = range.indexOf('-');
            first = dash < 0 ? null : Values.size(range.substring(0, dash)).orElse(null);
            last = dash < 0 ? null : Values.size(range.substring(dash + 1)).orElse(null);
            if (first == null || last == null || first > last) {
                throw f.saw("bytes", Values.EXPECTED_RANGE + " (FIRST ≤ LAST)");
            }
        }
        return new HttpFault.Scope(f.text("path", null), first, last, f.smallInteger("afterRequests", 0),
                f.smallIntegerOrNull("times"), f.fractionOrNull("probability"));
    }
}
