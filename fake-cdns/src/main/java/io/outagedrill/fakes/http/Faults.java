package io.outagedrill.fakes.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The fault rules of one {@link FileServer}, consulted in the order they were added for every request.
 * Thread-safe: tests add and clear rules while downloads run; a request sees the rules as they were when it
 * arrived (a rule added later does not touch a response already under way, but clearing one releases the
 * responses it holds).
 */
public final class Faults {
    final Object lock = new Object();
    private final List<ActiveFault> rules = new ArrayList<>();
    private final List<Consumer<FaultEvent>> listeners = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    /**
     * Calls {@code listener} on the request's thread each time a rule acts on a request, after the decision
     * and before the response goes out. Keep it quick; an exception from it is the listener's problem and
     * is not allowed to change the response.
     */
    public void addListener(Consumer<FaultEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Applies {@code rule} to every request until cleared. */
    public ActiveFault add(FaultRule rule) {
        return add(rule, Scope.all());
    }

    public ActiveFault add(FaultRule rule, Scope scope) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(scope, "scope");
        synchronized (lock) {
            ActiveFault fault = new ActiveFault(this, nextId++, rule, scope);
            rules.add(fault);
            return fault;
        }
    }

    /** The installed rules in consultation order. */
    public List<ActiveFault> active() {
        synchronized (lock) {
            return List.copyOf(rules);
        }
    }

    /** Removes every rule and releases every held response. */
    public void clear() {
        List<ActiveFault> removed;
        synchronized (lock) {
            removed = List.copyOf(rules);
            rules.clear();
        }
        removed.forEach(ActiveFault::release);
    }

    void remove(ActiveFault fault) {
        synchronized (lock) {
            rules.remove(fault);
        }
        fault.release();
    }

    /** {@link #chainFor(String, ByteRange, String)} for a request from an unknown client. */
    FaultChain chainFor(String path, ByteRange span) {
        return chainFor(path, span, null);
    }

    /**
     * Decides which rules act on one request and chains them. Only a rule that will act is consulted to the
     * end (uses up its budget, counts in {@link ActiveFault#appliedCount()}, is reported to listeners):
     * <ul>
     *   <li>answers ({@link FaultRule.Phase#ANSWER}: a status or redirect) are consulted first, in order; the
     *       first that acts replaces the response, so no rule added after it is consulted, and of the rules
     *       added before it only those that act before an answer ({@link FaultRule.Phase#BEFORE_HEADERS});</li>
     *   <li>otherwise every rule is consulted in order, except that once a rule of a kind acts, the later ones
     *       of its kind are not consulted (they would change nothing), unless the kind
     *       {@linkplain FaultRule#joinsItsKind() joins}.</li>
     * </ul>
     * Each rule's draws and counters are its own, so consulting answers first changes no other rule's decision.
     *
     * @param span   the bytes the request asks for (the whole file when it has no Range), or null when
     *               unknown (no such file)
     * @param client the address the request came from, which rules scoped {@linkplain Scope#perClient per client}
     *               count by; null when unknown
     */
    FaultChain chainFor(String path, ByteRange span, String client) {
        return chainFor(path, span, client, false);
    }

    /**
     * {@link #chainFor} for an answer of the server's own with no file behind it (an edge's error, its origin having
     * failed): only the rules that act without a body are consulted, answers and the waits before the headers. The
     * others are left untouched, neither spent nor counted: a corruption with {@code times: 1} consulted here would
     * be used up on an error page it cannot change, and count as having acted.
     */
    FaultChain answerChainFor(String path, String client) {
        return chainFor(path, null, client, true);
    }

    private FaultChain chainFor(String path, ByteRange span, String client, boolean withoutBody) {
        List<ActiveFault> acting = new ArrayList<>();
        synchronized (lock) {
            ActiveFault answer = null;
            int consultBefore = rules.size();
            for (int i = 0; i < rules.size() && answer == null; i++) {
                ActiveFault fault = rules.get(i);
                if (fault.rule().phase() == FaultRule.Phase.ANSWER && fault.decide(path, span, client)) {
                    answer = fault;
                    consultBefore = i;
                }
            }
            Set<Class<?>> kindsActing = new HashSet<>();
            for (ActiveFault fault : rules.subList(0, consultBefore)) {
                FaultRule rule = fault.rule();
                if (rule.phase() == FaultRule.Phase.ANSWER) {
                    continue; // consulted above
                }
                if (withoutBody && rule.phase() != FaultRule.Phase.BEFORE_HEADERS) {
                    continue; // nothing of a file for it to act on
                }
                boolean replacedByAnswer = answer != null && rule.phase() != FaultRule.Phase.BEFORE_HEADERS;
                boolean shadowed = !rule.joinsItsKind() && kindsActing.contains(rule.getClass());
                if (replacedByAnswer || shadowed) {
                    fault.count(path, span, client); // not acting, but a matching request all the same (afterRequests)
                } else if (fault.decide(path, span, client)) {
                    acting.add(fault);
                    kindsActing.add(rule.getClass());
                }
            }
            if (answer != null) {
                acting.add(answer); // added after every other acting rule: the list stays in order of addition
            }
        }
        if (!listeners.isEmpty()) {
            for (ActiveFault fault : acting) {
                FaultEvent event = new FaultEvent(fault.id(), fault.rule(), path, span);
                for (Consumer<FaultEvent> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(Faults.class).warn("fault listener failed on {}",
                                event.describe(), e);
                    }
                }
            }
        }
        return acting.isEmpty() ? FaultChain.NONE : FaultChain.of(acting);
    }
}
