package io.outagedrill.fakes.http;

import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The faults acting on one response, resolved from the matching rules: at most one of each kind (the
 * first added wins) and the union of corrupted offsets. Each part keeps its {@link ActiveFault} so a wait
 * it causes can be cut short when that rule is cleared.
 */
record FaultPlan(Part<FaultRule> answer,
                 Part<FaultRule.SlowFirstByte> slowFirstByte,
                 Part<FaultRule.SwapContent> swap,
                 Part<FaultRule.IgnoreRange> ignoreRange,
                 Part<FaultRule.WrongContentRange> wrongContentRange,
                 Part<FaultRule.Endless> endless,
                 long[] corruptOffsets,
                 Part<FaultRule.Gzip> gzip,
                 Part<FaultRule.Dribble> dribble,
                 Part<FaultRule.Stall> stall,
                 Part<FaultRule.CutShort> cutShort) {

    static final FaultPlan NONE = of(List.of());

    /** One acting rule, typed, with the fault it came from. */
    record Part<R extends FaultRule>(R rule, ActiveFault fault) {
    }

    static FaultPlan of(List<ActiveFault> acting) {
        TreeSet<Long> corrupt = new TreeSet<>();
        for (ActiveFault fault : acting) {
            if (fault.rule() instanceof FaultRule.CorruptBytes c) {
                corrupt.addAll(c.offsets());
            }
        }
        return new FaultPlan(
                first(acting, FaultRule.class, r -> r instanceof FaultRule.Status || r instanceof FaultRule.Redirect),
                first(acting, FaultRule.SlowFirstByte.class, r -> true),
                first(acting, FaultRule.SwapContent.class, r -> true),
                first(acting, FaultRule.IgnoreRange.class, r -> true),
                first(acting, FaultRule.WrongContentRange.class, r -> true),
                first(acting, FaultRule.Endless.class, r -> true),
                corrupt.stream().mapToLong(Long::longValue).toArray(),
                first(acting, FaultRule.Gzip.class, r -> true),
                first(acting, FaultRule.Dribble.class, r -> true),
                first(acting, FaultRule.Stall.class, r -> true),
                first(acting, FaultRule.CutShort.class, r -> true));
    }

    private static <R extends FaultRule> Part<R> first(List<ActiveFault> acting, Class<R> type,
                                                       Predicate<FaultRule> which) {
        for (ActiveFault fault : acting) {
            if (type.isInstance(fault.rule()) && which.test(fault.rule())) {
                return new Part<>(type.cast(fault.rule()), fault);
            }
        }
        return null;
    }
}
