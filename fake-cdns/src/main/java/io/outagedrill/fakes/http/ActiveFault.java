package io.outagedrill.fakes.http;

import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FaultRule} installed in a {@link Faults} registry: the handle a test keeps to see how often the
 * rule fired and to clear it. Clearing releases every response the rule is holding (slow first byte,
 * dribble, stall) at once.
 */
public final class ActiveFault {
    private final Faults owner;
    private final long id;
    private final FaultRule rule;
    private final Scope scope;
    private final PathGlob glob;
    private final CountDownLatch released = new CountDownLatch(1);

    // Guarded by the owner's lock: draws and budgets are decided one request at a time, in arrival order,
    // which is what makes a seeded probability replayable.
    private final Random random;
    private long matched;
    private long applied;
    /** With {@link Scope#perClient}: each client address's own counts, at {@link #MATCHED} and {@link #APPLIED}. */
    private final Map<String, long[]> perClient = new HashMap<>();
    private static final int MATCHED = 0;
    private static final int APPLIED = 1;

    ActiveFault(Faults owner, long id, FaultRule rule, Scope scope) {
        this.owner = owner;
        this.id = id;
        this.rule = rule;
        this.scope = scope;
        this.glob = scope.path() == null ? null : PathGlob.of(scope.path());
        this.random = new Random(scope.seed());
    }

    /** Registry-unique number, in order of addition. */
    public long id() {
        return id;
    }

    public FaultRule rule() {
        return rule;
    }

    public Scope scope() {
        return scope;
    }

    /** How many requests this rule has acted on so far. */
    public long appliedCount() {
        synchronized (owner.lock) {
            return applied;
        }
    }

    /** True once {@link #clear()} (or {@link Faults#clear()}) removed it. */
    public boolean isCleared() {
        return released.getCount() == 0;
    }

    /** Removes the rule and releases the responses it holds. Idempotent. */
    public void clear() {
        owner.remove(this);
    }

    /**
     * Called by the registry, under its lock, for each request from {@code client} (its address; null when unknown,
     * counted as one client); true when the rule acts on it.
     */
    boolean decide(String path, ByteRange span, String client) {
        if (!count(path, span, client)) {
            return false;
        }
        if (matchedBy(client) <= scope.afterRequests()) {
            return false;
        }
        if (scope.probability() != null && random.nextDouble() >= scope.probability()) {
            return false;
        }
        applied++;
        if (scope.perClient()) {
            tally(client)[APPLIED]++;
        }
        return true;
    }

    /**
     * Counts a request this rule matches (its path and bytes, while its budget lasts) toward {@code afterRequests},
     * without acting on it; true when it counted. {@link #decide} starts with this; the registry calls it alone
     * for a rule it does not consult (another of its kind acts, or an answer replaces the response), so that
     * {@code afterRequests} still counts the matching requests, as its scope promises, whoever acted on them.
     */
    boolean count(String path, ByteRange span, String client) {
        if (glob != null && !glob.matches(path)) {
            return false;
        }
        if (scope.bytes() != null && (span == null || !scope.bytes().overlaps(span))) {
            return false;
        }
        if (scope.times() != null && appliedBy(client) >= scope.times()) {
            return false;
        }
        matched++;
        if (scope.perClient()) {
            tally(client)[MATCHED]++;
        }
        return true;
    }

    private long matchedBy(String client) {
        return scope.perClient() ? tally(client)[MATCHED] : matched;
    }

    private long appliedBy(String client) {
        return scope.perClient() ? tally(client)[APPLIED] : applied;
    }

    private long[] tally(String client) {
        return perClient.computeIfAbsent(client == null ? "" : client, c -> new long[2]);
    }

    void release() {
        released.countDown();
    }

    /**
     * Waits up to {@code millis} unless the rule is cleared first.
     *
     * @return true if the rule was cleared (the wait ended early), false if the time ran out
     */
    boolean awaitRelease(long millis) throws InterruptedException {
        return released.await(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Holds the calling response up to {@code millis} unless the rule is cleared first: the wait a fault
     * causes (slow first byte, dribble, stall) always goes through here.
     *
     * @return true if the rule was cleared (the hold ended early), false if the time ran out
     */
    boolean holdUpTo(long millis) throws InterruptedIOException {
        try {
            return awaitRelease(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + this + " held a response");
        }
    }

    @Override
    public String toString() {
        return "ActiveFault#" + id + "[" + rule + " " + scope + "]";
    }
}
