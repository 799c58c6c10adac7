package io.outagedrill.fakes.http;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules acting on one response as one ordered list of steps, Toxiproxy style: each step is a
 * {@link FaultRule} (its attributes and its behaviour) with the {@link ActiveFault} it came from, so a wait
 * it causes ends when that fault is cleared.
 *
 * <p>Building the chain keeps the combination rules documented on {@link FaultRule}: of each kind only the
 * first rule added acts, joined with the later ones of its kind ({@link FaultRule#joinedWith}: corrupted
 * offsets add up). {@link Faults#chainFor} already leaves out the rules that would not act, so that only
 * those count and are reported; the merge here keeps a chain built from any list of faults right. Steps run
 * in {@link FaultRule.Phase} order, rules of one phase in the order they were added; the first answer ends
 * the run, so the first {@link FaultRule.Status} or {@link FaultRule.Redirect} answers.
 */
final class FaultChain {
    static final FaultChain NONE = new FaultChain(List.of());

    /** One rule acting on the response, and the installed fault that decides how long its waits last. */
    record Step(FaultRule rule, ActiveFault source) {
    }

    private final List<Step> steps;

    private FaultChain(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** @param acting the faults acting on one request, in the order they were added */
    static FaultChain of(List<ActiveFault> acting) {
        Map<Class<?>, Step> firstOfEachKind = new LinkedHashMap<>();
        for (ActiveFault fault : acting) {
            firstOfEachKind.merge(fault.rule().getClass(), new Step(fault.rule(), fault),
                    (first, later) -> new Step(first.rule().joinedWith(later.rule()), first.source()));
        }
        // A stable sort: rules of one phase keep the order they were added in.
        return new FaultChain(firstOfEachKind.values().stream()
                .sorted(Comparator.comparing(step -> step.rule().phase()))
                .toList());
    }

    List<Step> steps() {
        return steps;
    }

    /**
     * Runs the steps in order against a fresh response and returns it. Waits before the headers happen here,
     * on the calling thread; body stages only take effect when the body is written.
     */
    FaultedResponse run() throws IOException {
        FaultedResponse response = new FaultedResponse();
        for (Step step : steps) {
            if (response.answer().isPresent()) {
                break; // an answer replaces the whole response: nothing after it has anything to act on
            }
            step.rule().actOn(response, step.source());
        }
        return response;
    }
}
