package io.outagedrill.harness.storm;

import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.dns.DnsFault;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.fault.ProxyDownFault;
import io.outagedrill.fakes.fault.ResolverFault;
import io.outagedrill.fakes.fault.ToxicFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.network.ToxicSpec.Stream;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws one fault of any family and layer the storm knows: the proxy's toxics (including a blackhole and
 * corruption), the proxy down, the resolver's answers for the mirror's name (NXDOMAIN, SERVFAIL, an empty answer,
 * a slow answer, a wrong address where nothing listens), and every HTTP misbehaviour of the fake servers, in a
 * random scope. Sizes are drawn around the storm's small file and its chunk so that faults land inside the
 * transfer.
 */
final class StormFaults {
    private final long fileSize;
    private final long chunk;

    StormFaults(long fileSize, long chunk) {
        this.fileSize = fileSize;
        this.chunk = chunk;
    }

    /**
     * @param lingers whether the fault may outlive its clearing: a DNS answer is then cached for a random TTL, as a
     *                real resolver would keep it. False for the honest mirror, which must be fault-free from its
     *                honest moment on.
     */
    Fault draw(RandomGenerator random, String id, String target, boolean lingers) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> network(random, id, target);
            case 2 -> dns(random, id, target, lingers);
            default -> http(random, id, target);
        };
    }

    private static Fault dns(RandomGenerator random, String id, String target, boolean lingers) {
        long ttlMillis = lingers && random.nextBoolean() ? random.nextLong(1, 1500) : 0;
        DnsFault answer = switch (random.nextInt(5)) {
            case 0 -> new DnsFault.NxDomain();
            case 1 -> new DnsFault.ServFail();
            case 2 -> new DnsFault.EmptyAnswer();
            // Mostly within the client's timeouts, sometimes past its whole deadline: the lookup holds the
            // client's thread (OkHttp's connect timeout does not cover it) until the answer or the fault's end.
            case 3 -> new DnsFault.Slow(random.nextInt(4) == 0 ? random.nextLong(1_000, 6_000)
                    : random.nextLong(1, 1_000));
            // Stale() answers an address no fake ever binds: every connection is refused.
            default -> new DnsFault.Stale();
        };
        return new ResolverFault(id, target, ttlMillis, answer);
    }

    private Fault network(RandomGenerator random, String id, String target) {
        double toxicity = random.nextBoolean() ? 1.0 : 0.3 + 0.7 * random.nextDouble();
        Stream stream = random.nextInt(5) == 0 ? Stream.UPSTREAM : Stream.DOWNSTREAM;
        return switch (random.nextInt(9)) {
            case 0 -> new ProxyDownFault(id, target);
            // timeout 0 is a blackhole: data is dropped and the connection held until the toxic goes.
            case 1 -> toxic(id, target, "timeout", stream, toxicity,
                    Map.of("timeout", random.nextBoolean() ? 0 : random.nextInt(10, 400)));
            case 2 -> toxic(id, target, "reset_peer", stream, toxicity, Map.of("timeout", random.nextInt(0, 200)));
            case 3 -> toxic(id, target, "latency", stream, toxicity,
                    Map.of("latency", random.nextInt(1, 80), "jitter", random.nextInt(0, 20)));
            case 4 -> toxic(id, target, "bandwidth", Stream.DOWNSTREAM, toxicity,
                    Map.of("rate", random.nextInt(256, 4096)));
            case 5 -> toxic(id, target, "slicer", Stream.DOWNSTREAM, toxicity, Map.of("average_size",
                    random.nextInt(1, 2048), "size_variation", 0, "delay", random.nextInt(0, 500)));
            case 6 -> toxic(id, target, "limit_data", Stream.DOWNSTREAM, toxicity,
                    Map.of("bytes", random.nextLong(1, 2 * chunk)));
            case 7 -> toxic(id, target, "corrupt", Stream.DOWNSTREAM, toxicity, Map.of("probability",
                    random.nextDouble(), "offset", random.nextLong(0, chunk), "length", random.nextInt(1, 64),
                    "seed", random.nextLong()));
            default -> toxic(id, target, "latency", Stream.UPSTREAM, toxicity,
                    Map.of("latency", random.nextInt(1, 700), "jitter", 0));
        };
    }

    private static ToxicFault toxic(String id, String target, String type, Stream stream, double toxicity,
                                    Map<String, Number> attributes) {
        return new ToxicFault(id, target, type, stream, toxicity, attributes);
    }

    private Fault http(RandomGenerator random, String id, String target) {
        return new HttpFault(id, target, scope(random), rule(random, id));
    }

    private FaultRule rule(RandomGenerator random, String id) {
        return switch (random.nextInt(16)) {
            case 0 -> FaultRule.Status.of(List.of(500, 502, 503, 504).get(random.nextInt(4)));
            case 1 -> FaultRule.Status.tooManyRequests(random.nextInt(0, 3));
            case 2 -> FaultRule.Status.unavailable(random.nextInt(0, 3));
            case 3 -> new FaultRule.CutShort(random.nextLong(0, chunk));
            case 4 -> FaultRule.CorruptBytes.at(random.nextLong(0, fileSize), random.nextLong(0, fileSize));
            case 5 -> new FaultRule.IgnoreRange();
            case 6 -> random.nextBoolean() ? FaultRule.WrongContentRange.shifted(random.nextLong(1, chunk))
                    : FaultRule.WrongContentRange.total(fileSize + random.nextLong(-chunk, chunk) | 1);
            case 7 -> new FaultRule.Gzip();
            case 8 -> new FaultRule.Endless(random.nextLong(chunk + 1, 4 * fileSize));
            case 9 -> new FaultRule.Dribble(random.nextInt(1024, 16384), random.nextInt(1, 20));
            case 10 -> new FaultRule.Stall(random.nextLong(0, chunk), 2_000);
            case 11 -> new FaultRule.SlowFirstByte(random.nextInt(50, 800));
            case 12 -> new FaultRule.SwapContent(GeneratedFile.of("swapped-" + id, fileSize, random.nextLong()));
            case 13 -> new FaultRule.CutShort(random.nextLong(0, 64));
            case 14 -> FaultRule.CorruptBytes.at(random.nextLong(0, chunk));
            default -> FaultRule.Status.of(random.nextBoolean() ? 500 : 503);
        };
    }

    private static Scope scope(RandomGenerator random) {
        return switch (random.nextInt(5)) {
            case 0 -> Scope.all().once();
            case 1 -> Scope.all().times(random.nextInt(1, 6));
            case 2 -> Scope.all().afterRequests(random.nextInt(1, 6));
            case 3 -> Scope.all().probability(0.2 + 0.6 * random.nextDouble(), 0);
            default -> Scope.all();
        };
    }
}
