package io.outagedrill.harness.storm;

import java.util.List;

/**
 * One generated storm: which mirrors the client is given, which of them turns honest and when, the steps that
 * break and mend the world, and the client's own knobs. Everything derives from {@code seed}, so a schedule is
 * replayed by its seed alone.
 *
 * @param mirrors           how many of the world's providers the manifest lists (the first ones)
 * @param honest            index of the mirror whose faults are all cleared by {@code honestAfterMillis}
 * @param honestAfterMillis from this time on the honest mirror has no fault, until the try ends
 */
record StormSchedule(long seed, int mirrors, int honest, long honestAfterMillis, String policy, int connections,
                     List<StormStep> steps) {

    /** The same storm played by another policy (a run that tries one policy only, {@code -Dstorm.policy}). */
    StormSchedule withPolicy(String other) {
        return new StormSchedule(seed, mirrors, honest, honestAfterMillis, other, connections, steps);
    }

    String describe() {
        StringBuilder text = new StringBuilder("storm seed ").append(seed).append(": ").append(mirrors)
                .append(" mirror(s), honest m").append(honest).append(" from ").append(honestAfterMillis)
                .append(" ms, policy ").append(policy).append(", ").append(connections).append(" connection(s)\n");
        steps.forEach(step -> text.append("  ").append(step.describe()).append('\n'));
        return text.toString();
    }
}
