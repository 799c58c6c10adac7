package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP fault as the Varnish image's fault switch takes it ({@code outage-drill-varnish-fault RULE...}, VCL that
 * Varnish runs itself): {@code status:CODE:PERCENT} answers CODE from Varnish instead of the file, {@code
 * delay:MILLIS:PERCENT} holds the request before serving it. Only what VCL does exactly is accepted: a status
 * without {@code Retry-After} or a slow first byte, on every request or a share of them. Varnish draws the share
 * with its own unseeded random, so a run on real servers hits other requests than a run in-process with the same
 * seed (the same share of them).
 *
 * @param argument the fault switch's argument, e.g. {@code status:503:85}
 */
public record VarnishFaultRule(String argument) {

    /** The rule for {@code rule} on the requests {@code scope} picks; throws, saying why, when VCL cannot. */
    public static VarnishFaultRule of(FaultRule rule, Scope scope) {
        unsupported(rule, scope).ifPresent(reason -> {
            throw new FaultNotApplicableException(reason);
        });
        String percent = scope.probability() == null ? "100"
                : String.format(Locale.ROOT, "%.3f", scope.probability() * 100);
        return switch (rule) {
            case FaultRule.Status status -> new VarnishFaultRule("status:" + status.code() + ":" + percent);
            case FaultRule.SlowFirstByte slow -> new VarnishFaultRule("delay:" + slow.delayMillis() + ":" + percent);
            default -> throw new IllegalStateException("unsupported() let " + rule + " through");
        };
    }

    /** Why a Varnish edge cannot act out {@code rule} on {@code scope}; empty when it can. */
    public static Optional<String> unsupported(FaultRule rule, Scope scope) {
        boolean known = switch (rule) {
            case FaultRule.Status status -> status.retryAfterSeconds() == null;
            case FaultRule.SlowFirstByte slow -> true;
            default -> false;
        };
        if (!known) {
            return Optional.of("real servers take HTTP faults through a Varnish edge's fault switch, which makes "
                    + "status answers (without Retry-After) and slow first bytes only; this one only the fake file "
                    + "server makes");
        }
        if (scope.path() != null || scope.bytes() != null || scope.times() != null || scope.afterRequests() > 0
                || scope.perClient()) {
            return Optional.of("a Varnish edge's fault switch acts on every request or a share of them; a path, "
                    + "byte range, count, warm-up or per-client count in the scope is the fake file server's");
        }
        return Optional.empty();
    }
}
